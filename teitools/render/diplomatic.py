"""TEI body → bracketed plain text (encoding.md §10): the diplomatic view that gives the source back.

Works on any TEI; on files teitools converted it restores the source's square
brackets exactly (as far as white space and the case of bracket labels).
One block per ``p``, ``salute``, ``signed``, ``dateline``, ``seg``, ``byline``,
annotation ``note`` and speech; footnote texts follow the body as ``[n] text``.
"""

from __future__ import annotations

import re

from lxml import etree

from teitools.xml import TEI

BLOCKS = {"p", "salute", "signed", "dateline", "seg", "byline", "head", "ab", "l", "item", "speaker",
          "docDate", "trailer", "label"}


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


class DiplomaticText:
    def __init__(self) -> None:
        self.blocks: list[str] = []
        self.notes: list[str] = []

    def render_div(self, el: etree._Element) -> None:
        for child in el:
            name = _local(child)
            if not name:
                continue
            if name in ("opener", "closer", "postscript", "div", "body", "sp", "lg", "list", "floatingText"):
                if name == "sp":
                    self._speech(child)
                else:
                    self.render_div(child)
            elif name == "note":
                self._block_note(child)
            elif name in BLOCKS:
                self.blocks.append(self.inline(child))
            elif name == "gap":
                self.blocks.append(self.inline_node(child))
            elif name == "anchor":
                continue
            else:
                text = self.inline(child)
                if text.strip():
                    self.blocks.append(text)

    def _speech(self, sp: etree._Element) -> None:
        speaker = sp.find(f"{{{TEI}}}speaker")
        parts = [self.inline(speaker)] if speaker is not None else []
        for child in sp:
            if _local(child) != "speaker":
                parts.append(self.inline(child))
        self.blocks.append(" ".join(p for p in parts if p))

    def _block_note(self, note: etree._Element) -> None:
        kind, sub = note.get("type"), note.get("subtype")
        if kind == "footnote":
            self.notes.append(self._footnote_text(note))
            return
        if kind == "annotation" and sub == "handwritten":
            paras = [self.inline(p) for p in note if _local(p) == "p"] or [self.inline(note)]
            self.blocks.append("[handwritten: " + "\n\n".join(paras) + "]")
            return
        self.blocks.append(self.inline(note))

    def inline(self, el: etree._Element) -> str:
        out = [el.text or ""]
        for child in el:
            out.append(self.inline_node(child))
            out.append(child.tail or "")
        return "".join(out)

    def inline_node(self, el: etree._Element) -> str:
        name = _local(el)
        if not name:
            return ""
        if name == "supplied":
            return f"[{self.inline(el)}]"
        if name == "sic":
            return self._sic(el, None)
        if name == "choice":
            return self._choice(el)
        if name == "note":
            return self._inline_note(el)
        if name == "gap":
            return self._gap(el)
        if name == "unclear":
            return f"{self.inline(el)} [?]"
        if name == "add":
            if el.get("rend") == "marker":
                return "[handwritten]"
            return f"[handwritten: {self.inline(el)}]" if el.get("hand") else self.inline(el)
        if name == "stamp":
            label = el.find(f"{{{TEI}}}label")
            if label is not None:
                return f"[{self.inline(el)}]"
            return f"[stamp: {self.inline(el)}]"
        if name == "lb":
            return "\n"
        if name == "anchor" and el.get("n"):
            return f"[{el.get('n')}]"
        if name in ("del",):
            return ""
        return self.inline(el)

    def _sic(self, el: etree._Element, corr: str | None) -> str:
        rend = (el.get("rend") or "").split()
        word = "SIC" if "upper" in rend else "sic"
        mark = "!" if "excl" in rend else ""
        text = self.inline(el)
        space = "" if "nospace" in rend or not text else " "
        inner = f"{word}{mark}" + (f": {corr}" if corr is not None else "")
        nxt = el.getnext()
        if corr is None and nxt is not None and _local(nxt) == "note" and nxt.get("type") == "sic":
            inner += f", {self.inline(nxt)}"
        return f"{text}{space}[{inner}]"

    def _choice(self, el: etree._Element) -> str:
        kids = {_local(c): c for c in el}
        if "sic" in kids and "corr" in kids:
            if kids["corr"].get("resp") == "#encoder":
                return self.inline(kids["sic"])
            return self._sic(kids["sic"], self.inline(kids["corr"]))
        if "abbr" in kids and "expan" in kids:
            return f"{self.inline(kids['abbr'])} [{self.inline(kids['expan'])}]"
        for shown in ("orig", "sic", "abbr"):
            if shown in kids:
                return self.inline(kids[shown])
        return self.inline(el[0]) if len(el) else ""

    def _inline_note(self, el: etree._Element) -> str:
        kind = el.get("type")
        if kind in ("altName", "identification"):
            return f"[{self.inline(el)}]"
        if kind == "sic":
            return ""  # printed with its sic
        if kind == "footnote":
            self.notes.append(self._footnote_text(el))
            return f"[{el.get('n', '')}]"
        if kind in ("translator", "editorial"):
            return f"[{self.inline(el)}]"
        return f"[{self.inline(el)}]"

    def _footnote_text(self, note: etree._Element) -> str:
        space = "" if "glued" in (note.get("rend") or "").split() else " "
        return f"[{note.get('n', '')}]{space}" + self.inline(note).strip()

    def _gap(self, el: etree._Element) -> str:
        reason = el.get("reason")
        desc = el.find(f"{{{TEI}}}desc")
        if reason == "obfuscated" and desc is not None:
            m = re.search(r'shows "(.*)"', desc.text or "")
            return m.group(1) if m else "[...]"
        if desc is not None and desc.text:
            return f"[{desc.text}]"
        if reason == "illegible":
            q, unit = el.get("quantity"), el.get("unit")
            return f"[{q} {unit} illegible]" if q and unit else "[illegible]"
        if reason == "signature":
            return "[signature]"
        if reason == "excised":
            return "[excised]"
        rend = (el.get("rend") or "").split()
        if "ellipsis" in rend:
            return "[ …]" if "spaced" in rend else "[…]"
        if "dots" in rend or "spaced" in rend:
            return "[. . .]"
        return "[...]"


def diplomatic_blocks(tree: etree._ElementTree | etree._Element) -> list[str]:
    """The body's blocks in the diplomatic view, then the footnote texts."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    body = root.find(f".//{{{TEI}}}text/{{{TEI}}}body")
    view = DiplomaticText()
    if body is not None:
        view.render_div(body)
    return [b for b in view.blocks if b.strip()] + view.notes


def diplomatic_text(tree: etree._ElementTree | etree._Element) -> str:
    return "\n\n".join(diplomatic_blocks(tree)) + "\n"


def normalise(text: str) -> str:
    """For comparing with a source: white space folded, bracket labels without case or apostrophe form."""
    text = text.replace("’", "'").replace("\u00a0", " ")
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\[\s+", "[", text)
    text = re.sub(r"\s+\]", "]", text)
    return re.sub(r"\[[^\[\]]*\]", lambda m: m.group(0).lower(), text)
