from __future__ import annotations

import pytest
from typer.testing import CliRunner

from pipeline.annotations.records import Relation, Span, dump_records
from pipeline.annotations.validate import check_record, validate_paths
from pipeline.cli import app

runner = CliRunner()


def test_clean_records_pass(records, source_text):
    for r in records:
        assert check_record(r, source_text) == []


def _one(record, source=None) -> str:
    problems = check_record(record, source)
    assert len(problems) == 1, problems
    return problems[0]


# each case breaks one rule of the guide and names the message it must produce
def _span_text(r):
    r.spans[0].text = "年末资产"


def _span_offsets_outside(r):
    r.spans[4].end = len(r.text) + 3


def _empty_span(r):
    r.spans[0].end = r.spans[0].start


def _bad_label(r):
    r.spans[4].label = "AMOUNT"


def _overlap(r):
    r.spans.append(Span("s6", 10, 17, "INDICATOR", r.text[10:17]))


def _no_role(r):
    r.spans[1].role = None


def _bad_role(r):
    r.spans[1].role = "actual"


def _role_on_indicator(r):
    r.spans[0].role = "value"


def _dup_span_id(r):
    r.spans[2].id = "s1"
    r.relations = []


def _rel_label(r):
    r.relations[0].label = "HAS"


def _rel_from_missing(r):
    r.relations[0].from_id = "s9"


def _rel_to_missing(r):
    r.relations[0].to_id = "s9"


def _rel_from_indicator(r):
    r.relations[0] = Relation("s3", "s1")


def _rel_to_quantity(r):
    r.relations[0] = Relation("s2", "s4")


def _rel_twice(r):
    r.relations.append(Relation("s2", "s3"))


def _rel_duplicate(r):
    r.relations.append(Relation("s2", "s1"))


def _id_prefix(r):
    r.id = "other#p0001"


@pytest.mark.parametrize(
    ("breaker", "message"),
    [
        (_span_text, "!= text[start:end]"),
        (_span_offsets_outside, "offsets outside the text"),
        (_empty_span, "offsets outside the text (length 43) or empty"),
        (_bad_label, "unknown label 'AMOUNT'"),
        (_overlap, "spans overlap: s2 [6:15]"),
        (_no_role, "quantity has no role"),
        (_bad_role, "unknown role 'actual'"),
        (_role_on_indicator, "INDICATOR must have no role"),
        (_dup_span_id, "duplicate span id 's1'"),
        (_rel_label, "unknown relation label 'HAS'"),
        (_rel_from_missing, "'from' span 's9' is not in this record"),
        (_rel_to_missing, "'to' span 's9' is not in this record"),
        (_rel_from_indicator, "'from' must be a quantity"),
        (_rel_to_quantity, "'to' must be an INDICATOR, is MONEY"),
        (_rel_twice, "already MEASURES s1 (at most one per quantity)"),
        (_rel_duplicate, "duplicate relation"),
        (_id_prefix, "id does not start with meta.doc"),
    ],
)
def test_each_problem_is_caught(records, clone, breaker, message):
    r = clone(records[1])
    breaker(r)
    assert message in _one(r)


def test_source_checks(records, clone, source_text):
    r = clone(records[1])
    r.meta.offset += 1
    problems = check_record(r, source_text)
    assert any("text is not the source text at offset 7" in p for p in problems)
    assert any("source[offset+start:offset+end]" in p for p in problems)
    # text consistent, but the source differs at one span only
    src = source_text.replace("6.34 万元", "6.35 万元")
    assert "source[offset+start:offset+end] is '6.35 万元'" in check_record(records[1], src)[-1]


def test_duplicate_record_ids_and_missing_source_across_files(records, tmp_path, source_dir):
    a = dump_records(records, tmp_path / "a.jsonl")
    b = dump_records(records[1:2], tmp_path / "b.jsonl")
    report = validate_paths([a, b], source_dir)
    assert not report.ok
    assert [str(p).split("  ", 1)[1] for p in report.problems] == [
        f"t01_sample#p0001  duplicate record id (first at {a}:2)"
    ]
    report = validate_paths([a], tmp_path / "nowhere")
    assert len(report.problems) == 1 and "source file not found" in report.problems[0].message
    assert validate_paths([a], None).ok  # --no-source


def test_cli_ok(records, tmp_path, source_dir):
    path = dump_records(records, tmp_path / "gold.jsonl")
    result = runner.invoke(app, ["annotate", "validate", str(path), "--source", str(source_dir)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "OK: 4 records, 12 spans, 5 relations in 1 file"


def test_cli_lists_problems_and_fails(records, clone, tmp_path, source_dir):
    bad = clone(records)
    bad[1].spans[1].role = None
    bad[2].spans[2].label = "KPI"
    path = dump_records(bad, tmp_path / "gold.jsonl")
    with path.open("a", encoding="utf-8") as fh:
        fh.write("{broken\n")
    result = runner.invoke(
        app, ["annotate", "validate", str(tmp_path), "--source", str(source_dir)]
    )
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert f"{path}:2  t01_sample#p0001  span s2 [6:15] MONEY: quantity has no role" in lines[0]
    assert f"{path}:3  t01_sample#p0002  span s3 [12:28] KPI: unknown label 'KPI'" in lines[1]
    assert f"{path}:5  -  not JSON" in lines[2]
    assert lines[-1] == "3 problems: 4 records, 12 spans, 5 relations in 1 file"


def test_cli_missing_path(tmp_path):
    result = runner.invoke(app, ["annotate", "validate", str(tmp_path / "nope.jsonl")])
    assert result.exit_code == 2
    assert "no such file" in result.output


def test_pass_a_validates_against_the_sample(pass_a, sample_dir):
    if not pass_a:
        pytest.skip("annotations/work/passA not present")
    report = validate_paths(pass_a, sample_dir)
    # the pass is others' work in progress: the validator must run over it and
    # count every record; problems, if any, are theirs to fix
    assert report.records > 0 and report.files == len(pass_a)
