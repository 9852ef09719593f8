import json,sys
from pathlib import Path
sk=Path(__file__).resolve().parents[4]/"annotations/authored/work/skeleton_aa.jsonl"
i=0
for l in sk.read_text(encoding="utf-8").splitlines():
    r=json.loads(l)
    if r["meta"]["doc"]==sys.argv[1]:
        print(i, r["text"]); i+=1
