"""Review aid: list number+unit runs not inside any span, with context, for a human re-read."""
import json, re
from pathlib import Path
UNIT = "元人名个次场期份件项支家户套所张条枚分米亩吨座口台卷册处辆艘部栋株类种批组路起笔宗块位金银铜天小时%‰例顶斤公平立PB"
for p in sorted(Path(__file__).resolve().parent.parent.glob("aa_*.jsonl")):
    for l in p.read_text(encoding="utf-8").splitlines():
        r = json.loads(l); t = r["text"]
        cov = [False]*len(t)
        for s in r["spans"]:
            for i in range(s["start"], s["end"]): cov[i] = True
        for m in re.finditer(r"[0-9０-９一二三四五六七八九十两][0-9０-９lO,.，．\s]*(万|亿|千)?([" + UNIT + "])", t):
            if not cov[m.start()] and not cov[m.end()-1]:
                print(r["id"], repr(t[max(0,m.start()-10):m.end()+3]))
