"""Recognition: span boundaries and labels per docs/annotation-guide.md, and its exclusions."""

import itertools

import pytest

from pipeline.quantities import find_quantities


def spans(text: str) -> list[tuple[str, str]]:
    return [(q.label, q.text) for q in find_quantities(text)]


# --- families -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # money, guide examples
        ("年末总资产 169.57 万元，", [("MONEY", "169.57 万元")]),
        ("资助资金520 万元", [("MONEY", "520 万元")]),
        ("发放工作经费补贴383406元", [("MONEY", "383406元")]),
        ("按照每村40万元的标准", [("MONEY", "40万元")]),
        ("全年预算数1,297.59万元", [("MONEY", "1,297.59万元")]),
        ("安排资金三千二百万元", [("MONEY", "三千二百万元")]),
        ("总投资1.2亿元", [("MONEY", "1.2亿元")]),
        ("补助5千元", [("MONEY", "5千元")]),
        ("共计10余万元", [("MONEY", "10余万元")]),
        # counts, guide examples
        ("共发展党员190人。", [("COUNT", "190人")]),
        ("累计教育培训超 4.6 万人次；", [("COUNT", "4.6 万人次")]),
        ("动员13500余名党员干部", [("COUNT", "13500余名")]),
        ("最终得分 98 分，", [("COUNT", "98 分")]),
        ("参与服务企业达到80余家。", [("COUNT", "80余家")]),
        ("出版2500册", [("COUNT", "2500册")]),
        ("成功引进一百零五人", [("COUNT", "一百零五人")]),
        ("创建两个示范党支部", [("COUNT", "两个")]),
        ("设立三所学校", [("COUNT", "三所")]),
        ("开设10多种兴趣班", [("COUNT", "10多种")]),
        ("3批次 120人次", [("COUNT", "3批次"), ("COUNT", "120人次")]),
        # physical and archival units
        ("新建道路32.6公里", [("COUNT", "32.6公里")]),
        ("改造面积1200平方米", [("COUNT", "1200平方米")]),
        ("建成500㎡活动室", [("COUNT", "500㎡")]),
        ("流转土地300亩", [("COUNT", "300亩")]),
        ("清运垃圾45吨", [("COUNT", "45吨")]),
        ("新建桥梁3座、购置设备12台", [("COUNT", "3座"), ("COUNT", "12台")]),
        ("整理档案860卷", [("COUNT", "860卷")]),
        ("补贴机具1500台（套）", [("COUNT", "1500台（套）")]),
        ("免疫生猪38万头（只）", [("COUNT", "38万头（只）")]),
        (
            "购置船舶2艘、车辆5辆、机井3眼、路灯30盏、帐篷300顶、界桩23颗",
            [("COUNT", u) for u in ("2艘", "5辆", "3眼", "30盏", "300顶", "23颗")],
        ),
        (
            "投放鱼苗4000尾、鸡苗800羽，接入视频2,340路，安葬215具",
            [("COUNT", u) for u in ("4000尾", "800羽", "2,340路", "215具")],
        ),
        (
            "治理20hm²、5km²，蓄水3万m³，用电1200千瓦时、3.5兆瓦时、800kWh，扩容2PB",
            [
                ("COUNT", u)
                for u in ("20hm²", "5km²", "3万m³", "1200千瓦时", "3.5兆瓦时", "800kWh", "2PB")
            ],
        ),
        (
            "刊发37篇次，手术2.15万台次，检查845辆次，接待1,120团次",
            [("COUNT", u) for u in ("37篇次", "2.15万台次", "845辆次", "1,120团次")],
        ),
        # medal tallies are counts (R30)
        ("夺得3金2银1铜", [("COUNT", "3金"), ("COUNT", "2银"), ("COUNT", "1铜")]),
        # rates keep the denominator
        ("补助标准300元/年", [("MONEY", "300元/年")]),
        ("发生率0.06次/10万公顷", [("COUNT", "0.06次/10万公顷")]),
        ("600元/生·年", [("MONEY", "600元/生·年")]),
        ("抽检3.8批次/千人", [("COUNT", "3.8批次/千人")]),
        ("路网密度98.3公里/百平方公里", [("COUNT", "98.3公里/百平方公里")]),
        ("平均成本86.5万元/处", [("MONEY", "86.5万元/处")]),
        # a rate per ten thousand with no unit is a percent
        ("发病率≤15/10万得满分", [("PERCENT", "15/10万")]),
        # ranges are one span
        ("每组3-5人", [("COUNT", "3-5人")]),
        ("每村三至五个", [("COUNT", "三至五个")]),
        ("补助10万-20万元", [("MONEY", "10万-20万元")]),
        ("比例为80%-90%", [("PERCENT", "80%-90%")]),
        ("比例为80%～90%", [("PERCENT", "80%～90%")]),
        ("每组10至15人", [("COUNT", "10至15人")]),
        ("审批时限3-5个工作日", [("COUNT", "3-5个工作日")]),
        # approximate forms
        ("来了三五人", [("COUNT", "三五人")]),
        ("建成二三十个站点", [("COUNT", "二三十个")]),
        ("服务百余人、万余人次", [("COUNT", "百余人"), ("COUNT", "万余人次")]),
        ("建成几十个、数百个站点", [("COUNT", "几十个"), ("COUNT", "数百个")]),
        ("服务近百人，上千人参加", [("COUNT", "百人"), ("COUNT", "千人")]),
        # percents, per-mille, fractions
        ("占总资产的 3.74%，", [("PERCENT", "3.74%")]),
        ("覆盖率达到95%以上", [("PERCENT", "95%")]),
        ("完成率百分之九十", [("PERCENT", "百分之九十")]),
        ("火化率百分之百。", [("PERCENT", "百分之百")]),
        ("发生率5‰", [("PERCENT", "5‰")]),
        ("约占全市总数量的五分之一", [("PERCENT", "五分之一")]),
        ("完成三分之二", [("PERCENT", "三分之二")]),
        ("从10%提高至50%", [("PERCENT", "10%"), ("PERCENT", "50%")]),
        ("提高2个百分点", [("PERCENT", "2个百分点")]),
        ("办事环节压减一半以上", [("PERCENT", "一半")]),
        # zero with a unit is a span
        ("安全事故0人，结余0万元", [("COUNT", "0人"), ("MONEY", "0万元")]),
    ],
)
def test_families(text, expected):
    assert spans(text) == expected


def test_offsets_index_the_original_text():
    text = "年末总资产 169.57 万元，其中流动资产 6.34 万元，占总资产的 3.74%"
    qs = find_quantities(text)
    assert [(q.start, q.end) for q in qs] == [(6, 15), (23, 30), (37, 42)]
    assert all(text[q.start : q.end] == q.text for q in qs)


def test_full_width_digits_are_read_like_ascii():
    text = "共培训３００人次，完成率９８．５％"
    assert spans(text) == [("COUNT", "３００人次"), ("PERCENT", "９８．５％")]
    assert find_quantities(text)[1].norm.normalized == 98.5


def test_qualifier_words_stay_outside_the_span():
    assert spans("共约 200 人") == [("COUNT", "200 人")]
    assert spans("≥600人") == [("COUNT", "600人")]
    assert spans("近4000人左右") == [("COUNT", "4000人")]
    assert spans("达到800人以上") == [("COUNT", "800人")]


# --- exclusions -----------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        # years and dates
        "对2022 年整体支出情况实施评价",
        "2023年底前完成",
        "《2022—2026年规划》",
        "填报日期: 2023 年 5 月 15 日",
        # durations and ages
        "连续四年获评先进",
        "实施五年行动计划",
        "培训3个月",
        "休息10分钟",
        "连续5天开展",
        "为近三年最多",
        "年满60岁",
        # ordinals
        "获评第五届全国人才工作最佳创新案例奖",
        "入选第一批示范点",
        "第四批次",
        "学习贯彻党的二十大精神",
        "引入第三方评估",
        "考核第一名",
        "全省前10名",
        # document numbers, phones, headings
        "（石发〔2019〕8号）",
        "湘办发【2019】10号文件",
        "（惠湾财绩〔2023〕1 号）",
        "联系电话: 5562672",
        "服务热线：12345",
        "一是切实强化党的创新理论武装。二是巩固成果。",
        "（3）负责干部队伍建设",
        "1、绩效评价的原则",
        "3.1人才工作",
        "1\t徐光荣\t组织部",
        # 届, anniversaries
        "2022届毕业生",
        "成立101周年",
        # slogans and set phrases
        "强化“四个意识”，坚决做到两个维护",
        "落实三会一课制度",
        "《桥西区“十四五”期间人才发展规划》",
        "严格落实五个重用",
        "谋划实施了人才强区六大行动",
        "实现“三个100%”目标",
        "开展一对一帮扶",
        "推行一门式服务",
        "创建五星级党组织",
        "实施“一人一档”管理",
        "出台《数字经济人才十二条措施》",
        "发挥老干部在两个文明建设中的作用",
        # indefinite amounts and bare zero
        "首次拿出一批事业单位岗位",
        "等若干措施",
        "差异率为 0，",
        "年终一律清零",
        "为零",
        # words that contain a numeral and a unit character
        "一次性补助",
        "十分重要",
        "统一部署",
        "进一步提升",
        "同一个标准",
        "实施新一轮行动",
        "形成一支政治素质好的工作队伍",
        "对个人和家庭的补助",
        "一部分项目",
        # bare numbers without unit
        "资金总额：608.67",
        "630",
        "附件 3",
        # policy names (numbers inside names)
        "出台关心关爱干部二十条、激励关爱社区工作者十六项",
        # article-like 一 with a measure word (R19), framing periods (R16)
        "每季度开展一次抽查",
        "每月组织一次“示范岗”评选",
        "该中心是一所集培训、服务于一体的机构",
        "每延迟1个季度扣2",
        # page furniture, formula headers (R15), sport events, bare scale words
        "第 2 页 共 5 页",
        "完成率=实际完成数÷计划数×100%",
        "获女子800米冠军，男子61公斤级第三",
        "服务百姓，千家万户",
        "另一半",
    ],
)
def test_exclusions(text):
    assert spans(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("臭氧超标天数19天，", [("COUNT", "19天")]),
        ("基金累计结余可支付月数8.3个月。", [("COUNT", "8.3个月")]),
        ("可支付月数降至14.2个月", [("COUNT", "14.2个月")]),
        ("办理时限压缩至3个工作日", [("COUNT", "3个工作日")]),
        ("集中培训3个月", []),
        ("完成时间2023年12月", []),
        # R16: the value, target or change of a time indicator is a COUNT
        ("平均审结时间 | ≤38天 | 33天 | 6", [("COUNT", "38天"), ("COUNT", "33天")]),
        (
            "受理审核平均时长,≤4个工作日,2.2个工作日,6",
            [("COUNT", "4个工作日"), ("COUNT", "2.2个工作日")],
        ),
        ("设备使用年限\t≥15年\t15年\t8", [("COUNT", "15年"), ("COUNT", "15年")]),
        (
            "审批时限由40个工作日压缩至25个工作日",
            [("COUNT", "40个工作日"), ("COUNT", "25个工作日")],
        ),
        ("平均住院日6.9天，较上年缩短0.4天。", [("COUNT", "6.9天"), ("COUNT", "0.4天")]),
        ("决算在批复后15日内公开", [("COUNT", "15日")]),
        ("修复时间不超过24小时", [("COUNT", "24小时")]),
        ("≤20个工作日", [("COUNT", "20个工作日")]),  # a cell of its own
        ("不超过15天得4分", [("COUNT", "15天"), ("COUNT", "4分")]),
        # framing periods and steps are not (R16)
        ("连续5天", []),
        ("每多2天扣2分", [("COUNT", "2分")]),
        ("2022 年 9 月 12 日收到批复的时间", []),
        ("实施三年行动计划", []),
    ],
)
def test_measured_durations_only_as_a_time_indicators_value(text, expected):
    assert spans(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7.3所学校获评示范校", [("COUNT", "3所")]),
        ("14.8个村获评示范村", [("COUNT", "8个")]),
        # decimals stay decimals: a unit of measure, a score, a qualifier after
        ("12.5公里道路完工", [("COUNT", "12.5公里")]),
        ("2.5分扣除", [("COUNT", "2.5分")]),
        ("2.6人以上", [("COUNT", "2.6人")]),
        # not at the start of a line
        ("平均7.3所学校", [("COUNT", "7.3所")]),
    ],
)
def test_a_list_number_glued_to_a_count(text, expected):
    assert spans(text) == expected


def test_article_one_and_a_count_of_one():
    assert spans("办理次数由多次减少为一次，") == [("COUNT", "一次")]
    assert spans("殡仪馆一座，") == [("COUNT", "一座")]
    assert spans("开展一次检查") == []


def test_concentration_units():
    assert spans("PM2.5平均浓度29微克/立方米") == [("COUNT", "29微克/立方米")]
    assert spans("无一个乡镇出现风险") == []


def test_policy_name_rule_keeps_small_and_verb_led_counts():
    assert spans("治理中小河流三条、") == [("COUNT", "三条")]
    assert spans("制定二十条措施") == [("COUNT", "二十条")]


def test_follower_words_are_words():
    """个小时 and 二元结构 reject the unit; 6个小区 and 37.6万元结转 keep it."""
    assert spans("参与6个小区的改造") == [("COUNT", "6个")]
    assert spans("剩余资金25.3万元结转下年") == [("MONEY", "25.3万元")]
    assert spans("城乡二元结构") == []


def test_counts_next_to_excluded_material_survive():
    text = "2022年共统筹举办线下培训班15期，第3批学员120人"
    assert spans(text) == [("COUNT", "15期"), ("COUNT", "120人")]
    assert spans("储备一支1824人的后备力量") == [("COUNT", "1824人")]
    assert spans("挂牌设立12个人才服务驿站") == [("COUNT", "12个")]
    assert spans("九十分") == [("COUNT", "九十分")]


def test_spans_do_not_overlap_and_are_sorted():
    text = "3-5人、10%-20%、五分之一、169.57 万元、4.6 万人次、13500余名"
    qs = find_quantities(text)
    assert len(qs) == 6
    for a, b in itertools.pairwise(qs):
        assert a.end <= b.start


def _texts() -> list[str]:
    from pathlib import Path

    from pipeline.quantities.numerals import to_halfwidth

    root = Path(__file__).resolve().parents[2]
    files = sorted((root / "corpus" / "sample").glob("*.txt"))
    files += sorted((root / "annotations" / "authored" / "texts").glob("*.txt"))
    return [to_halfwidth(line) for f in files for line in f.read_text("utf-8").splitlines()]


def test_candidate_scan_equals_finditer():
    """The scan that tries the pattern only at possible first characters finds
    exactly what trying it everywhere finds (corpus, authored texts, odd strings)."""
    import random

    from pipeline.quantities.patterns import load_patterns
    from pipeline.quantities.recognize import candidates

    pats = load_patterns()
    texts = _texts()
    rng = random.Random(3)
    alphabet = "0123456789.,%‰ 一二两三十百千万亿分之第余多个人元万次名点-至~/（）年a١٣负成角几萬"
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30))) for _ in range(3000)]
    found = 0
    for text in texts:
        want = [(m.span(), m.groupdict()) for m in pats.candidate.finditer(text)]
        assert [(m.span(), m.groupdict()) for m in candidates(text, pats)] == want, text
        found += len(want)
    assert found > 1000
    # no character outside the start set begins a match
    for code in range(0x30000):
        c = chr(code)
        for tail in ("分之一", "0万元", "个", "%", "1%", "五成"):
            if not pats.starts.match(c + tail):
                assert pats.candidate.match(c + tail) is None, c
