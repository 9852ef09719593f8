"""Indicator names read from the words around a quantity (no tagger needed).

``cue_indicator`` looks at the text between the previous quantity (or the
clause start) and the quantity, and at the words right after it:

* the phrase before the quantity, less leading scope words, adverbs and generic
  verbs and trailing linking verbs (ANNOTATION_GUIDE "Boundaries");
* the counted noun right after a count (引进9名【全日制硕士人才】, 5个【村】入选…;
  guide "Quantity + noun");
* the last filled cell before the quantity in a pipe or tab row (the row label);
* the score name of a total score (D4);
* a back-reference: a share, a comparison or a role word (实际, 目标, 调整预算,
  得…) says that the quantity measures what the previous one measures.

The rules were written against the authored training set
(annotations/authored), not against the gold reports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.facts.roles import column_role
from pipeline.resources.vocabulary import (
    BUDGET_LINE_ENDING,
    BUDGET_LINE_NAME,
    CLAUSE_BREAKS,
    NUMBERING,
    SECTION_LABEL,
)

_LEAD = re.compile(
    r"^(?:[（(）)、，,|的]|其中|以及|并且|并|且|和|及|另外|此外|同时|全年(?!预算)|今年|本年度|"
    r"年度(?!资金|指标)|本部门|本单位|本项目|本部|本局|我部|我单位|我区|全区|全市|全县|全省|全镇|共计|"
    r"共有|共|累计|统筹|举办|开展|进行|实施(?=.)|组织|设置|完成了|完成(?![值率])|确定|新认定|认定|明确|计划(?!完成率|投资|数)|实现|"
    r"落实|项目区|涉及(?!金额|资金)|主要因|主要是|原因是|失分主要是|有|对|为|在(?![职编岗校园])|年末共|年中|"
    # R1: plans, time words and places that only say when or where
    r"力争|确保|争取|力求|下一步将?|预计|汛期|每(?:年|月|季度|周|天|日)(?=[^\W\d]{2})|年底|年内|当年|同期|上半年|下半年|"
    r"[一二三四]季度|上年度?(?!结转|结余|末)|(?:流域|辖区|区域|园区|县域|市域|城区)内|"
    r"已(?!经|有)|仍有|另有|(?:项目支出|基本支出)中|实际完成|实际达到?|"
    r"[一二三四五六七八九十]是|\d{1,2}\s*[.．、](?!\d)|[（(]\d{1,2}[)）]|"
    r"20\d\d\s*年度?|\d{1,2}\s*月份?|\s+)"
)
_TRAIL = re.compile(
    r"(?:(?<![行作认成因])为|是|达到了|达到|(?<![下到送表抵])达|超过|超|近|约|共有|共计|共|累计|"
    r"(?<![审总合统设会小估预核])计|≥|≤|>|<|不低于|不少于|不超过|"
    # a change after the name (臭氧浓度同比上升3.1%, …全年预算数比年初预算增加…):
    # the name is what changed
    r"(?:比|较)[^\W\d]{1,8}?(?:增加|减少|节约|下降|增长|提高|降低|上升)了?|"
    r"(?:同比|较上年)?(?:上升|下降|增长|减少|提高|降低|增加)了?|新增|"
    r"控制在|保持|维持在|压缩至|压减至|缩短至|延长至|分别为|(?<!按时|按期)完成|实得|(?<![获取])得|"
    r"大于|小于|均|分别|已|安排|的|了|"
    r"常年保持在|保持在|稳定在|提高到|提高至|提升至|提升到|降至|下降至|下降到|扩大到|增长到|增加到|"
    r"减少到|由(?:上年(?:的)?)?|不足|低于|高于|仅|年度目标|(?<!绩效)目标值?|指标值|完成值|"
    r"(?:每[^\W\d每]{1,3})+|[（(]|\s+)$"
)
# Words after which the named set begins (本局内设【科室】6个, …等【直属单位】三个).
_CUT_AFTER_WORD = re.compile(r".*(?:内设|下设|下属|下辖|另设|所属|等(?=[^\W\d]{2}))")
_SCORE_NAME = re.compile(r"(自评得分|绩效得分|最终得分|综合得分|评价得分|自评总分|得分|总分)$")
_INHERIT = re.compile(
    r"^(?:约占|均占|占|完成预算|其中占|比上年|同比|较上年|为(?:年度)?(?:计划|预算|目标)|"
    r"完成(?:年度)?(?:计划|目标)|"
    # R10: a change said of the figure before (比年初预算减少…, 与上年相比分别增长…)
    r"(?:比|较|与)[^\W\d]{0,8}?(?:相比)?(?:分别)?(?:增加|减少|节约|下降|增长|提高|降低|上升|压减|缩短)|"
    r"分别(?:增长|下降|增加|减少|提高|降低))"
)
# A phrase that only names a role or a comparison: the quantity measures what the
# previous quantity of the sentence measures (…，实际32.6%; …（50分）得48分).
_ROLE_ONLY = re.compile(
    r"^(?:实际完成值?|实际|完成值|指标值|年度指标值|目标值?|年度目标|年度计划|计划|调整后|目标实际完成值?|"
    r"(?:高于|低于|超过|未达到)[^\W\d]{0,3}|"
    r"(?:追加后)?调整为|追加后调整|高于|低于|超过|不足|未达到|提高到|提高至|提升至|提升到|降至|"
    r"下降至|扩大到|得|分别得|其中|满分|以上|以下|以内|左右|" + BUDGET_LINE_NAME + r")$"
)
# A clause with only a bare verb (and scope or time words) names nothing (R23).
_BARE_VERB = re.compile(
    r"(?:[^\W\d]{0,4}?(?:季度|年度|月份?|年底|年中|全年|当年))?"
    r"(?:完成|实现|达到|达|共计|累计|合计|共|计|有|拨付|支付|支出|下达|执行|到位|仅|约|近|超|"
    r"(?:同比)?(?:上升|下降|增长|减少|提高|降低|增加))?"
)
# Role words that still name a budget line when nothing precedes them
# (年初预算52,317.66万元，调整预算…).
_BUDGET_NAME = re.compile(rf"^{BUDGET_LINE_NAME}$")
_RIGHT_STOP = re.compile(
    rf"[的{CLAUSE_BREAKS}（(）)、\s|]|开展|参加|参与|发放|进行|安装|实现|获得|获评|荣获|入选|被|获|"
    r"完成|按照|及|和|与|上半年|下半年|全年|年底|年内"
)
# Words that cannot open a counted noun: qualifiers and adverbs (95%以上, 412名累计巡河).
_RIGHT_NOT_NOUN = re.compile(
    r"^(?:以上|以下|左右|以内|余|多|累计|共|均|已|全部|分别|同比|较|为|目标|计划|任务|组成|纳入)"
)
_CUT_AFTER = re.compile(r".*(?:的|在|向|对|给|将|把|、)")
_MAX_INDICATOR = 20
_PER_UNIT = re.compile(r"(?:每[^\W\d每]{1,3})+")
# 按照每场1,500元的【补助标准】: the standard named after the amount
_ACCORDING = re.compile(r"按照|按")
_STANDARD_AFTER = re.compile(r"^的([^\W\d]{0,8}标准)")
_SCOPE_END = re.compile(r"(?:全区|全市|全县|全省|全镇|各|对|向|为)\s*$")
_CELL_BREAK = re.compile(r"[|\t]")
_LABEL_MAX = 30


@dataclass(frozen=True, slots=True)
class Mention:
    """A name in the text, with offsets into the document text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Cue:
    """What the words around a quantity say it measures.

    ``mention``: the name read there (may be None); ``refers_back``: the words
    refer to the previous quantity's indicator, which wins when there is one.
    """

    mention: Mention | None
    refers_back: bool = False


def _strip(text: str, offset: int) -> tuple[str, int]:
    """Strip leading and trailing function words repeatedly; return the text and its start."""
    while True:
        m = _LEAD.match(text)
        if m and m.end() and m.end() < len(text):
            offset += m.end()
            text = text[m.end() :]
            continue
        m = _TRAIL.search(text)
        if m and m.start() > 0:
            text = text[: m.start()]
            continue
        return text, offset


def _mention(start: int, phrase: str) -> Mention | None:
    if len(phrase) >= 2 and not re.fullmatch(r"[\W\d]+", phrase):
        return Mention(start, start + len(phrase), phrase)
    return None


def is_role_word(name: str) -> bool:
    """A name that only says which figure of an indicator this is (实际, 调整预算)."""
    return bool(_ROLE_ONLY.match(name))


def is_budget_name(name: str) -> bool:
    return bool(_BUDGET_NAME.match(name))


_BUDGET_LINE = re.compile(rf"{BUDGET_LINE_ENDING}$")


def is_budget_line(name: str) -> bool:
    """A name that is itself a budget line (追加预算, 全年支出): a following
    budget word (全年预算…) names its own line rather than referring back."""
    return bool(_BUDGET_LINE.search(name))


def _row_label(text: str, lo: int, q_start: int) -> Mention | None:
    """The last filled cell before the quantity in a pipe or tab row."""
    window = text[lo:q_start]
    cut = [m.end() for m in _CELL_BREAK.finditer(window)]
    if not cut:
        return None
    if _names_its_row(text, lo, window[: cut[0]]):
        cut.insert(0, 0)  # a tab row's label has no break before it (a pipe row's has '|')
    ends = [*cut[1:], len(window)]
    for s, e in reversed(list(zip(cut, ends, strict=True))):
        cell = window[s:e]
        cell = _CELL_BREAK.sub("", cell)
        phrase, start = _strip(cell, lo + s)
        phrase = phrase.rstrip()
        found = _mention(start, phrase)
        if found is not None:
            return found
    return None


def _names_its_row(text: str, lo: int, first: str) -> bool:
    """Whether the text before a tab row's first break names the row: it opens
    the clause (no quantity before it) and is no column heading (完成值, 分值:
    the label of a row of figures laid out across)."""
    label = _CELL_BREAK.sub("", first).strip()
    opens = lo == 0 or text[lo - 1] in CLAUSE_BREAKS
    return opens and bool(label) and column_role(label) is None and not is_role_word(label)


def cue_indicator(text: str, lo: int, q_start: int, q_end: int, hi: int) -> Cue:
    """What the quantity at [q_start, q_end) measures, read from ``text[lo:hi]``."""
    window = text[lo:q_start]
    if _INHERIT.match(window.strip()):
        return Cue(None, refers_back=True)
    score = _SCORE_NAME.search(window.rstrip(" 为是：:"))
    if score:
        s = lo + score.start()
        return Cue(Mention(s, s + len(score.group(1)), score.group(1)))
    if _CELL_BREAK.search(window):
        return Cue(_row_label(text, lo, q_start))
    counted = _right_noun(text, q_end, hi)
    if counted is not None:  # 引进9名【全日制硕士人才】; 引领全区457个【基层党组织】开展…
        return Cue(counted)
    by = _ACCORDING.search(window)
    if by:
        std = _STANDARD_AFTER.match(text[q_end:hi])
        if std:
            s = q_end + std.start(1)
            return Cue(Mention(s, std.end(1) + q_end, std.group(1)))
        window = window[: by.start()]
    phrase, start = _strip(window, lo)
    phrase = phrase.rstrip()
    if _PER_UNIT.fullmatch(phrase):
        return Cue(None)
    if is_role_word(phrase):
        return Cue(_mention(start, phrase) if is_budget_name(phrase) else None, refers_back=True)
    if _BARE_VERB.fullmatch(phrase):  # R23: 完成2.4万亩 measures the previous clause's object
        return Cue(None, refers_back=True)
    m = _CUT_AFTER_WORD.match(phrase)
    if m and len(phrase) - m.end() >= 2:
        phrase, start = _strip(phrase[m.end() :], start + m.end())
    if len(phrase) > _MAX_INDICATOR:
        m = _CUT_AFTER.match(phrase)
        if m and len(phrase) - m.end() >= 2:
            start += m.end()
            phrase = phrase[m.end() :]
        if len(phrase) > _MAX_INDICATOR:
            start += len(phrase) - _MAX_INDICATOR
            phrase = phrase[-_MAX_INDICATOR:]
    return Cue(_mention(start, phrase))


def _right_noun(text: str, q_end: int, hi: int) -> Mention | None:
    """The counted noun right after a quantity, when it ends at a clause break,
    的 or a verb (not where it runs into the next quantity)."""
    right = text[q_end:hi]
    lead = len(right) - len(right.lstrip())
    right = right.lstrip()
    if _RIGHT_NOT_NOUN.match(right):
        return None
    stop = _RIGHT_STOP.search(right)
    if stop is None and hi < len(text) and text[hi] not in CLAUSE_BREAKS:
        return None  # runs into the next quantity: 由34种扩大到46种
    end = stop.start() if stop else len(right)
    if stop and stop.group() in "（(":  # 3个县（区）获评…: a bracketed part of the name
        close = re.match(r"[（(][^（()）]{1,4}[)）]", right[end:])
        if close:
            rest = right[end + close.end() :]
            more = _RIGHT_STOP.search(rest)
            end += close.end() + (more.start() if more else len(rest))
    noun = right[:end][:_MAX_INDICATOR]
    return _mention(q_end + lead, noun)


def label_before(text: str, clause_start: int) -> Mention | None:
    """The name before a colon that opens the clause: "（1）补贴面积核实准确率：指标值≥98%"."""
    if clause_start < 1 or text[clause_start - 1] not in "：:":
        return None
    s = clause_start - 1
    while s > 0 and text[s - 1] not in CLAUSE_BREAKS:
        s -= 1
    raw = text[s : clause_start - 1]
    m = NUMBERING.match(raw)
    skip = m.end() if m else 0
    name = raw[skip:].strip()
    if not name or len(name) > _LABEL_MAX or SECTION_LABEL.search(name):
        return None
    start = s + skip + (len(raw[skip:]) - len(raw[skip:].lstrip()))
    return _mention(start, name)
