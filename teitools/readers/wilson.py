"""The Wilson Center Digital Archive page layouts (record-format.md §1–3, §4–6) → ``Parts``.

Each function here only cuts a record into its fields; ``assemble`` reads
the fields with the grammars. Layouts: the blank-line page and the page with
labelled metadata (one reader, both modes of line spacing), the old site
layout, the docslib copies of the PDF export (multi-line and one-line), and a
bare PDF text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from teitools.readers.dates import is_date_line
from teitools.readers.text import blank_line_mode, clean_lines, head_lines, split_blocks, squash

FUNDER = re.compile(r"^This document was made possible with support from (?:the\s+)?(?P<f>.+?)\.?$", re.IGNORECASE)
CHROME = {"skip to content", "search in", "digital archive international history declassified",
          "citation share download-", "citation", "get citation", "- share", "- download", "view document in",
          "share document", "• share document", "english html", "• citation"}
FACETS = {"author(s):", "associated people & organizations", "associated places", "associated topics",
          "subjects discussed", "related documents", "document information", "associated people and organizations",
          "original archive", "subjects", "themes"}
LABELS = ["original uploaded date", "type", "language", "record id", "original classification", "donors",
          "author(s)", "original language", "source", "rights", "credits", "contents", "summary", "citation"]
RIGHTS_START = re.compile(r"^(?:The History and Public Policy Program welcomes|To enquire about this document)")


@dataclass
class Parts:
    layout: str
    date_text: str | None = None
    title: str | None = None
    funders: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    summary: str | None = None
    citation: str | None = None
    rights: list[str] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)
    dropped: list[str] = field(default_factory=list)
    transcriptions: list[tuple[str, list[str]]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _low(text: str) -> str:
    return squash(text).lower()


@lru_cache(maxsize=4)
def page_blocks(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(clean lines, blocks) of a page: computed once for layout detection and reading."""
    lines = clean_lines(text)
    return tuple(lines), tuple(split_blocks(lines, blank_line_mode(lines)))


@lru_cache(maxsize=4)
def _head(text: str) -> tuple[list[str], list[str]]:
    """The first eight non-blank lines of a page, as written and folded (the first 200 characters of each:
    enough for every test made on them, and a transcription's first lines may be whole paragraphs)."""
    head = head_lines(text, 8)
    # folding the lines one by one costs more than reading them; where none has a word those tests look for
    # (most texts are not Digital Archive pages), the folded list is empty
    if not _PAGE_SIGNS.search("\n".join([ln[:200] for ln in head]).lower()):
        return head, []
    return head, [_low(ln[:200]) for ln in head]


_PAGE_SIGNS = re.compile("page:|declassified|citation")  # in each test of docslib_kind and is_old_site


def docslib_kind(text: str) -> str | None:
    """"docslib-viewer" or "docslib-pdf" from the first lines alone, else None."""
    head, low = _head(text)
    if any(h.startswith("total page:") for h in low) and any(h.startswith("file type:") for h in low):
        return "docslib-viewer"
    if low and low[0] == "digital archive international history declassified" and len(head) > 1 and \
            re.match(r"^\w+ \d{1,2}, \d{4} \S", head[1]):
        return "docslib-pdf"
    return None


def is_old_site(text: str) -> bool:
    low = _head(text)[1]
    if any(h.startswith("citation share download") for h in low):
        return True
    return "get citation" in low and any(_low(ln) == "english html" for ln in page_blocks(text)[0] if ln)


@lru_cache(maxsize=4)
def detect_layout(text: str) -> str:
    """The Digital Archive layout of a page ("generic" for none). The docslib and old-site checks read only the
    first lines, so the layouts registry can ask for them alone."""
    kind = docslib_kind(text)
    if kind:
        return kind
    if is_old_site(text):
        return "old-site"
    if _find_start(list(page_blocks(text)[1])) is not None:
        low = text.lower()
        if "document information" in low or "skip to content" in low or "welcomes reuse" in low or \
                "made possible with support" in low or "author(s):" in low:
            return "wilson-page"
        return "bare"
    return "generic"


def _find_start(blocks: list[str]) -> int | None:
    """First standalone date line followed by a title line (skips chrome and a leaked neighbour summary)."""
    for i, b in enumerate(blocks[:-1]):
        if "\n" not in b and is_date_line(b) and not is_date_line(blocks[i + 1]) and \
                _low(blocks[i + 1]) not in FACETS and len(blocks[i + 1]) < 400:
            return i
    return None


def read_wilson(text: str, layout: str = "wilson-page") -> Parts:
    blocks = list(page_blocks(text)[1])
    parts = Parts(layout)
    start = _find_start(blocks)
    if start is None:
        parts.warnings.append("no date line followed by a title: read as plain text")
        parts.body = [b for b in blocks if _low(b) not in CHROME]
        return parts
    for b in blocks[:start]:
        if _low(b) in CHROME:
            parts.dropped.append(f'"{squash(b)}"')
        else:
            parts.dropped.append("a leading paragraph before the record's date line (another record's summary)")
            parts.warnings.append("dropped a paragraph before the date line (a neighbouring record's summary)")
    parts.date_text, parts.title = blocks[start].strip(), squash(blocks[start + 1])
    i = start + 2
    while i < len(blocks) and FUNDER.match(squash(blocks[i])):
        parts.funders.extend(split_funders(FUNDER.match(squash(blocks[i])).group("f")))
        i += 1
    tail = next((k for k in range(i, len(blocks)) if _low(blocks[k]) in FACETS or
                 RIGHTS_START.match(blocks[k])), None)
    if tail is None:
        parts.body = blocks[i:]
        if layout != "bare":
            parts.warnings.append("record ends before its summary and citation (cut off?)")
        if blocks and _looks_cut(blocks[-1]):
            parts.warnings.append("record cut off in the text: its last word may be incomplete")
        return parts
    if tail > i:
        parts.summary = squash(blocks[tail - 1])
        parts.body = blocks[i: tail - 1]
    _read_trailer(blocks[tail:], parts)
    _trim_cut_field(blocks[-1], parts)
    return parts


def _looks_cut(block: str) -> bool:
    """A record saved from the web may stop at any byte: a last block without closing punctuation."""
    return not re.search(r"[.!?:;)\]”\"’'»]\s*$", block.strip())


def _trim_cut_field(last: str, parts: Parts) -> None:
    """Never keep half a word as a field value: drop the last word of a trailer field the record cuts."""
    low = _low(last)
    if _is_label(low) or low in FACETS or not _looks_cut(last) or squash(last) in parts.funders or \
            squash(last) in parts.labels.values():
        return
    text = squash(last)
    trimmed = text.rsplit(" ", 1)[0] if " " in text else ""
    for name in ("citation", "summary"):
        if getattr(parts, name) == text:
            setattr(parts, name, trimmed or None)
            parts.warnings.append(f"record cut off in its {name}: the last, possibly partial, word was dropped")
            return
    if parts.rights and parts.rights[-1] == text:
        parts.rights[-1] = trimmed
        if not trimmed:
            parts.rights.pop()
        parts.warnings.append("record cut off in the rights statement: the last, possibly partial, word was dropped")


def _read_trailer(blocks: list[str], parts: Parts) -> None:
    k = 0
    in_rights = False
    while k < len(blocks):
        b = blocks[k]
        low = _low(b)
        if RIGHTS_START.match(b) or (in_rights and not _is_label(low)):
            parts.rights.append(squash(b))
            in_rights = True
        elif low in ("rights",):
            in_rights = True
        elif low in FACETS or low == "source":
            if low in ("author(s):",) and k + 1 < len(blocks) and not _is_label(_low(blocks[k + 1])) \
                    and not _is_facet(blocks[k + 1]):
                parts.labels["author(s)"] = squash(blocks[k + 1])
                k += 1
            if low == "original archive":
                parts.dropped.append('"Original Archive" facet label (no citation text)')
            in_rights = False
        elif _is_label(low):
            label = low.rstrip(":")
            value = blocks[k + 1] if k + 1 < len(blocks) and not _is_label(_low(blocks[k + 1])) else None
            if value is not None and k + 1 == len(blocks) - 1 and parts.funders and \
                    squash(value) in parts.funders and label != "donors":
                value = None
            if value is not None:
                parts.labels[label] = squash(value)
                k += 1
            else:
                parts.dropped.append(f'empty "{squash(b)}" label')
            in_rights = False
        elif k == len(blocks) - 1 and parts.funders and squash(b) in parts.funders:
            parts.dropped.append("the funder's name repeated at the foot of the page")
        elif parts.citation is None and not parts.rights:
            parts.citation = squash(b)
        else:
            parts.dropped.append(f'unrecognised trailer text "{squash(b)[:60]}"')
        k += 1


def _is_label(low: str) -> bool:
    return low.rstrip(":") in LABELS


def _is_facet(text: str) -> bool:
    return _low(text) in FACETS


def split_funders(text: str) -> list[str]:
    """Split only on ';' or between separately listed funders, never inside a name."""
    out = []
    for chunk in re.split(r";\s*", text.strip().rstrip(".")):
        # "the A Foundation, the B Fund" lists two funders; a comma inside one name has no "the" after it
        out.extend(c.strip() for c in re.split(r",\s+(?:and\s+)?the\s+", chunk) if c.strip())
    return out


_QUOTED_CITATION = re.compile(
    r"[“\"](?P<title>.+?),?[”\"]\s*,?\s*(?P<date>[A-Z][a-z]+ \d{1,2}, \d{4}|\d{4}|[A-Z][a-z]+ \d{4}),\s*"
    r"History and Public Policy Program Digital Archive,\s*(?P<rest>.*)$", re.DOTALL)


def read_old_site(text: str) -> Parts:
    """The 2019–2022 layout: title only inside a quoted citation, body after ``English HTML``."""
    lines = [ln.strip() for ln in clean_lines(text) if ln.strip()]
    parts = Parts("old-site")
    body_at = next((k for k, ln in enumerate(lines) if _low(ln) == "english html"), len(lines))
    for k, ln in enumerate(lines[:body_at]):
        low = _low(ln)
        fm = FUNDER.match(ln)
        cm = _QUOTED_CITATION.search(ln)
        if fm:
            parts.funders.extend(split_funders(fm.group("f")))
        elif cm:
            summary = ln[: cm.start()].strip()
            parts.summary = summary or parts.summary
            parts.title, parts.date_text = cm.group("title").strip(), cm.group("date")
            parts.citation = re.sub(r"\s+-\s+Share$", "", cm.group("rest").strip())
        elif is_date_line(ln) and parts.date_text is None:
            parts.date_text = ln
        elif low in CHROME or low.startswith("• "):
            parts.dropped.append(f'"{ln}"')
        elif k == 0 and ln.isupper():
            parts.dropped.append("the upper-case title line (the title is read from the citation)")
        elif parts.summary is None and k > 0 and parts.title is None:
            parts.summary = ln
        else:
            parts.dropped.append(f'"{ln[:60]}"')
    rest = lines[body_at + 1:]
    orig_at = next((k for k, ln in enumerate(rest) if re.match(r"^[A-Z]+(?: \([A-Z]+\))? HTML$", ln)), None)
    parts.body = rest[:orig_at] if orig_at is not None else rest
    if orig_at is not None:
        lang = rest[orig_at].split()[0].lower()
        parts.transcriptions.append((lang, rest[orig_at + 1:]))
        parts.dropped.append(f'"{rest[orig_at]}" tab label')
    if body_at < len(lines):
        parts.dropped.append('"English HTML" tab label')
    return parts


LANG_CODES = {"russian": "ru", "chinese": "zh", "korean": "ko", "german": "de", "hungarian": "hu",
              "polish": "pl", "vietnamese": "vi", "english": "en", "french": "fr", "czech": "cs",
              "romanian": "ro", "bulgarian": "bg", "mongolian": "mn", "japanese": "ja", "spanish": "es",
              "portuguese": "pt", "italian": "it", "albanian": "sq", "serbian": "sr", "persian": "fa"}


def read_docslib(text: str) -> Parts:
    """docslib copies of the PDF export: the multi-line form and the one-line viewer form."""
    lines = [ln.strip() for ln in clean_lines(text) if ln.strip()]
    parts = Parts("docslib-pdf")
    viewer = any(_low(ln).startswith("total page:") for ln in lines[:6])
    if viewer:
        parts.layout = "docslib-viewer"
        k = next((i for i, ln in enumerate(lines) if "Citation:" in ln and "History and Public Policy" in ln), None)
        if k is None:
            parts.warnings.append("docslib viewer text without a Citation: marker")
            parts.body = lines[3:]
            return parts
        parts.dropped.append("docslib page title, page count and file type lines")
        flat = " ".join(lines[k:])
        head, _, tail = flat.partition("Citation:")
        found = list(re.finditer(r"[A-Z][a-z]+ \d{1,2}, \d{4}\s+", head.strip()))
        dm = re.match(r"(?P<date>[A-Z][a-z]+ \d{1,2}, \d{4})\s+(?P<title>.+)$", head.strip()[found[-1].start():]) \
            if found else None
        if dm:
            parts.date_text, parts.title = dm.group("date"), dm.group("title").strip()
        cm = _QUOTED_CITATION.match(tail.strip())
        rest = tail
        if cm:
            rest = cm.group("rest")
        markers = re.compile(r"\s(?P<m>Summary:|Credits:|Original Language:|Contents:)\s")
        pieces = markers.split(" " + rest + " ")
        parts.citation = pieces[0].strip()
        fields = dict(zip(pieces[1::2], (p.strip() for p in pieces[2::2]), strict=False))
        parts.summary = fields.get("Summary:")
        if fields.get("Credits:"):
            fm = FUNDER.match(fields["Credits:"])
            parts.funders = split_funders(fm.group("f")) if fm else [fields["Credits:"]]
        if fields.get("Original Language:"):
            parts.labels["original language"] = fields["Original Language:"]
        contents = fields.get("Contents:", "")
        cm2 = re.match(r"^(?P<tabs>(?:(?:English Translation|[A-Z][a-z]+ Transcription|Scan of Original "
                       r"Document|Original Document)\s*)+)", contents)
        if cm2:
            parts.dropped.append(f'"{cm2.group("tabs").strip()}" tab labels')
            contents = contents[cm2.end():]
        parts.body = [contents.strip()] if contents.strip() else []
        return parts
    i = 1
    dm = re.match(r"^(?P<date>[A-Z][a-z]+ \d{1,2}, \d{4})\s+(?P<title>.+)$", lines[1]) if len(lines) > 1 else None
    parts.dropped.append('"Digital Archive International History Declassified" header')
    if dm:
        parts.date_text, parts.title = dm.group("date"), dm.group("title").strip()
        i = 2
    body_start = None
    while i < len(lines):
        ln = lines[i]
        cm = _QUOTED_CITATION.match(ln)
        low = _low(ln).rstrip(":")
        if cm and parts.citation is None:
            parts.citation = cm.group("rest").strip()
        elif low in ("original language", "summary", "citation", "contents", "credits"):
            value = lines[i + 1] if i + 1 < len(lines) else ""
            if low == "original language" and value and not re.match(r"^(?:English Translation|Scan of)", value):
                parts.labels["original language"] = value
                i += 1
        elif re.match(r"^(?:English Translation|Scan of Original Document)", ln):
            tabs = re.match(r"^(?:(?:English Translation|Scan of Original Document|[A-Z][a-z]+ Transcription)"
                            r"\s*)+", ln)
            parts.dropped.append(f'"{tabs.group(0).strip()}" tab labels')
            remainder = ln[tabs.end():].strip()
            body_start = i + 1
            parts.body = ([remainder] if remainder else []) + lines[body_start:]
            break
        elif parts.summary is None and parts.citation is not None:
            parts.summary = ln
        i += 1
    return parts


def read_bare(text: str) -> Parts:
    """Date, title, body only (a PDF export turned into text), or any text at all."""
    parts = read_wilson(text, "bare")
    parts.layout = "bare" if parts.title else "generic"
    return parts

