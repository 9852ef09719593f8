"""ACHIEVEMENT spans from cue words (ANNOTATION_GUIDE "Labels", "Conventions", D10).

Three shapes:

* an honour after a conferring verb (获评, 荣获, 被评为, 入选, 被列为, 命名为,
  表彰为, 获): the quoted name when quotes follow (a scope word before the quotes
  stays out: 全省“【最美社工】”), else the words up to the clause end or 称号,
  accepted only when they read as an honour (奖, 先进, 示范, 文明 …);
* a ranking from its scope to the rank (考核【全省排名第二】, 考核【第一名】);
* a grade conferred by an assessment (年度考核获【优秀等次】, 考评“【优秀】”), not a
  self-evaluation grade (自评, 绩效等级为“优”).

Written against the authored training set (annotations/authored).
"""

from __future__ import annotations

import re

from pipeline.resources.vocabulary import PHRASE_BREAKS

_VERB = re.compile(
    rf"(?:被[^{PHRASE_BREAKS}]{{0,14}}?)?"
    r"(?:(?P<strong>评为|获评|荣获|荣膺|入选|被列为|命名为|表彰为|表扬为|授予)|列为|获得(?!感)|"
    r"获(?![批取悉益得奖金]))"
)
_SCOPE = re.compile(r"(?:全国|全省|全市|全区|全县|全州|省级|市级|县级|区级|国家级)?(?=[“\"「])")
_QUOTED = re.compile(r"[“\"「]([^”\"」]{2,40})[”\"」]")
_YEAR = re.compile(r"^(?:20\d\d\s*年度?|\d{4}-\d{4}\s*年度?)")
_LOCAL_SCOPE = re.compile(r"^(?:全区|全县|全镇)")  # D10: 获全区公务员集体嘉奖 → 公务员集体嘉奖
_GIVER = re.compile(r"^(?:国务院|[省市县区](?:人民)?政府|[省市县区]委|[^\W\d]{2,5}[局厅部])")
_GIVER_REST = 4
_HONOUR = re.compile(
    r"奖|称号|先进|示范|优秀|模范|标兵|文明|最美|最佳|典型|标杆|星级|嘉奖|激励|"
    r"金牌|银牌|铜牌|基地|案例|等次|集体|第[一二三四五六七八九十\d]+名"
)
_TITLE_WORD = re.compile(r"称号$")
_COUNT_IN = re.compile(
    r"(?<![第\d一二三四五六七八九十两])[\d一二三四五六七八九十两]+\s*[个家所项名人次户村]"
)
_MAX = 30
_MIN_UNQUOTED = 3  # 四、获得荣誉 is a heading, not an honour

_RANK = re.compile(
    r"(?:排名|排|位列|位居|名列)?(?:第[一二三四五六七八九十\d]{1,3}名?|前列|前茅|前[一二三四五六七八九十\d]{1,2}名)"
    rf"(?=$|[{PHRASE_BREAKS}、])"
)
_RANK_SCOPE = re.compile(r"(?:全国|全省|全市|全区|全县|全州|省内|市内)$")
_RANK_PLACE = re.compile(r"在([^\W\d在]{2,5}?[省市县区州])$")
_RANK_CONTEXT = re.compile(r"考核|考评|评比|测评|排名|排位|评价|评估|综合|位列|位居|名列")
_SELF = re.compile(r"自评|绩效等级|评价等级|自我评价")

_GRADE = re.compile(
    r"(?:考核|考评|评定|检查|验收)(?:结果)?(?:为|获|获得|被评为|评为|被确定为|确定为|定为)?"
    r"(?:(?P<g>“[^”]{1,4}”的?等次|(?:优秀|良好|先进|一等|A级?)等次)|“(?P<b>优秀|良好|先进|一等|A级?)”)"
)


def _clause_start(text: str, i: int) -> int:
    while i > 0 and text[i - 1] not in PHRASE_BREAKS:
        i -= 1
    return i


def _honour_after(text: str, at: int, strong: bool) -> tuple[int, int] | None:
    """The honour named from ``at`` (just after a conferring verb). After a
    designating verb (评为, 入选 …) the words need no honour word of their own."""
    scope = _SCOPE.match(text, at)
    if scope:
        q = _QUOTED.match(text, scope.end())
        if q:
            return q.start(1), q.end(1)
    end = at
    while (
        end < len(text) and text[end] not in PHRASE_BREAKS and text[end] != "、" and end - at < _MAX
    ):
        end += 1
    name = text[at:end]
    start = at
    for pattern in (_YEAR, _LOCAL_SCOPE):
        m = pattern.match(name)
        if m:
            start += m.end()
            name = name[m.end() :]
    giver = _GIVER.match(name)
    if giver and len(name) - giver.end() >= _GIVER_REST and _HONOUR.search(name[giver.end() :]):
        start += giver.end()
        name = name[giver.end() :]
    count = _COUNT_IN.search(name)  # 获评省级示范村3个: the count is not in the name
    if count:
        name = name[: count.start()]
    title = _TITLE_WORD.search(name)
    if title:
        name = name[: title.start()]
    name = name.rstrip()
    if len(name) < _MIN_UNQUOTED or re.search(r"[“”\"「」]", name):
        return None
    if not strong and not _HONOUR.search(name):
        return None
    return start, start + len(name)


def find_achievements(text: str) -> list[tuple[int, int]]:
    """(start, end) of the ACHIEVEMENT spans in one paragraph, in order, not overlapping."""
    found: list[tuple[int, int]] = []
    for m in _VERB.finditer(text):
        span = _honour_after(text, m.end(), m.group("strong") is not None)
        if span is not None:
            found.append(span)
    for m in _RANK.finditer(text):
        cs = _clause_start(text, m.start())
        before = text[cs : m.start()]
        if _SELF.search(before):
            continue
        start = m.start()
        scope = _RANK_SCOPE.search(before) or _RANK_PLACE.search(before)
        if scope:
            start = cs + scope.start(1 if scope.re is _RANK_PLACE else 0)
        elif not _RANK_CONTEXT.search(before + m.group()):
            continue
        found.append((start, m.end()))
    for m in _GRADE.finditer(text):
        cs = _clause_start(text, m.start())
        if _SELF.search(text[cs : m.start()]):
            continue
        g = "g" if m.group("g") else "b"
        found.append((m.start(g), m.end(g)))
    found.sort()
    out: list[tuple[int, int]] = []
    for s, e in found:
        if out and s < out[-1][1]:
            continue
        out.append((s, e))
    return out
