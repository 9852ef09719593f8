"""Build annotations/gold/ from the two independent passes (passA, passB).

Gold starts from pass A; every record where the passes disagree is settled
here by an explicit ruling (annotations/DECISIONS.md, D7–D12), taking the
other pass's version of that record or of those spans. Re-run to reproduce
the gold exactly: python annotations/work/adjudicate.py [OUT_DIR]

The guide's rulings R1–R34 came later and override D-rulings where they differ:
apply_rulings.py applies them last, as a list of recorded changes.
"""

from __future__ import annotations

import json
from pathlib import Path

from apply_rulings import apply_rulings

WORK = Path(__file__).resolve().parent
GOLD = WORK.parent / "gold"

# record id -> "B": take pass B's whole record (D8, D9, D10 and D7's 自评得分8分).
TAKE_B = {
    "001_d47c8fa28c385bab#p0010",  # D8 年末在职 keeps 年末 (guide: 【年末总资产】)
    "003_6048b5b0586a559f#p0028",  # D9 全年预算数 is a target
    "003_6048b5b0586a559f#p0046",  # D9
    "002_81d1fd1d098c38fa#p0122",  # D7 section score 自评得分8分 left unlinked
}


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def drop_per_indicator_score_labels(rec: dict) -> dict:
    """D7: in "该指标分值 N 分，自评得分 M 分" the words 指标分值 / 自评得分 are
    not indicators; the weight and score stay, unlinked in the record, and the
    fact assembler links them to the preceding numbered indicator heading."""
    text = rec["text"]
    drop = {
        s["id"]
        for s in rec["spans"]
        if s["label"] == "INDICATOR"
        and (
            s["text"] == "指标分值"
            or (s["text"] == "自评得分" and "该指标分值" in text[: s["start"]])
        )
    }
    if not drop:
        return rec
    rec["spans"] = [s for s in rec["spans"] if s["id"] not in drop]
    rec["relations"] = [r for r in rec["relations"] if r["to"] not in drop]
    return rec


def replace_span(rec: dict, old_text: str, new_text: str, start_shift: int = 0) -> None:
    for s in rec["spans"]:
        if s["text"] == old_text:
            s["start"] += start_shift
            s["text"] = new_text
            s["end"] = s["start"] + len(new_text)
            assert rec["text"][s["start"] : s["end"]] == new_text
            return
    raise KeyError(old_text)


def fix_0023(rec: dict) -> None:
    # D10: an honour drops a leading scope word outside quotes (全区公务员集体嘉奖 →
    # 公务员集体嘉奖, like the guide's 全省“最美老干部”); a conferred grade keeps its
    # head 等次 (guide: 【优秀等次】), so “好”的等次 stays whole (pass A).
    replace_span(rec, "全区公务员集体嘉奖", "公务员集体嘉奖", start_shift=2)


def fix_0109(rec: dict) -> None:
    # D11: 对17个社区安装… counts 社区 (the counted noun, pass B); 组织课题调研《…》1项
    # counts 课题调研 (shortest name; the title is not part of it, pass B);
    # 共60个点 counts the 各街道及村、社区 just named (pass A: 点 is a generic head).
    for old, new in (("社区安装可以交互的线上学习培训会议系统", "社区"),):
        replace_span(rec, old, new)
    replace_span(rec, "课题调研《创新基层“一核多元”党群服务管理新模式》", "课题调研")


FIXES = {
    "001_d47c8fa28c385bab#p0023": fix_0023,
    "002_81d1fd1d098c38fa#p0109": fix_0109,
}


def main(out_dir: Path = GOLD) -> None:
    out_dir.mkdir(exist_ok=True)
    for a_path in sorted((WORK / "passA").glob("*.jsonl")):
        a_recs = load(a_path)
        b_recs = {r["id"]: r for r in load(WORK / "passB" / a_path.name)}
        out = []
        for rec in a_recs:
            if rec["id"] in TAKE_B:
                rec = b_recs[rec["id"]]
            rec = drop_per_indicator_score_labels(rec)
            if rec["id"] in FIXES:
                FIXES[rec["id"]](rec)
            out.append(apply_rulings(rec))
        (out_dir / a_path.name).write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in out), encoding="utf-8"
        )
        print(a_path.name, len(out), "records")


if __name__ == "__main__":
    import sys

    main(Path(sys.argv[1]) if len(sys.argv) > 1 else GOLD)
