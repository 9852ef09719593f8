"""ACHIEVEMENT spans from cue words (ANNOTATION_GUIDE "Labels", R25–R30).

Five shapes:

* an honour after a conferring or designating verb (获评, 荣获, 被评为, 入选,
  列入, 认定为, 获批, 创成, 荣立 …): the words up to the clause end, 称号, a
  count (R30: an honour followed by its count is an INDICATOR) or a coordinated
  second honour (A和B); a prize without its contest (…技能竞赛【团体二等奖】);
  the leading year and quotes around the whole name out, inner quotes and a
  fused scope word (全区, 全省) in (R26); accepted when the words read as an
  honour (奖, 先进, 示范, 文明 …) or the verb designates (评为, 入选 …);
* honours listed without a verb (LAYOUTS ``honour_list``): a list item, or
  each item after a recipient's colon, that opens with a scope (全国, 省级,
  第三批 …) and ends with an honour's head word (先进集体, 示范区, 文明号 …);
* a ranking from its place scope to the rank, vague ranks and tiers included
  (【全省地市排名第四】, 【全省第一方阵】, 【各部门之首】); without a place
  scope the rank alone (R28);
* a record claim from its comparison scope (创【建市以来最好成绩】, 【历史新高】);
* a grade conferred by an assessment (年度考核【优秀等次】, 获评【A等】), not a
  self-evaluation grade (自评, 绩效等级为“优”: R29).
"""

from __future__ import annotations

import re

from pipeline.resources.vocabulary import PHRASE_BREAKS

_BREAKS = f"[{PHRASE_BREAKS}]"
_VERB = re.compile(
    rf"(?:被[^{PHRASE_BREAKS}]{{0,14}}?)?"
    r"(?:(?P<strong>评为|获评|荣获|荣膺|入选|被列为|命名为|表彰为|表扬为|认定为|确定为|"
    r"获批(?:建设)?|创成|荣立|被评(?![价估审议])|保留(?=[^，。；]{2,30}称号)|"
    r"记(?=(?:集体|个人)?[一二三]等功))|列为|列入|纳入|授予|获得(?!感)|夺得|"
    r"获(?![批取悉益得奖金评]))"
)
_LIST_VERBS = ("入选", "列入", "纳入")  # a list's name may hold 、
_SCOPE = re.compile(
    r"(?:国家级|国家|全国|中国|省级|全省|市级|全市|州级|全州|县级|全县|区级|全区|"
    r"第[一二三四五六七八九十\d]{1,2}批|首批)"
)
_QUOTED = re.compile(r"[“\"「]([^”\"」]{2,40})[”\"」]")
_YEAR = re.compile(r"^(?:(?:全国|全省|全市|全区|全县))?(?:20\d\d\s*(?:[-—]\s*20\d\d\s*)?年度?)")
_GIVER = re.compile(r"^(?:国务院|[省市县区](?:人民)?政府|[省市县区]委|[^\W\d]{2,5}[局厅部])")
_GIVER_REST = 4
_CONTEST = re.compile(
    r".*(?:竞赛|大赛|比赛|大比武|比武|锦标赛|联赛|冠军赛|擂台赛|评比|评选|汇演|展演|运动会|省运会|"
    r"艺术节|挑战杯)(?:中)?"
)
_HONOUR = re.compile(
    r"奖|称号|先进|示范|优秀|模范|标兵|文明|最美|最佳|典型|标杆|星级|嘉奖|激励|十佳|红旗|"
    r"金牌|银牌|铜牌|基地|案例|等次|集体|冠军|亚军|季军|等功|试点|名单|名录|先锋|文明号|"
    r"第[一二三四五六七八九十\d]+名"
)
# How a listed honour ends (国家森林城市, 全国青年文明号, 全省优秀河湖长 …).
_HEAD = re.compile(
    r"(?:集体|单位|个人|工作者|党组织|党支部|组织|示范[^\W\d]{0,4}|先进[^\W\d]{0,2}|文明号|文明岗|"
    r"城市|基地|试点[^\W\d]{0,2}|实验区|先行区|实验校|案例|名单|名录|窗口|模范|标兵|能手|楷模|人才|"
    r"红旗手|河湖长|奖章?|金奖|冠军|亚军|季军|称号|之乡|名县|林场|学校|校园|机构|项目|团队|"
    r"[县市区村乡镇站号岗点馆]|社区|中心|等次|工程)$"
)
_COUNT_AFTER = re.compile(r"^\s*[\d一二三四五六七八九十两]+\s*[个家所项名人次户村处件枚篇部支]")
_COUNT_AT_END = re.compile(r"\d+\s*[个家所项名人次户村处件]$")
_KEPT_BRACKET = re.compile(
    r"[（(](?:第[一二三四五六七八九十\d]+批|[市县区州、]+|社区|街道|乡镇|[一二三四五\d]星级)[)）]"
)
_TITLE_WORD = re.compile(r"称号$")
# Words after a quoted honour that are not part of its name (“十佳微党课”作品).
_REST_AFTER_QUOTE = re.compile(r"^(?:荣誉称号|称号|荣誉|作品)?[）)】\]\s]*$")
_VERBISH = re.compile(
    r"开展|完成|实现|达到|推进|建立|获|评|入选|通过|组织(?=[^\W\d])|举办|统计|列示|授予|排列|荣誉|实施|强化"
)
_MAX = 36
_MIN_UNQUOTED = 3  # 四、获得荣誉 is a heading, not an honour
_SELF = re.compile(r"自评|绩效等级|评价等级|自我评价|自评等级|本项目")

_RANK = re.compile(
    r"(?:排名|排|位列|位居|名列|列|居|进入|跃升至|上升至)?"
    r"(?P<rank>第[一二三四五六七八九十\d]{1,3}(?:名|位|档次?|方阵|梯队)?|前列|前茅|"
    r"前[一二三四五六七八九十\d]{1,2}(?:名|位)?|首位|之首)"
    rf"(?=$|{_BREAKS}|[、（(](?![一二三四五六七八九十\d]))"
)
_RANK_SCOPE = re.compile(
    r"(?:全国|全省|全市|全区|全县|全州|省内|市内|各[^\W\d]{1,3})[^\W\d，。；：]{0,4}?"
    r"(?:排名|排|位列|位居|名列|列|居)?$"
)
_RANK_PLACE = re.compile(r"在([^\W\d在]{2,5}?[省市县区州])(?:排名|排|位列|位居)?$")
_RANK_CONTEXT = re.compile(
    r"考核|考评|评比|测评|排名|排位|评价|评估|综合|位列|位居|名列|成绩|总分|名次|获|夺得|包揽"
)
_RECORD = re.compile(
    r"创(?:造|下)?(?P<r>[^，。；、\d]{0,14}?(?:以来|历史|历年|历届[^\W\d]{0,6}?)"
    r"(?:最好|最高|最佳|最优|新高)(?:成绩|名次|位次|水平|纪录)?)|"
    r"(?P<h>历史(?:最高|新高|最好)(?:水平|纪录)?)|打破(?P<b>[^，。；]{0,8}?纪录)"
)
_GRADE = re.compile(
    r"(?P<g>“[^”]{1,4}”的?等次|(?:优秀|良好|先进|一等|好)等次|[A-E]\+?等(?![奖次级])|A{3,5}级)"
)
_GRADE_CONTEXT = re.compile(
    r"考核|考评|评定|评价|评估|测评|评为|获评|检查|验收|^\s*20\d\d\s*年度?\s*[:：]"
)


def _clause_start(text: str, i: int) -> int:
    while i > 0 and text[i - 1] not in PHRASE_BREAKS:
        i -= 1
    return i


def _trim(name: str) -> str:
    """An honour's name without a bracket that only glosses it (（代表团）,
    （鹤汀市）); a batch, tier or place list in brackets stays."""
    m = re.search(r"[（(]", name)
    if m and not _KEPT_BRACKET.match(name, m.start()):
        name = name[: m.start()]
    return name.rstrip()


def _unquoted(name: str) -> tuple[int, int] | None:
    """(start, end) in ``name`` of an honour written in quotes: the quoted words
    when the quotes close the name (全省“最美老干部”); None when a head follows
    them (“四好农村路”全国示范县 keeps its inner quotes)."""
    q = _QUOTED.search(name)
    if q is None:
        return None
    rest = _REST_AFTER_QUOTE.sub("", _trim(name[q.end() :]).strip())
    return (q.start(1), q.end(1)) if not rest else None


def _parts(name: str) -> list[tuple[int, int]]:
    """(start, end) of each honour in ``name``: two honours joined by 和/及
    (示范单位和全省…先进单位), each without a contest before a prize."""
    cut = re.search(r"[和及](?=" + _SCOPE.pattern + r"|[^\W\d]{2,12}奖)", name)
    pieces = [(0, cut.start()), (cut.end(), len(name))] if cut else [(0, len(name))]
    out = []
    for s, e in pieces:
        m = _CONTEST.match(name, s, e)
        if m and e - m.end() >= 2 and _HONOUR.search(name, m.end(), e):
            s = m.end()
        e = s + len(_trim(name[s:e]))
        if e - s >= 2:
            out.append((s, e))
    return out


def _honour_after(text: str, at: int, strong: bool, list_verb: bool) -> list[tuple[int, int]]:
    """The honours named from ``at`` (just after a conferring verb)."""
    stops = PHRASE_BREAKS + ("" if list_verb else "、")
    end = at
    while end < len(text) and text[end] not in stops and end - at < _MAX:
        end += 1
    if _COUNT_AFTER.match(text, end) or _COUNT_AT_END.search(text, at, end):
        return []  # an honour with its count: an INDICATOR (R30)
    name, start = text[at:end], at
    m = _YEAR.match(name)
    if m:
        start, name = start + m.end(), name[m.end() :]
    quoted = _unquoted(name)
    if quoted is not None:
        return [(start + quoted[0], start + quoted[1])]
    giver = None if list_verb else _GIVER.match(name)  # R27: the list's owner stays
    if giver and len(name) - giver.end() >= _GIVER_REST and _HONOUR.search(name[giver.end() :]):
        start, name = start + giver.end(), name[giver.end() :]
    title = _TITLE_WORD.search(name)
    if title:
        name = name[: title.start()]
    found = []
    for s, e in _parts(name.rstrip()):
        piece = name[s:e]
        if len(piece) < _MIN_UNQUOTED or piece.count("“") != piece.count("”"):
            continue
        if strong or _HONOUR.search(piece):
            found.append((start + s, start + e))
    return found


def _verb_honours(text: str) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    for m in _VERB.finditer(text):
        list_verb = m.group().endswith(_LIST_VERBS)
        found.extend(_honour_after(text, m.end(), m.group("strong") is not None, list_verb))
    return found


def _listed(piece: str) -> bool:
    """A verbless list item that names an honour (全省殡葬改革先进县)."""
    core = _trim(piece)
    return (
        _MIN_UNQUOTED + 1 <= len(core) <= _MAX
        and bool(_SCOPE.match(core) or core.startswith("“"))
        and bool(_HEAD.search(core.replace("”", "")))
        and not _VERBISH.search(core)
        and not re.search(r"\d", _SCOPE.sub("", core))
    )


def _list_honours(text: str) -> list[tuple[int, int]]:
    """Honours listed without a verb: "1.全国青年文明号：窗口", "西坪区：A；B"."""
    found: list[tuple[int, int]] = []
    for seg in re.finditer(r"[^；;]+", text):
        s = seg.start()
        head = re.match(r"\s*(?:\d{1,2}\s*[.．、]\s*|[（(]\d{1,2}[)）]\s*)?", text[s:])
        s += head.end() if head else 0
        colon = re.search(r"[：:]", text[s : seg.end()])
        groups = (
            [(s, s + colon.start()), (s + colon.end(), seg.end())] if colon else [(s, seg.end())]
        )
        for a, b in groups:
            for item in re.finditer(r"[^，,、。]+", text[a:b]):
                piece = item.group().strip()
                lead = len(item.group()) - len(item.group().lstrip())
                if not _listed(piece) or _COUNT_AFTER.match(text, a + item.end()):
                    continue
                ps = a + item.start() + lead
                quoted = _unquoted(piece) or (0, len(_trim(piece)))
                found.append((ps + quoted[0], ps + quoted[1]))
    return found


def _rankings(text: str) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    for m in _RANK.finditer(text):
        cs = _clause_start(text, m.start())
        before = text[cs : m.start()]
        if _SELF.search(before):
            continue
        scope = _RANK_SCOPE.search(before) or _RANK_PLACE.search(before)
        if scope is not None:
            start = cs + scope.start(1 if scope.re is _RANK_PLACE else 0)
        elif m.group() != m.group("rank") or _RANK_CONTEXT.search(before):
            start = m.start("rank")
        else:
            continue
        found.append((start, m.end()))
    return found


def _records(text: str) -> list[tuple[int, int]]:
    out = []
    for m in _RECORD.finditer(text):
        g = next(k for k in ("r", "h", "b") if m.group(k))
        out.append((m.start(g), m.end(g)))
    return out


def _grades(text: str) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    for m in _GRADE.finditer(text):
        cs = _clause_start(text, m.start())
        line = text[text.rfind("\n", 0, m.start()) + 1 : m.start()]
        if _SELF.search(text[cs : m.start()]) or not _GRADE_CONTEXT.search(line):
            continue
        found.append((m.start("g"), m.end("g")))
    return found


def find_achievements(text: str) -> list[tuple[int, int]]:
    """(start, end) of the ACHIEVEMENT spans in one paragraph, in order, not overlapping."""
    found = sorted(
        [
            *_verb_honours(text),
            *_list_honours(text),
            *_rankings(text),
            *_records(text),
            *_grades(text),
        ]
    )
    out: list[tuple[int, int]] = []
    for s, e in found:
        if out and s < out[-1][1]:
            continue
        out.append((s, e))
    return out
