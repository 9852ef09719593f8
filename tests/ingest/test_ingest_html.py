import pytest

from pipeline.ingest import BinaryFileError, read_document

PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>不应出现</title>
<style>p {color: red}</style><script>var x = "脚本";</script></head>
<body>
<h1>部门整体支出绩效自评报告</h1>
<!-- a comment -->
<p>2023年度基本支出<b>335.72</b>万元，
其中人员经费301.29万元。</p>
<div>第一行<br>第二行</div>
<table>
  <caption>表1 预算执行</caption>
  <thead><tr><th>项目</th><th>年初预算数</th><th>决算数</th></tr></thead>
  <tbody>
    <tr><td>人员经费</td><td> 1340.04 </td><td>1550.67</td></tr>
    <tr><td><p>日常</p><p>公用经费</p></td><td>98.36</td><td></td></tr>
  </tbody>
</table>
<ul><li>Budget execution rate</li><li>performance   target</li></ul>
</body></html>
"""


def write(tmp_path, data: bytes, name: str = "r.html"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_blocks_become_lines_and_tables_rows(tmp_path, assert_offsets):
    doc = read_document(write(tmp_path, PAGE.encode("utf-8")))
    assert doc.format == "html"
    assert [p.text for p in doc.paragraphs] == [
        "部门整体支出绩效自评报告",
        # the source line break between two CJK characters is dropped, not a space
        "2023年度基本支出335.72万元，其中人员经费301.29万元。",
        "第一行",
        "第二行",
        "表1 预算执行",
        "项目\t年初预算数\t决算数",
        "人员经费\t1340.04\t1550.67",
        "日常公用经费\t98.36",
        "Budget execution rate",
        "performance target",
    ]
    [table] = doc.tables
    assert [[c.text for c in row] for row in table.rows] == [
        ["项目", "年初预算数", "决算数"],
        ["人员经费", "1340.04", "1550.67"],
        ["日常公用经费", "98.36", ""],
    ]
    assert "脚本" not in doc.text and "不应出现" not in doc.text and "comment" not in doc.text
    assert_offsets(doc)


def test_nested_table_stays_inside_its_cell(tmp_path, assert_offsets):
    html = (
        "<table><tr><td>外层</td><td><table><tr><td>内</td><td>层</td></tr></table></td></tr>"
        "<tr><td>第二行</td><td>2</td></tr></table>"
    )
    doc = read_document(write(tmp_path, html.encode()))
    [table] = doc.tables
    assert [[c.text for c in row] for row in table.rows] == [["外层", "内层"], ["第二行", "2"]]
    assert_offsets(doc)


@pytest.mark.parametrize("charset", ["gb2312", "gbk", "GB18030"])
def test_declared_gb_charset(tmp_path, charset):
    html = f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
    html += "</head><body><p>预算执行率100%</p></body></html>"
    doc = read_document(write(tmp_path, html.encode("gb18030"), "gb.htm"))
    assert doc.text == "预算执行率100%\n"
    assert doc.encoding == "gb18030"


def test_binary_named_html(tmp_path):
    with pytest.raises(BinaryFileError, match="bin.html"):
        read_document(write(tmp_path, b"\x00\x01\x02" * 100, "bin.html"))


def test_rowspan_and_colspan_keep_the_column_grid(tmp_path, assert_offsets):
    html = (
        "<table><tr><th>一级指标</th><th>三级指标</th><th>分值</th><th>得分</th></tr>"
        '<tr><td rowspan="2">产出指标</td><td>培训人次</td><td>10</td><td>10</td></tr>'
        "<tr><td>合格率</td><td>10</td><td>9</td></tr>"
        '<tr><td colspan="2">总分</td><td>20</td><td>19</td></tr>'
        '<tr><td colspan="x">坏</td><td>1</td></tr></table>'
    )
    doc = read_document(write(tmp_path, html.encode()))
    assert [[c.text for c in row] for row in doc.tables[0].rows] == [
        ["一级指标", "三级指标", "分值", "得分"],
        ["产出指标", "培训人次", "10", "10"],
        ["", "合格率", "10", "9"],  # under the rowspan
        ["总分", "", "20", "19"],  # the colspan's text at its left
        ["坏", "1", "", ""],  # a bad span reads as 1, as browsers do
    ]
    assert_offsets(doc)


def test_runs_of_no_break_spaces_stay_as_spaces(tmp_path, assert_offsets):
    # columns aligned with &nbsp; keep their gap (ordinary spaces collapse, as
    # in a browser); the text has plain spaces, as the .txt of the page
    page = "<p>上年结转&nbsp;&nbsp;&nbsp;&nbsp;25.00&nbsp;&nbsp;22.74</p><p>a   b</p>"
    doc = read_document(write(tmp_path, page.encode()))
    assert doc.text == "上年结转    25.00  22.74\na b\n"
    assert_offsets(doc)
