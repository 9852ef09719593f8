"""A synthetic 绩效自评表 as rows of labelled text pieces.

Every cell is a list of ``Piece``s: plain text, or a span with its label, role
and the key of the row whose INDICATOR it MEASURES. The layouts
(``synth_layouts``) only join, split and disturb pieces, so the labels survive
any rendering by construction. Label choices follow docs/annotation-guide.md:
R11 (every 三级指标 cell is an INDICATOR; 一级 names only with points beside),
R13–R15 (funds rows are INDICATORs, budgets and spending are value, 执行率 is a
value), R17 (a unit in its own cell leaves the number bare), D3 (comparators
stay outside the span), R21 (自评得分 is a score).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace

from pipeline.annotations.catalogue import Indicator

MONEY_UNITS = ("元", "万元", "亿元", "千元")
PERCENT_UNITS = ("%", "‰", "％")


@dataclass(frozen=True, slots=True)
class Piece:
    text: str
    label: str | None = None  # a span label, or None for plain text
    role: str | None = None  # quantities only
    row: int | None = None  # the row whose name this measures, or names
    name: bool = False  # the row's INDICATOR (relations point here)
    unit_at: int | None = None  # quantities: where the unit starts in text

    def with_text(self, text: str, unit_at: int | None = None) -> Piece:
        return replace(self, text=text, unit_at=unit_at)


Cell = list[Piece]


@dataclass(slots=True)
class Row:
    kind: str  # title, info, header, funds, goal, indicator, total
    cells: list[Cell]
    # the source values of an indicator row, for the scored-list layout
    indicator: Indicator | None = None
    facts: dict[str, object] = field(default_factory=dict)


@dataclass(slots=True)
class Table:
    title: str
    rows: list[Row]
    units_in_cells: bool  # funds cells carry 万元 and points carry 分
    unit_column: bool  # indicator rows have a 计量单位 column (numbers bare)


def quantity_label(unit: str) -> str:
    if unit.startswith(MONEY_UNITS):
        return "MONEY"
    if unit in PERCENT_UNITS or unit == "个百分点":
        return "PERCENT"
    return "COUNT"


def plain(text: str) -> Cell:
    return [Piece(text)] if text else []


def quantity(number: str, unit: str, role: str, row: int | None) -> Piece:
    return Piece(number + unit, quantity_label(unit), role, row, False, len(number))


def fmt_number(value: float, decimals: int, rng: random.Random) -> str:
    text = f"{value:.{decimals}f}"
    if decimals == 0 and value >= 1000 and rng.random() < 0.3:
        text = f"{round(value):,}"
    return text


# --------------------------------------------------------------- the table


class TableBuilder:
    """Draws one self-evaluation table for a sector from its catalogue rows."""

    def __init__(self, rng: random.Random, indicators: list[Indicator], place: str, year: int):
        self.rng = rng
        self.indicators = indicators
        self.place = place
        self.year = year
        self.next_row = 0

    def key(self) -> int:
        self.next_row += 1
        return self.next_row

    # ---- choices

    def pick(self, count: int) -> list[Indicator]:
        """Indicators for the table, grouped as the framework orders them."""
        order = {
            name: i for i, name in enumerate(("产出指标", "成本指标", "效益指标", "满意度指标"))
        }
        by_level: dict[str, list[Indicator]] = {}
        for ind in self.indicators:
            by_level.setdefault(ind.level1, []).append(ind)
        want = {"产出指标": 0.5, "成本指标": 0.08, "效益指标": 0.3, "满意度指标": 0.12}
        chosen: list[Indicator] = []
        for level, share in want.items():
            pool = by_level.get(level, [])
            n = min(len(pool), max(1, round(count * share)))
            chosen += self.rng.sample(pool, n)
        level2_order = {
            name: i
            for i, name in enumerate(
                (
                    "数量指标",
                    "质量指标",
                    "时效指标",
                    "成本指标",
                    "经济效益",
                    "社会效益",
                    "生态效益",
                    "可持续影响",
                    "服务对象满意度",
                )
            )
        }
        return sorted(chosen, key=lambda r: (order[r.level1], level2_order[r.level2]))

    def project_name(self) -> str:
        suffixes = ("次数", "场次", "期数", "批次", "数量", "人数", "人次", "户数", "里程", "面积")
        for ind in self.rng.sample(self.indicators, len(self.indicators)):
            if ind.level2 == "数量指标":
                for s in suffixes:
                    if ind.name.endswith(s) and len(ind.name) > len(s) + 3:
                        stem = ind.name.removesuffix(s).removesuffix("参与").removesuffix("发放")
                        return stem + "项目"
        return "部门整体支出"

    def draw(self, ind: Indicator) -> float:
        lo, hi = ind.low, ind.high
        value = self.rng.uniform(lo, hi)
        return round(value, ind.decimals)

    # ---- rows

    def build(self, *, rows: int, units_in_cells: bool, unit_column: bool) -> Table:
        rng = self.rng
        project = self.project_name()
        title = f"{self.year}年度{project}绩效自评表"
        out: list[Row] = [Row("title", [plain(title)])]
        out.append(Row("info", [plain("项目名称"), plain(project)]))
        out.append(
            Row(
                "info",
                [
                    plain("主管部门"),
                    plain(f"{self.place}人民政府"),
                    plain("实施单位"),
                    plain(f"{self.place}{self.sector_office()}"),
                ],
            )
        )
        out += self.funds(units_in_cells)
        goal, done = rng.choice(GOALS)
        out.append(Row("goal", [plain("年度总体目标"), plain(goal), plain(done)]))
        head = ["一级指标", "二级指标", "三级指标"]
        head += ["计量单位"] if unit_column else []
        head += ["年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
        out.append(Row("header", [plain(h) for h in head]))
        chosen = self.pick(rows)
        weights = self.weights(chosen)
        total = self.funds_score
        seen_l1: set[str] = set()
        seen_l2: set[tuple[str, str]] = set()
        level_points = {}
        for ind, w in zip(chosen, weights, strict=True):
            level_points[ind.level1] = level_points.get(ind.level1, 0) + w
        merged = rng.random() < 0.6  # merged 一级/二级 cells: written once per group
        l1_points = rng.random() < 0.35  # 产出指标（50分）
        for ind, w in zip(chosen, weights, strict=True):
            row = self.indicator_row(ind, w, units_in_cells, unit_column)
            first_l1 = ind.level1 not in seen_l1
            first_l2 = (ind.level1, ind.level2) not in seen_l2
            seen_l1.add(ind.level1)
            seen_l2.add((ind.level1, ind.level2))
            if l1_points and first_l1:
                k = self.key()
                pts = f"{level_points[ind.level1]:g}"
                row.cells[0] = [
                    Piece(ind.level1, "INDICATOR", None, k, True),
                    Piece("（"),
                    quantity(pts, "分", "weight", k),
                    Piece("）"),
                ]
            elif merged and not first_l1:
                row.cells[0] = []
            if merged and not first_l2:
                row.cells[1] = []
            total += float(row.facts["score"])  # type: ignore[arg-type]
            out.append(row)
        k = self.key()
        out.append(
            Row(
                "total",
                [
                    [Piece("自评得分", "INDICATOR", None, k, True)],
                    [quantity(f"{total:.1f}".removesuffix(".0"), "分", "score", k)],
                    plain("自评等级"),
                    plain(grade(total)),
                ],
            )
        )
        return Table(title, out, units_in_cells, unit_column)

    def sector_office(self) -> str:
        return self.rng.choice(("业务股", "项目办", "中心", "事务所", "服务站"))

    def funds(self, units_in_cells: bool) -> list[Row]:
        rng = self.rng
        unit_note = "" if units_in_cells else "（万元）"
        head = [
            f"项目资金{unit_note}",
            "年初预算数",
            "全年预算数",
            "全年执行数",
            "分值",
            "执行率",
            "得分",
        ]
        rows = [Row("header", [plain(h) for h in head])]
        budget = round(rng.uniform(20, 2500), 2)
        carried = round(budget * rng.choice((0, 0, 0.05, 0.12)), 2)
        other = round(budget * rng.choice((0, 0, 0, 0.08)), 2)
        fiscal = round(budget - carried - other, 2)
        spent_share = rng.choice((1.0, 1.0, rng.uniform(0.85, 1.0)))
        first_share = rng.choice((1.0, 1.0, 0.9))  # 年初预算 below 全年预算 after top-ups
        parts = [
            ("年度资金总额", budget),
            ("财政拨款", fiscal),
            ("上年结转", carried),
            ("其他资金", other),
        ]
        rate = round(spent_share * 100, 2)
        self.funds_score = round(10 * spent_share, 2)
        for n, (name, amount) in enumerate(parts):
            k = self.key()
            first_year = round(amount * first_share, 2)
            spent = round(amount * spent_share, 2)
            label_cell: Cell = [Piece(name, "INDICATOR", None, k, True)]
            if n == 1:
                label_cell = [Piece("其中："), *label_cell]

            def money(v: float, k: int = k) -> Cell:
                num = f"{v:.2f}" if rng.random() < 0.7 else f"{v:g}"
                if units_in_cells:
                    return [quantity(num, "万元", "value", k)]
                return plain(num)

            cells = [label_cell, money(first_year), money(amount), money(spent)]
            if n == 0:
                weight = "10"
                score = f"{self.funds_score:g}"
                if units_in_cells:
                    cells += [
                        [quantity(weight, "分", "weight", k)],
                        [quantity(f"{rate:g}", "%", "value", k)],
                        [quantity(score, "分", "score", k)],
                    ]
                else:
                    cells += [plain(weight), [quantity(f"{rate:g}", "%", "value", k)], plain(score)]
            else:
                dash = rng.choice(("—", "-", ""))
                cells += [plain(dash), plain(dash), plain(dash)]
            rows.append(Row("funds", cells))
        return rows

    def weights(self, chosen: list[Indicator]) -> list[float]:
        budget = {"产出指标": 50.0, "成本指标": 10.0, "效益指标": 20.0, "满意度指标": 10.0}
        counts: dict[str, int] = {}
        for ind in chosen:
            counts[ind.level1] = counts.get(ind.level1, 0) + 1
        if "成本指标" not in counts:
            budget["产出指标"] += 10
        out = []
        for ind in chosen:
            share = budget[ind.level1] / counts[ind.level1]
            out.append(float(max(1, round(share))))
        return out

    def indicator_row(
        self, ind: Indicator, weight: float, units_in_cells: bool, unit_column: bool
    ) -> Row:
        rng = self.rng
        k = self.key()
        name_cell: Cell = [Piece(ind.name, "INDICATOR", None, k, True)]
        facts: dict[str, object] = {"weight": weight}
        met = rng.random() < 0.85
        if ind.qualitative:
            target_cell = plain(rng.choice(QUALITATIVE_TARGETS))
            actual_cell = plain(rng.choice(QUALITATIVE_ACTUALS))
            met = True
            facts.update(target=None, actual=None)
        else:
            unit = ind.unit
            number_unit = "" if unit_column else unit
            target = self.draw(ind)
            met = met or target == 0  # a zero target (事故 0起) is met or not: keep it met
            actual = self.actual(ind, target, met)
            t_num = fmt_number(target, ind.decimals, rng)
            a_num = fmt_number(actual, ind.decimals, rng)
            facts.update(target=(t_num, unit), actual=(a_num, unit))
            target_cell = self.target_cell(ind, t_num, number_unit, k)
            actual_cell = (
                [quantity(a_num, number_unit, "value", k)] if number_unit else plain(a_num)
            )
        score = weight if met else round(weight * rng.uniform(0.5, 0.95), 1)
        facts["score"] = score
        w_text, s_text = f"{weight:g}", f"{score:g}"
        if units_in_cells:
            w_cell: Cell = [quantity(w_text, "分", "weight", k)]
            s_cell: Cell = [quantity(s_text, "分", "score", k)]
        else:
            w_cell, s_cell = plain(w_text), plain(s_text)
        reason = plain("" if met else rng.choice(REASONS))
        if met and rng.random() < 0.3:
            reason = plain("无")
        cells = [plain(ind.level1), plain(ind.level2), name_cell]
        if unit_column:
            cells.append(plain(ind.unit))
        cells += [target_cell, actual_cell, w_cell, s_cell, reason]
        return Row("indicator", cells, ind, facts)

    def actual(self, ind: Indicator, target: float, met: bool) -> float:
        rng = self.rng
        step = 10**-ind.decimals
        if ind.value_style == "<=":
            factor = rng.uniform(0.6, 1.0) if met else rng.uniform(1.02, 1.2)
        elif ind.value_style == "=" or ind.value_style == "range":
            factor = 1.0 if met else rng.uniform(0.9, 0.99)
        else:
            factor = rng.uniform(1.0, 1.15) if met else rng.uniform(0.8, 0.98)
        value = target * factor
        if ind.unit in PERCENT_UNITS and ind.value_style != "<=":
            value = min(value, 100.0)
        return round(max(value, 0.0) // step * step, ind.decimals)

    def target_cell(self, ind: Indicator, num: str, unit: str, k: int) -> Cell:
        rng = self.rng
        style = ind.value_style
        if not unit:  # a 计量单位 column: the number is bare (R17)
            prefix = {">=": "≥", "<=": "≤"}.get(style, "")
            return plain(prefix + num)
        if style == "range":
            hi = fmt_number(min(ind.high, float(num) + rng.choice((5, 8, 10))), ind.decimals, rng)
            return [quantity(f"{num}-{hi}", unit, "target", k)]
        q = quantity(num, unit, "target", k)
        if style in (">=", "<="):
            if rng.random() < 0.8:
                sign = {">=": rng.choice(("≥", "≥", ">=")), "<=": rng.choice(("≤", "≤", "<="))}
                return [Piece(sign[style]), q]
            return [q, Piece({">=": "以上", "<=": rng.choice(("以内", "以下"))}[style])]
        return [Piece("="), q] if rng.random() < 0.3 else [q]


def grade(total: float) -> str:
    if total >= 90:
        return "优"
    if total >= 80:
        return "良"
    return "中" if total >= 60 else "差"


GOALS = (
    ("按计划完成年度各项任务，提升公共服务水平", "年度任务按期完成，服务水平稳步提升"),
    ("规范资金管理，确保项目按期实施并发挥效益", "资金管理规范，项目按期实施"),
    ("保障重点工作顺利开展，群众获得感持续增强", "重点工作有序推进，群众反映良好"),
    ("完善工作机制，推动各项政策落地见效", "工作机制进一步完善，政策落实到位"),
)
QUALITATIVE_TARGETS = ("健全", "有效提升", "持续改善", "达标", "逐步完善", "明显提高", "合规")
QUALITATIVE_ACTUALS = ("已健全", "有效提升", "持续改善", "已达标", "基本完善", "明显提高", "合规")
REASONS = (
    "受天气影响部分工程延期，下一步加快推进",
    "部分项目前期手续办理周期较长，将加强统筹",
    "个别乡镇进度滞后，已督促整改",
    "资金到位较晚，影响实施进度",
    "服务对象需求变化，计划数据偏高，将科学设定目标",
)
