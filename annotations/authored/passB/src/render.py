"""Review aid: print records with spans marked inline: [text|LABEL.role>link]."""
import json, sys
from pathlib import Path
AB = {"INDICATOR": "I", "MONEY": "M", "COUNT": "C", "PERCENT": "P", "ACHIEVEMENT": "A"}
for doc in sys.argv[1:]:
    for l in (Path(__file__).resolve().parent.parent / f"{doc}.jsonl").read_text(encoding="utf-8").splitlines():
        r = json.loads(l)
        if not r["spans"]: continue
        t = r["text"]; link = {x["from"]: x["to"] for x in r["relations"]}
        out = []; cur = 0
        for s in r["spans"]:
            out.append(t[cur:s["start"]])
            tag = AB[s["label"]] + ("." + s["role"][0] if "role" in s else "") + (">" + link[s["id"]] if s["id"] in link else "")
            out.append(f"[{s['text']}|{s['id']}:{tag}]"); cur = s["end"]
        out.append(t[cur:])
        print(r["id"].split("#")[1], "".join(out))
