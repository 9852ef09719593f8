"""Markup helpers for the authored training set.

A span is written inline as «TEXT§SPEC»:
  SPEC = I | I:key            INDICATOR (key is local to the line)
       | A                    ACHIEVEMENT
       | M:r | M:r>key        MONEY with role r (v value, t target, w weight, s score), optionally MEASURES -> key
       | C:r[>key] | P:r[>key]  COUNT / PERCENT
Every span and every link is an annotator decision written by hand in the dept_*.py files.
"""
import re

LAB = {"I": "INDICATOR", "A": "ACHIEVEMENT", "M": "MONEY", "C": "COUNT", "P": "PERCENT"}
ROLE = {"v": "value", "t": "target", "w": "weight", "s": "score"}
PAT = re.compile(r"«([^«»§]+)§([^»]*)»")


def parse_line(line):
    """Return plain text and a list of decisions (text, label, role, key, link, markup_start)."""
    out, decs, pos = [], [], 0
    plain_len = 0
    for m in PAT.finditer(line):
        seg = line[pos:m.start()]
        out.append(seg); plain_len += len(seg)
        txt, spec = m.group(1), m.group(2)
        lab = spec[0]
        role = key = link = None
        rest = spec[1:]
        if lab == "I":
            key = rest[1:] if rest.startswith(":") else None
        elif lab == "A":
            assert rest == "", spec
        else:
            assert rest.startswith(":"), spec
            role = ROLE[rest[1]]
            if ">" in rest:
                link = rest.split(">", 1)[1]
        decs.append(dict(text=txt, label=LAB[lab], role=role, key=key, link=link, mstart=plain_len))
        out.append(txt); plain_len += len(txt)
        pos = m.end()
    out.append(line[pos:])
    plain = "".join(out)
    assert "«" not in plain and "»" not in plain and "§" not in plain, line
    return plain, decs


# ---- tables -------------------------------------------------------------
def _unlink(cell):
    return re.sub(r">@", "", cell)


def table(style, header, rows, tabs=False):
    """style: 'flat' (one cell a line), 'tab' (tab-separated rows), 'pipe' (| a | b |).
    rows are lists of cells in markup; the row's indicator uses key '@', its quantities link with '>@'.
    In 'flat' style the links are dropped (relations stay inside one record)."""
    lines = []
    if style == "flat":
        pre = "\t" if tabs else ""
        for h in header:
            lines.append(pre + h)
        for r in rows:
            for c in r:
                lines.append(pre + _unlink(c))
            if tabs:
                lines.append("\t")
    elif style == "tab":
        lines.append("\t".join(header))
        for r in rows:
            lines.append("\t".join(r))
    elif style == "pipe":
        lines.append("| " + " | ".join(header) + " |")
        lines.append("|" + "|".join(["---"] * len(header)) + "|")
        for r in rows:
            lines.append("| " + " | ".join(c if c else " " for c in r) + " |")
    return lines
