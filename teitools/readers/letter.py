"""The parts of a letter in a transcription, in the languages of the conventions (encoding.md §5).

Editions write a letter's framing parts as lines of one block or as blocks of their own, so the grammar reads
lines: the opener is the run of letterhead, dateline, inside address and salutation lines at the top; the closer
is the valediction, signature and closing dateline at the end, before postscripts, an address panel and the
footnote texts. Whatever a rule does not recognise stays a paragraph: a guess never removes the writer's words
from the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import islice

from teitools.conventions import Conventions
from teitools.readers.brackets import InlineContext, parse_inline
from teitools.readers.letterdates import DateReader
from teitools.readers.rules import RuleChain
from teitools.readers.text import join_open_brackets, squash
from teitools.record import (
    NO_CALLS,
    Block,
    Date,
    Deferred,
    Division,
    FootnoteRef,
    Inline,
    Letterhead,
    LineBreak,
    PageBreak,
    SourceMark,
    footnote_calls,
)

FOOTNOTE_TEXT = re.compile(r"^\[(?P<n>\d{1,3})\](?P<ws>\s*)(?=\S)")
PAGE_MARK = re.compile(r"^(?:\[[^\]\n]{1,14}\]|\|)$")
_BIRTH_NAME = ("geb.", "née", "nata", "nacida")  # "M. Spazier geb. Mayer": one name
_PARTICLES = {"von", "van", "de", "du", "des", "di", "da", "del", "della", "der", "den", "d'", "la", "le", "y", "e",
              "und", "and", "et", "zu", "vom", "ten", "ter", "dos", "das", "af", "of", *_BIRTH_NAME}
_DASH_THEN_TEXT = re.compile(r"\s[-–—]\s+\w")  # "My dearest mother - We have spent two": the text goes on
_SENTENCE = re.compile(r"[.;!?]\s+\S.{20,}")
_BRACKETED = re.compile(r"\[[^\]]*\]")
_NOT_IN_NAMES = re.compile(r"\d|[!?;:«»\"“”]")  # a digit or a sentence's punctuation: no signature
_ELIDED = re.compile(r"^[dl][’']\w")  # d'Alembert, l'Abbé
_KEYWORD_BRACKET = re.compile(r"^\[(?P<kw>[^:\]]+):")
_WHOLE_BRACKET = re.compile(r"\[[^\[\]]+(?:\[[^\[\]]*\][^\[\]]*)*\]")


@dataclass
class Grammar:
    """What the letter rules read with: the conventions, their date reader, the inline context."""

    conv: Conventions
    dates: DateReader
    ictx: InlineContext
    century_of: int | None = None  # a four-digit year of the record, for two-digit years
    deferred: bool = False  # a big record's: the paragraphs' content is made again when encoded (``Deferred``)
    _dates_found: dict = field(default_factory=dict, repr=False)  # line → date: the rules ask of a line often
    _quiet: InlineContext | None = field(default=None, repr=False)

    def quiet(self) -> InlineContext:
        """The inline context as it stands, for content made again (one copy while it stands so)."""
        q, now = self._quiet, self.ictx
        if q is None or q.ref_date is not now.ref_date or q.persons is not now.persons:
            q = self._quiet = now.quiet()
        return q

    def date_in(self, line: str) -> tuple[int, int, object] | None:
        if line not in self._dates_found:
            self._dates_found[line] = self.dates.find(line, century_of=self.century_of)
        return self._dates_found[line]


@dataclass
class LetterParts:
    division: Division
    signatures: list[str] = field(default_factory=list)
    footnotes: dict[str, Block] = field(default_factory=dict)
    datelines: list[str] = field(default_factory=list)
    addressees: list[str] = field(default_factory=list)
    salutes: list[str] = field(default_factory=list)


@dataclass
class Line:
    text: str
    g: Grammar
    at_end: bool = False  # in the closer: the last lines of the letter


opener_rules: RuleChain[Line, str] = RuleChain()
closer_rules: RuleChain[Line, str] = RuleChain()


def is_dateline(line: str, g: Grammar) -> bool:
    """A short line that holds a date, with at most a place and the language's little words around it."""
    if len(line) > 90:
        return False
    found = g.date_in(line)
    if not found:
        return False
    rest = (line[: found[0]] + " " + line[found[1]:]).strip(" ,.;:")
    return len(rest.split()) <= 6 and not _SENTENCE.search(rest)


def _salutation_before_dash(line: str, g: Grammar) -> tuple[str, str] | None:
    m = _DASH_THEN_TEXT.search(line)
    if m is None:
        return None
    head, tail = line[: m.start() + 2].rstrip(), line[m.start() + 2:].lstrip()
    return (head, tail) if len(head.split()) <= 6 and is_salutation(head, g) else None  # a few words of address


def _is_inside_address(blocks: list[str], k: int, g: Grammar) -> bool:
    """Block ``k`` is an inside address: one to four short lines that are no sentence, with the salutation (or
    a dateline and then the salutation) right after it."""
    lines = _lines(blocks[k])
    if not 1 <= len(lines) <= 4 or any(len(ln) > 60 or _SENTENCE.search(ln) or
                                       re.search(r"[^\W\d_]{5,}[.!?]$", ln) for ln in lines):
        return False
    if not lines[0][:1].isupper() and lines[0].split()[0].lower() not in g.conv.title_to:
        return False
    if any(re.search(r"\d", ln) and g.dates.names_a_month(ln) for ln in lines):
        return False  # "EdgeworthsTown June 11th. 16": a dateline, if one not read whole
    following = [_lines(b) for b in blocks[k + 1: k + 3]]
    for i, nxt in enumerate(following):
        if nxt and is_salutation(nxt[0], g):
            return True
        if not (i == 0 and nxt and (is_dateline(nxt[0], g) or split_dateline(nxt, g))):
            return False
    return False


def _is_dateline_block(block: str, g: Grammar) -> bool:
    """A block that is a dateline: one line, or two or three short lines together ("Edgeworths Town /
    March 14th. 1826")."""
    lines = _lines(block, 4)
    if len(lines) > 3:
        return False  # a dateline is at most three lines
    if len(lines) == 1:
        return is_dateline(lines[0], g)
    if lines[0].endswith((".", "!", "?", ";")):
        return False  # "Resto senza fine. / DVPMR. / Fabriano 14 Giugno 1720": a valediction before it
    return split_dateline(lines, g) == len(lines)


def split_dateline(lines: list[str], g: Grammar) -> int:
    """How many of the first lines (two or three) make one dateline together; 0 if none do."""
    for n in (2, 3):
        if len(lines) >= n and all(len(ln) <= 40 for ln in lines[:n]) and is_dateline(" ".join(lines[:n]), g):
            return n
    return 0


def is_salutation(line: str, g: Grammar) -> bool:
    """A short line that opens with a salutation's words and is not a sentence ("Euer Hochwohlgeboren haben mir
    die Ehre erwiesen." opens with them too)."""
    return len(line) <= 120 and g.conv.starts_with("salutations", line) and not _SENTENCE.search(line) and \
        not (line.rstrip().endswith(".") and len(line.split()) > 5) and not _DASH_THEN_TEXT.search(line)


def is_signature(line: str) -> bool:
    """A name on its own: one to six words, capitalised but for name particles, no digits, no sentence."""
    text = (_BRACKETED.sub("", line) if "[" in line else line).strip(" .,")
    words = text.split(None, 6)  # a seventh word is enough to know: a paragraph's last line is often long
    if not 1 <= len(words) <= 6 or _NOT_IN_NAMES.search(text):
        return False
    caps = [w for w in words if w[:1].isupper() or w.lower() in _PARTICLES or _ELIDED.match(w)]
    return len(caps) == len(words) and any(len(w.strip(".")) > 1 for w in words)


@opener_rules.rule("page")
def _o_page(ln: Line) -> str | None:
    if not PAGE_MARK.match(ln.text) or FOOTNOTE_TEXT.match(ln.text):
        return None
    return "milestone" if _is_page_mark(ln.text, ln.g.ictx) else None


def _is_page_mark(text: str, ictx: InlineContext) -> bool:
    return text == "|" or [type(n) for n in parse_inline(text, ictx)] == [PageBreak]


@opener_rules.rule("letterhead")
def _o_letterhead(ln: Line) -> str | None:
    m = _KEYWORD_BRACKET.match(ln.text)
    kw = ln.g.conv.bracket(m.group("kw")) if m else None
    return "letterhead" if kw and kw.kind == "letterhead" and ln.text.endswith("]") else None


@opener_rules.rule("printed-letterhead")
def _o_printed_letterhead(ln: Line) -> str | None:
    """``HOTEL SACHER``: a short line in capitals above the dateline, the head of the writing paper."""
    text = ln.text.strip()
    return "printed-letterhead" if 3 <= len(text) <= 40 and text.isupper() and "[" not in text and \
        not ln.g.date_in(text) and not is_salutation(text, ln.g) else None


@opener_rules.rule("dateline")
def _o_dateline(ln: Line) -> str | None:
    return "dateline" if is_dateline(ln.text, ln.g) else None


@opener_rules.rule("dateline-unread")
def _o_dateline_unread(ln: Line) -> str | None:
    """``EdgeworthsTown June 11th. 16``: a place and a date this reader cannot read whole (a two-digit year the
    record does not fix) is still the dateline; it gets no @when."""
    words = ln.text.split()
    return "dateline" if len(words) <= 5 and re.search(r"\d", words[-1] if words else "") and \
        ln.g.dates.names_a_month(ln.text) and not _SENTENCE.search(ln.text) else None


@opener_rules.rule("salutation")
def _o_salutation(ln: Line) -> str | None:
    return "salute" if is_salutation(ln.text, ln.g) else None


@opener_rules.rule("inside-address")
def _o_address(ln: Line) -> str | None:
    """``À Madame de Fallais``, ``To the Rev. Mr. Smith``, ``An Herrn …``: a short line naming the addressee."""
    words = ln.text.split()
    if not words or len(ln.text) > 100 or _SENTENCE.search(ln.text):
        return None
    first = words[0].lower().strip("'’")
    named = any(w[:1].isupper() for w in words[1:3])  # "To the Town Council", "À Madame de Fallais"
    return "addressee" if first in ln.g.conv.title_to and len(words) >= 2 and named else None


@opener_rules.rule("bracketed-line")
def _o_bracketed(ln: Line) -> str | None:
    """``[Envoyée à Genève]``: the editors' line about the letter, at its head."""
    if not _WHOLE_BRACKET.fullmatch(ln.text) or FOOTNOTE_TEXT.match(ln.text):
        return None
    # "[Envoyée à [Fallais]]": a statement about the letter holding a supplied word is the editors' note
    return "opener-note" if "[" in ln.text[1:-1] else "annotation-opener"


@closer_rules.rule("dateline")
def _c_dateline(ln: Line) -> str | None:
    return "dateline" if is_dateline(ln.text, ln.g) else None


@closer_rules.rule("valediction")
def _c_valediction(ln: Line) -> str | None:
    if len(ln.text) <= 160 and ln.g.conv.starts_with("valedictions", ln.text) and not _SENTENCE.search(ln.text):
        return "salute"
    return None


@closer_rules.rule("signature")
def _c_signature(ln: Line) -> str | None:
    return "signed" if is_signature(ln.text) else None


def _lines(block: str, most: int | None = None) -> list[str]:
    """The block's non-blank lines, stripped (the first ``most`` of them)."""
    if most is None:
        return [ln.strip() for ln in block.split("\n") if ln.strip()]
    return list(islice((s for ln in block.split("\n") if (s := ln.strip())), most))


def _last_line(block: str) -> str:
    """The block's last non-blank line, stripped ("" for none)."""
    for ln in reversed(block.split("\n")):
        if s := ln.strip():
            return s
    return ""


def read_letter(blocks: list[str], g: Grammar) -> LetterParts:
    """Classify the body's blocks (and the lines of its first and last blocks) and read their inline content."""
    blocks = _split_footnote_lines(join_open_brackets([b for b in blocks if b and not b.isspace()]), g.conv)
    notes_at = _footnote_start(blocks, g.conv)
    text_blocks, note_blocks = blocks[:notes_at], blocks[notes_at:]
    units: list[tuple[str, str]] = []  # (kind, text)
    k = 0
    # opener: lines at the top while each is an opener part
    while k < len(text_blocks):
        lines = _lines(text_blocks[k])
        taken = 0
        split = None
        while taken < len(lines):
            split = _salutation_before_dash(lines[taken], g)
            if split:  # "My dear Mrs. Miles - This day …": the salutation, then the text on the same line
                units.append(("salute", split[0]))
                text_blocks[k] = "\n".join([split[1], *lines[taken + 1:]])
                break
            found = opener_rules.first(Line(lines[taken], g))
            if found:
                units.append((found[1], lines[taken]))
                taken += 1
                continue
            joined = split_dateline(lines[taken:], g)  # "Würzburg den / 29ten Julie. / 1822"
            if not joined:
                break
            units.append(("dateline", "\n".join(lines[taken: taken + joined])))
            taken += joined
        if split:
            break
        if taken == 0 and _is_inside_address(text_blocks, k, g):
            units.append(("addressee", "\n".join(lines)))  # "Mr. John Murray / 50 Albemarle Street"
            k += 1
            continue
        if taken < len(lines):
            text_blocks[k] = "\n".join(lines[taken:]) if taken else text_blocks[k]
            break
        k += 1
    middle = text_blocks[k:]
    closer = _closer(middle, g)
    # a dateline standing alone between paragraphs closes a first part (a postscript follows)
    body_units = [("dateline" if _is_dateline_block(b, g) else "p", b) for b in middle[: len(middle) - closer.consumed]]
    if closer.rest:
        body_units.append(("p", closer.rest))
    units += body_units + closer.units
    parts = LetterParts(Division("letter"))
    in_text = False
    for kind, text in units:
        parts.division.blocks.append(_make_block(kind, text, g))
        in_text = in_text or kind == "p"
        if kind == "signed":
            parts.signatures.append(text)
        elif kind == "dateline":
            parts.datelines.append(text)
        elif kind == "addressee":
            parts.addressees.append(text)
        elif kind == "salute" and not in_text:
            parts.salutes.append(text)
    _footnotes(note_blocks, g, parts)
    return parts


@dataclass
class _Closer:
    units: list[tuple[str, str]]
    consumed: int  # whole blocks taken from the end
    rest: str | None = None  # the lines of a partly taken block that stay a paragraph


def _closer(blocks: list[str], g: Grammar) -> _Closer:
    """From the end: postscripts, an address panel, a closing dateline, the signature, the valediction."""
    if len(blocks) < 2:
        return _Closer([], 0)
    closing = _closing_sentence(blocks[-1], g)
    if closing is not None:
        return closing
    tail: list[tuple[str, str]] = []
    k = len(blocks)
    # what follows the signature: postscripts, datelines, the address on the outside
    after: list[tuple[str, str]] = []
    candidates = [j for j in range(len(blocks) - 1, max(0, len(blocks) - 6), -1)
                  if (last := _last_line(blocks[j])) and is_signature(last) and
                  not g.conv.starts_with("postscript", blocks[j])]
    # the signature after a valediction, else the last name line standing alone (not an address panel)
    signature_at = next((j for j in candidates if _after_valediction(blocks, j, g)), None)
    if signature_at is None:
        signature_at = next((j for j in candidates if len(_lines(blocks[j])) == 1), None)
    if signature_at is None:
        return _Closer([], 0)
    for j in range(signature_at + 1, len(blocks)):
        b = blocks[j]
        if g.conv.starts_with("postscript", b):
            after.append(("postscript", b))
        elif is_dateline(squash(b), g):
            after.append(("dateline", b))
        else:
            after.append(("annotation", b))
    k = signature_at + 1
    rest = None
    # backwards through the lines of the blocks up to the signature
    while k > 1:
        lines = _lines(blocks[k - 1])
        taken: list[tuple[str, str]] = []
        i = len(lines)
        while i > 0:
            line = lines[i - 1]
            found = closer_rules.first(Line(line, g, at_end=True))
            kind = found[1] if found else None
            if kind == "salute" and not tail and not taken and (split := _valediction_and_name(line, g)):
                taken[:0] = split  # "Dein Hugo", "Tuo G. Verdi": the valediction and the name on one line
                i -= 1
                continue
            if kind is None and taken and taken[0][0] == "signed" and len(line) <= 90 and \
                    not line.rstrip().endswith(".") and not _SENTENCE.search(line):
                kind = "salute"  # the line right before a signature, not a sentence: the valediction
            if kind is None or (kind == "signed" and any(t[0] == "salute" for t in taken)):
                break
            if kind == "signed" and taken and taken[0][0] not in ("signed", "dateline"):
                break
            taken.insert(0, (kind, line))
            i -= 1
        tail[:0] = taken
        if i > 0:
            if taken:
                rest = "\n".join(lines[:i])
                k -= 1
            break
        k -= 1
        if not any(t[0] == "signed" for t in tail):
            break
    if not any(t[0] == "signed" for t in tail):
        return _Closer([], 0)
    consumed = len(blocks) - k
    return _Closer(tail + after, consumed, rest)


# the signature is on one line: in "Your Obedt. Servant / Maria Edgeworth" it is the last line, not "Servant / …"
_SIGNED_AT_END = re.compile(r"^(?P<sal>.{3,200}?[.!,])\s+"
                            r"(?P<sig>[A-ZÀ-Þ][\w'’.-]*(?:[^\S\n]+[A-ZÀ-Þ][\w'’.-]*){0,3}\.?)$", re.DOTALL)


def _closing_sentence(block: str, g: Grammar) -> _Closer | None:
    """``Leben Sie wohl, Theurer, ich sehne mich nach Antwort. Henriette.``: the last paragraph is the valediction,
    ending in the signature."""
    text = block.strip()
    m = _SIGNED_AT_END.match(text) if "\n\n" not in text else None
    if m and re.search(r"(?:^|\s)[A-ZÀ-Þ]\.$", m.group("sal")):
        m = None  # "Tuo G. Verdi": an initial, not the end of the valediction
    if not m or not g.conv.starts_with("valedictions", text) or not is_signature(m.group("sig")):
        return None
    sal, sig = m.group("sal"), m.group("sig")
    born = _BORN_AS.search(sal)
    if born:  # "M. Spazier geb. Mayer": the name before a birth name belongs to the signature
        sal, sig = sal[: born.start()].rstrip(), sal[born.start():].lstrip() + text[m.end("sal"): m.start("sig")] + sig
        if not sal:
            return None
    return _Closer([("salute", sal), ("signed", sig)], 1)


_BORN_AS = re.compile(r"(?<=\s)(?:[A-ZÀ-Þ][\w'’.-]*\s+){1,3}(?:%s)$" % "|".join(map(re.escape, _BIRTH_NAME)))


def _valediction_and_name(line: str, g: Grammar) -> list[tuple[str, str]] | None:
    end = g.conv.phrase_end("valedictions", line)
    name = line[end:].strip() if end else ""
    if name[:1].isupper() and is_signature(name) and not g.conv.starts_with("valedictions", name):
        return [("salute", line[:end]), ("signed", name)]
    return None


def _after_valediction(blocks: list[str], j: int, g: Grammar) -> bool:
    lines = _lines(blocks[j])
    before = lines[-2] if len(lines) > 1 else (_lines(blocks[j - 1])[-1] if j > 0 and _lines(blocks[j - 1]) else "")
    return bool(before) and (g.conv.starts_with("valedictions", before) or
                             (len(before) <= 90 and not is_signature(before) and not before.rstrip().endswith(".")
                              and not _SENTENCE.search(before) and not FOOTNOTE_TEXT.match(before)))


_FOOTNOTE_AFTER_SPACE = re.compile(r"\s*" + FOOTNOTE_TEXT.pattern[1:])  # FOOTNOTE_TEXT after white space


def _split_footnote_lines(blocks: list[str], conv: Conventions) -> list[str]:
    """A block of several footnote texts, one per line (``[1] …\n[2] …``), is one block per note; a notes
    heading on the block's first line (``Notes:\n[1] …``) is a block of its own."""
    out: list[str] = []
    headings = {h.lower() for h in conv.letter["notes-heading"]}
    for b in blocks:
        nl = b.find("\n")  # the first line and what follows, without copying the block
        if nl >= 0 and _FOOTNOTE_AFTER_SPACE.match(b, nl + 1) and squash(b[:nl]).lower().rstrip(":") in headings:
            out.append(b[:nl])
            b = b[nl + 1:].lstrip()
        if FOOTNOTE_TEXT.match(b) and re.search(r"\n\[\d{1,3}\]\s", b):
            out.extend(p for p in re.split(r"\n(?=\[\d{1,3}\]\s)", b) if p.strip())
        else:
            out.append(b)
    return out


def _footnote_start(blocks: list[str], conv: Conventions) -> int:
    """Index of the first footnote text (or of the notes heading before it) in the run at the end."""
    k = len(blocks)
    start = k
    while k > 0:
        b = blocks[k - 1]
        if FOOTNOTE_TEXT.match(b):
            start = k - 1
        elif not (b[:1].islower() and start == k):
            break
        k -= 1
    if start > 0 and start < len(blocks) and squash(blocks[start - 1]).lower().rstrip(":") in \
            {h.lower() for h in conv.letter["notes-heading"]}:
        start -= 1
    return start


def _footnotes(blocks: list[str], g: Grammar, parts: LetterParts) -> None:
    if not blocks:
        return  # no footnote texts: no calls to look for
    last: Block | None = None
    calls = {n for b in parts.division.blocks for n in footnote_calls(b)}
    for text in blocks:
        fm = FOOTNOTE_TEXT.match(text)
        if fm:
            last = Block("footnote", parse_inline(_squash(text[fm.end():]), g.ictx), text, n=fm.group("n"),
                         glued=not fm.group("ws"))
            if fm.group("n") in calls:
                parts.footnotes.setdefault(fm.group("n"), last)
            parts.division.blocks.append(last)
        elif last is not None:
            last.content.extend([" ", *parse_inline(_squash(text), g.ictx)])
            last.source += "\n\n" + text
        else:
            parts.division.blocks.append(Block("annotation", parse_inline(_squash(text), g.ictx), text,
                                               subtype="notes-heading"))


def _squash(text: str) -> str:
    if "\n\n" not in text:
        return squash(text)
    return "\n\n".join(squash(p) for p in text.split("\n\n"))


def _make_block(kind: str, text: str, g: Grammar) -> Block:
    if kind == "opener-note":
        return Block("annotation", parse_inline(text.strip()[1:-1], g.ictx), text, mark=SourceMark("[", "]"))
    if kind in ("p", "postscript", "annotation"):
        if kind == "p" and PAGE_MARK.match(text.strip()) and _is_page_mark(text.strip(), g.ictx):
            return Block("milestone", _page_marks(text.strip(), g.ictx), text)
        content = _page_marks(_squash(text), g.ictx)
        if g.deferred and kind == "p":  # read now for its warnings and footnote calls; made again when encoded
            calls = frozenset(n.n for n in content if isinstance(n, FootnoteRef)) or NO_CALLS
            return Block(kind, Deferred(_paragraph, text, g.quiet(), calls), text)
        return Block(kind, content, text)
    if kind == "printed-letterhead":
        return Block("letterhead", [Letterhead(_page_marks(text.strip(), g.ictx), SourceMark(""))], text)
    content: list[Inline] = []
    for j, line in enumerate(_lines(text)):
        if j:
            content.append(LineBreak())
        found = g.date_in(line) if kind in ("dateline", "signed") and "[" not in line else None
        if found:
            start, end, value = found
            content += [x for x in (line[:start], Date(line[start:end], value), line[end:]) if x]
        else:
            content.extend(_page_marks(line, g.ictx))
    return Block(kind, content, text)


def _paragraph(text: str, ictx: InlineContext) -> list[Inline]:
    return _page_marks(_squash(text), ictx)


def _page_marks(text: str, ictx: InlineContext) -> list[Inline]:
    """Inline content, with a lone ``|`` between words read as a page break."""
    if "|" not in text:
        return parse_inline(text, ictx)
    out: list[Inline] = []
    pieces = re.split(r"(?:(?<=\s)|^)\|(?=\s|$)", text)
    for i, piece in enumerate(pieces):
        if i:
            out.append(PageBreak(None, SourceMark("|")))
        out.extend(parse_inline(piece, ictx))
    return out
