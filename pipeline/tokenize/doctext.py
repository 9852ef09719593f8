"""The text of a Doc the project tokenizer made, without rebuilding it.

spaCy's ``Doc.text`` joins ``token.text_with_ws`` over a new Python Token for
every token: for the quantity rules, which need a paragraph's text, that was
about a fifth of their time. The tokenizer already had the text, so it records
it here, keyed by the Doc itself (weakly: the entry goes with the Doc). A Doc's
text never changes (retokenising merges and splits tokens, not characters), so
the recorded text stays right for as long as the Doc lives.
"""

from __future__ import annotations

import weakref

from spacy.tokens import Doc

_TEXTS: weakref.WeakKeyDictionary[Doc, str] = weakref.WeakKeyDictionary()


def remember_text(doc: Doc, text: str) -> None:
    _TEXTS[doc] = text


def doc_text(doc: Doc) -> str:
    """``doc.text``, from the record when the project tokenizer made ``doc``."""
    text = _TEXTS.get(doc)
    return doc.text if text is None else text
