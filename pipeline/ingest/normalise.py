"""Length-preserving character normalisation.

Reports mix full-width and half-width forms of the same thing ('１６９．５７万元'
vs '169.57万元'). Matchers want one form, but every span must still cite the
original text. So normalisation maps each character to exactly one character:
``len(normalise(t)) == len(t)`` and an offset into the normalised text is the
same offset into the original. (NFKC is not used: it can change lengths.)

Mapped:
- full-width ASCII variants U+FF01-U+FF5E -> their ASCII characters
  ('１'->'1', '．'->'.', '％'->'%', 'Ａ'->'A'), except the Chinese sentence
  punctuation ，：；（）！？ which the annotation gold and the tokenizer expect
  in full-width form (。 and 、 are outside this block and never change);
- U+3000 ideographic space and U+00A0 no-break space -> ' '.
"""

from __future__ import annotations

import re

# Full-width punctuation that keeps its Chinese form.
KEEP = frozenset("，：；（）！？")

_FULLWIDTH_OFFSET = 0xFEE0  # U+FF01 - U+0021


def _table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0xFF01, 0xFF5F):
        char = chr(code)
        if char not in KEEP:
            table[code] = chr(code - _FULLWIDTH_OFFSET)
    table[0x3000] = " "
    table[0x00A0] = " "
    return table


_TABLE = _table()
# Most text has none of the mapped characters (the kept Chinese punctuation is
# not among them): finding that out is far cheaper than str.translate, which
# looks up every character of the text in _TABLE.
_MAPPED = re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(_TABLE)) + "]")


def normalise(text: str) -> str:
    """Return ``text`` with the mapping above applied, one character for one.

    Offsets carry over unchanged: for any ``start <= end``,
    ``normalise(text)[start:end] == normalise(text[start:end])``, so a span found
    in the normalised text cites ``text[start:end]`` in the original.
    """
    if _MAPPED.search(text) is None:
        return text
    return text.translate(_TABLE)
