"""How many of a document's words a rendered view keeps: the measure behind the render tests."""

from __future__ import annotations

import re
from collections import Counter

from lxml import etree

from teitools.rendering.body import BLOCKS, CONTAINERS, HEADINGS, T, _local, called_notes, inline_in_context
from teitools.rendering.text import render_text

HIDDEN_IN = {"diplomatic": {"corr", "reg", "expan"}, "reading": {"sic", "orig", "abbr"}}
_WORD = re.compile(r"\w+")
SEPARATING = BLOCKS | CONTAINERS | HEADINGS | {"item", "cell", "row", "note", "list", "table", "space"}


def _unbracket(text: str) -> str:
    return re.sub(r"[\[\]⟨⟩⟦⟧]", "", text)


def _text_parts(el: etree._Element, hidden: set[str], skip: bool, parts: list[str], calls: set[str]) -> None:
    """The text nodes of ``el`` in order, a space where a block or a line ends. ``calls``: the ids of the notes a
    ref or ptr calls; such a ref's text is the note's call mark, which the measure leaves out with the notes'."""
    if not isinstance(el.tag, str):
        return
    name = _local(el)
    separating = name in SEPARATING and not inline_in_context(el)  # as the renderer lays it out
    if separating:
        parts.append(" ")
    parent = el.getparent()
    skip = skip or (name in hidden and parent is not None and _local(parent) == "choice" and len(parent) > 1) or \
        (name in ("ref", "ptr") and any(t.removeprefix("#") in calls for t in (el.get("target") or "").split()))
    # white space between the children of choice/subst/app is markup layout, not a word break
    layout_only = name in ("choice", "subst", "app")
    if not skip and el.text and not (layout_only and not el.text.strip()):
        parts.append(el.text)
    for child in el:
        _text_parts(child, hidden, skip, parts, calls)
        if not skip and child.tail and not (layout_only and not child.tail.strip()):
            parts.append(child.tail)
    nxt = el.getnext()
    side_by_side = inline_in_context(el) and nxt is not None and _local(nxt) == name  # the renderer spaces them
    # an app ends at its variant call: two apps written together are two places of variation, not one word
    if separating or side_by_side or name == "app" or (name == "lb" and el.get("break") != "no"):
        parts.append(" ")


def source_words(root: etree._Element, view: str) -> Counter:
    """Words of the TEI ``text``, leaving out the ``choice`` alternatives the view does not show."""
    out: Counter = Counter()
    calls = set(called_notes(root))
    for text in root.iter(f"{T}text"):
        parts: list[str] = []
        _text_parts(text, HIDDEN_IN[view], False, parts, calls)
        out.update(w.casefold() for w in _WORD.findall(_unbracket("".join(parts))))
    return out


def kept_words(tree: etree._ElementTree | etree._Element, view: str = "diplomatic") -> tuple[int, int]:
    """(words kept, words in the source) for the text rendering of ``view``."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    src = source_words(root, view)
    # the renderer's own signs (brackets, gap markers, note numbers) are neither words nor word breaks
    rendered = _unbracket(render_text(tree, view, apparatus=False))
    got = Counter(w.casefold() for w in _WORD.findall(rendered))
    total = sum(src.values())
    return sum(min(n, got[w]) for w, n in src.items()), total
