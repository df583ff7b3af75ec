"""Bracket grammar: square-bracket editorial conventions → inline nodes (encoding.md §6).

``parse_inline`` finds balanced bracket pairs (they may span lines and
paragraphs), then asks the ordered rule chain ``bracket_rules`` what each one
is. A rule may take the word before the bracket (``word [sic]``, ``Filippov
[Stalin]``). Unbalanced brackets stay text, with a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from teitools.conventions import Conventions
from teitools.readers import names
from teitools.readers.dates import parse_date
from teitools.readers.rules import RuleChain
from teitools.record import (
    Abbr,
    Addition,
    AltName,
    Date,
    DateValue,
    Deletion,
    EditorNote,
    FootnoteRef,
    Gap,
    Handwritten,
    Inline,
    Letterhead,
    Name,
    PageBreak,
    Sic,
    SourceMark,
    Stamp,
    Supplied,
    Unclear,
)

_SPEAKER_LABEL = re.compile(r"\s*[^\s:][^:]{0,40}:\s*")
_EMAIL_PROTECTED = re.compile(r"email[\s\u00a0]+protected", re.IGNORECASE)
_FOOTNOTE_NUMBER = re.compile(r"\s*(\d{1,3})\s*")
_SIGNATURE = re.compile(r"\s*(?:(?:\w+\s+){0,2})signature\s*", re.IGNORECASE)
_OMISSION = re.compile(r"\s*(?:(?:\.\s*){3,}|…\s*|\.\.\.)\s*")
_INITIALS_BEFORE = re.compile(r"(?<![\w-])([A-Z]{2,6})\s$")  # "CC [Central Committee]"


@dataclass
class InlineContext:
    """What the grammar knows about the record around the text it reads."""

    ref_date: DateValue | None = None
    register: names.Register | None = None
    warnings: list[str] = field(default_factory=list)
    persons: list[str] = field(default_factory=list)  # names of the record's parties
    conventions: Conventions | None = None  # bracket keywords of the languages read (transcriptions)

    def quiet(self) -> InlineContext:
        """The context as it is now, but whose warnings go nowhere: for content read a second time."""
        return replace(self, warnings=_Nowhere())


class _Nowhere(list):
    def append(self, item: object) -> None:
        pass


@dataclass
class BracketCtx:
    content: str
    marker: str
    out: list[Inline]
    after: str  # the text right after the bracket (its first 300 characters, as ``prev_text`` before it)
    ctx: InlineContext

    def prev_text(self) -> str:
        """The text right before the bracket (its last 300 characters: rules look only at the last words)."""
        return self.out[-1][-300:] if self.out and isinstance(self.out[-1], str) else ""

    def at_block_start(self) -> bool:
        """Only a speaker label or nothing before the bracket in this block."""
        before = "".join(x for x in self.out if isinstance(x, str)) if all(
            isinstance(x, str) for x in self.out) else "x"
        return not before.strip() or bool(_SPEAKER_LABEL.fullmatch(before))

    def pop(self, pattern: re.Pattern[str]) -> re.Match[str] | None:
        """Take the text matched by ``pattern`` (anchored at the end) off the output."""
        m = pattern.search(self.prev_text())
        if not m:
            return None
        full = self.out[-1]
        rest = full[: len(full) - len(self.prev_text()) + m.start()]
        if rest:
            self.out[-1] = rest
        else:
            self.out.pop()
        return m


bracket_rules: RuleChain[BracketCtx, list[Inline]] = RuleChain()
rule = bracket_rules.rule


@rule("obfuscated-email")
def _email(b: BracketCtx) -> list[Inline] | None:
    if _EMAIL_PROTECTED.fullmatch(b.content.strip()):
        desc = f'e-mail address hidden by the web page\'s address protection; the page shows "{b.marker}"'
        return [Gap("obfuscated", marker=b.marker, desc=desc)]
    return None


@rule("footnote")
def _footnote(b: BracketCtx) -> list[Inline] | None:
    m = _FOOTNOTE_NUMBER.fullmatch(b.content)
    return [FootnoteRef(m.group(1), marker=b.marker)] if m else None


_SIC = re.compile(r"\s*sic\s*(?P<excl>!)?\s*(?:(?P<sep>[:,;])\s*(?P<rest>.+?))?\s*", re.IGNORECASE | re.DOTALL)
_BARE_SIC = re.compile(r"(?P<excl>!)(?P<sep>)(?P<rest>)")  # "[!]": German editions' sic (transcriptions only)
_TOKEN_BEFORE = re.compile(r"(?P<tok>[^\s(\[“\"‘]+)(?P<ws>\s*)$")
_DATE_TOKEN = re.compile(r"\d{1,4}[./-](?:\d{1,2}|[IVX]{1,4})[./-]\d{2,4}\.?")


@rule("sic")
def _sic(b: BracketCtx) -> list[Inline] | None:
    m = _SIC.fullmatch(b.content) or (_BARE_SIC.fullmatch(b.content) if b.ctx.conventions else None)
    if not m:
        return None
    tok = b.pop(_TOKEN_BEFORE)
    text, ws = (tok.group("tok"), tok.group("ws")) if tok else ("", " ")
    rest, sep = m.group("rest"), m.group("sep")
    return [Sic(text, corr=rest if sep == ":" else None, comment=rest if sep in (",", ";") else None,
                marker=b.marker, is_date=bool(_DATE_TOKEN.fullmatch(text)), space=bool(ws))]


_LABEL = re.compile(r"(?P<kw>[^\W\d_][^:\[\]\n]{0,40}?)\s*:\s*(?P<body>.*)", re.DOTALL)
_PAGE = re.compile(r"(?P<kw>[^\W\d_][^\d\[\]\n]{0,10}?)\s*(?P<n>\d+[rv]?(?:\s*[-–]\s*\d+[rv]?)?|[ivxlc]+)",
                   re.IGNORECASE)
_COUNT = re.compile(r"(?P<q>\d+|[^\W\d_]+)\s+(?P<u>[^\W\d_]+)")


@rule("keyword")
def _keyword(b: BracketCtx) -> list[Inline] | None:
    """``[gestrichen: x]``, ``[über der Zeile: x]``, ``[Anm.: …]``, ``[S. 2]``, ``[unleserlich]``: a keyword of the
    conventions says what the bracket is."""
    conv = b.ctx.conventions
    if conv is None:
        return None
    content = b.content.strip()
    m = _LABEL.fullmatch(content)
    if m and (kw := conv.bracket(m.group("kw"))) is not None:
        lead = 1 + len(b.content) - len(b.content.lstrip())  # the "[" and any space before the keyword
        mark = SourceMark(b.marker[: lead + m.start("body")], b.marker[lead + m.end("body"):])
        body = parse_inline(m.group("body"), b.ctx)
        if kw.kind == "deletion":
            return [Deletion(body, mark)]
        if kw.kind == "addition":
            return [Addition(body, mark, kw.place)]
        if kw.kind == "note":
            return [EditorNote(body, "editorial", label=m.group("kw"))]
        if kw.kind == "letterhead":
            return [Letterhead(body, mark)]
        if kw.kind in ("illegible", "damage"):
            return [_gap(kw.kind, content, m.group("body"), conv, b.marker)]
    kw = conv.bracket(content)
    if kw is not None and kw.kind == "note":
        return [EditorNote([content], "editorial")]  # "[signed]", "[gez.]": the editors' word on the source
    m = _PAGE.fullmatch(content)
    if m and (kw := conv.bracket(m.group("kw"))) is not None and kw.kind == "page":
        return [PageBreak(m.group("n"), SourceMark(b.marker))]
    found = _illegible_keyword(content, conv)
    if found is not None:
        kind, rest = found
        return [_gap(kind, content, rest, conv, b.marker)]
    return None


def _illegible_keyword(content: str, conv: Conventions) -> tuple[str, str] | None:
    """(kind, its count as "N unit" or "") when ``content`` is an illegible or damage keyword with at most a
    count around it: ``[unleserlich]``, ``[2 Wörter unleserlich]``, ``[illisible, 3 mots]``, ``[deux mots
    illisibles]`` (the unit inside the keyword), ``[word illegible]`` (a unit without a number: no count)."""
    tokens = content.lower().replace(",", " ").split()
    if len(tokens) > 6:
        return None  # a keyword of up to four words and a count of two: anything longer is prose
    for size in range(len(tokens), 0, -1):  # the longest keyword first
        for start in range(len(tokens) - size + 1):
            kw = conv.bracket(" ".join(tokens[start: start + size]))
            if kw is None or kw.kind not in ("illegible", "damage"):
                continue
            rest = tokens[:start] + tokens[start + size:]
            count = _count(rest, tokens[start: start + size], conv)
            if count is not None:
                return kw.kind, count
    return None


def _count(rest: list[str], keyword: list[str], conv: Conventions) -> str | None:
    """The count the words beside a keyword give ("" for none), or None when they are anything else."""
    if not rest:
        return ""
    if len(rest) == 3 and len(rest[0]) <= 3 and rest[0].isalpha():
        rest = rest[1:]  # "lacuna di 3 parole", "Lücke von 3 Wörtern", "gap of 2 lines"
    if len(rest) == 2 and conv.units.get(rest[1]) and rest[0].isalnum():
        return " ".join(rest)  # "2 words", "zwei Wörter", "several words" (no number: no quantity)
    if len(rest) == 1 and conv.units.get(rest[0]):
        return ""  # "word illegible": how many is not said
    unit = next((w for w in keyword if conv.units.get(w)), None)
    if len(rest) == 1 and unit and (rest[0].isdigit() or rest[0] in conv.numbers):
        return f"{rest[0]} {unit}"
    return None


def _gap(kind: str, content: str, rest: str, conv: Conventions, marker: str) -> Gap:
    quantity = unit = None
    m = _COUNT.fullmatch(rest.strip()) if rest else None
    if m and conv.units.get(m.group("u").lower()):
        q = m.group("q")
        number = int(q) if q.isdigit() else conv.numbers.get(q.lower())
        unit = conv.units[m.group("u").lower()]
        quantity = str(number) if number else None
        unit = unit if quantity else None
    reason = "illegible" if kind == "illegible" else "damage"
    # a description only where the renderer's own words ("[illegible]", "[2 words illegible]") would differ
    ours = "illegible" if not quantity else f"{quantity} {unit} illegible"
    desc = None if reason == "illegible" and " ".join(content.lower().split()) == ours else content
    return Gap(reason, quantity=quantity, unit=unit, marker=marker, desc=desc)


_LABELLED_NOTE = re.compile(
    r"\s*(?P<label>(?:translator|translators|transl\.|editor|editors)['’]?s?['’]?\s+(?P<sub>note|comment|remark)s?)"
    r"\s*[:.]\s*(?P<body>.*)", re.IGNORECASE | re.DOTALL)


@rule("translator-note")
def _translator_note(b: BracketCtx) -> list[Inline] | None:
    m = _LABELLED_NOTE.fullmatch(b.content)
    if not m:
        return None
    kind = "translator" if names.fold(m.group("label")).startswith("transl") else "editorial"
    sub = "comment" if m.group("sub").lower() == "comment" else "note"
    return [EditorNote(parse_inline(m.group("body"), b.ctx), kind, sub, label=m.group("label"))]


_HANDWRITTEN = re.compile(
    r"\s*(?P<label>(?:hand[\s-]?written|handwriting|written by hand|in handwriting)[^:\]]{0,60}?)"
    r"\s*(?::\s*(?P<body>.*))?", re.IGNORECASE | re.DOTALL)


@rule("handwritten")
def _handwritten(b: BracketCtx) -> list[Inline] | None:
    m = _HANDWRITTEN.fullmatch(b.content)
    if not m or (m.group("body") is None and m.group("label").strip().lower() not in
                 ("handwritten", "hand-written", "handwriting")):
        return None
    body = m.group("body")
    return [Handwritten(parse_inline(body, b.ctx) if body is not None else [], label=m.group("label"))]


_STAMP = re.compile(r"\s*(?P<label>(?:rubber[\s-])?(?:stamp|seal)[^:\]]{0,60}?)\s*:\s*(?P<body>.*)",
                    re.IGNORECASE | re.DOTALL)


@rule("stamp")
def _stamp(b: BracketCtx) -> list[Inline] | None:
    m = _STAMP.fullmatch(b.content)
    if not m:
        return None
    return [Stamp(parse_inline(m.group("body"), b.ctx), label=m.group("label"))]


@rule("signature")
def _signature(b: BracketCtx) -> list[Inline] | None:
    m = _SIGNATURE.fullmatch(b.content)
    if not m:
        return None
    desc = None if b.content.strip().lower() == "signature" else b.content.strip()
    return [Gap("signature", marker=b.marker, desc=desc)]


_NUMBERS = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6"}
_ILLEGIBLE = re.compile(
    r"\s*(?:(?P<q>\d+|one|two|three|four|five|six|several|a few)\s+(?P<unit>word|line|letter|character)s?\s+)?"
    r"illegible(?:\s+(?P<unit2>word|line|letter|character)s?)?\s*", re.IGNORECASE)


@rule("illegible")
def _illegible(b: BracketCtx) -> list[Inline] | None:
    m = _ILLEGIBLE.fullmatch(b.content)
    if not m:
        return None
    q = m.group("q")
    quantity = q if q and q.isdigit() else _NUMBERS.get((q or "").lower())
    unit = (m.group("unit") or m.group("unit2") or "").lower()
    desc = b.content.strip() if (q and not quantity) or (unit and not quantity) else None
    return [Gap("illegible", quantity=quantity, unit=f"{unit}s" if quantity and unit else None,
                marker=b.marker, desc=desc)]


@rule("description")
def _description(b: BracketCtx) -> list[Inline] | None:
    """``[a handwritten version of the above follows]``: the editors describe the page."""
    text = b.content.strip()
    if ":" in text or not re.search(r"handwrit|stamp|seal|signed|signature|illegible|crossed out|underlined",
                                    text, re.IGNORECASE):
        return None
    return [EditorNote([text], "editorial", "description")]


@rule("omission")
def _omission(b: BracketCtx) -> list[Inline] | None:
    if _OMISSION.fullmatch(b.content):
        return [Gap("editorial", marker=b.marker)]
    return None


@rule("excised")
def _excised(b: BracketCtx) -> list[Inline] | None:
    if re.fullmatch(r"\s*(?:excised|redacted|text excised|not declassified|deleted)\s*", b.content,
                    re.IGNORECASE):
        return [Gap("excised", marker=b.marker, desc=None if b.content.strip().lower() == "excised"
                    else b.content.strip())]
    return None


@rule("unclear")
def _unclear(b: BracketCtx) -> list[Inline] | None:
    if b.content.strip() != "?":
        return None
    tok = b.pop(_TOKEN_BEFORE)
    if not tok:
        # "ho[illegible] [?]": in a transcription the query is about what stands before it, not a word
        after_word = bool(b.out) and isinstance(b.out[-1], str) and not b.prev_text().endswith(" ")
        return None if b.ctx.conventions is None or after_word else [Unclear("")]
    return [Unclear(tok.group("tok"))]


@rule("in-word")
def _in_word(b: BracketCtx) -> list[Inline] | None:
    """``Com[rade]``, ``F[oreign] M[inistry]``: a word completed by the editors."""
    prev = b.prev_text()
    if (prev and prev[-1].isalpha()) or (b.after[:1].isalpha() and b.content.strip().isalpha()):
        return [Supplied([b.content], marker=b.marker)]
    return None


_COMMENT_START = re.compile(
    r"(?:On|Concerning|Regarding|Re:|About|Attachment|Enclosure|Appendix|Annex|Translation of|Draft)\b")


@rule("editorial-comment")
def _editorial_comment(b: BracketCtx) -> list[Inline] | None:
    """A heading-like remark of the editors at the start of a block or a speaker's turn."""
    if _COMMENT_START.match(b.content.strip()) and b.at_block_start():
        return [EditorNote(parse_inline(b.content, b.ctx), "editorial", "comment")]
    return None


_STOP_INITIALS = {"of", "the", "and", "for", "on", "in", "at", "to", "de", "des", "der", "du"}


@rule("abbreviation")
def _abbreviation(b: BracketCtx) -> list[Inline] | None:
    """``CC [Central Committee]``: an expansion whose initials spell the abbreviation."""
    m = _INITIALS_BEFORE.search(b.prev_text())
    if not m:
        return None
    words = [w for w in re.split(r"[\s-]+", b.content.strip()) if w and w.lower() not in _STOP_INITIALS]
    if "".join(w[0] for w in words).upper() != m.group(1) or not all(w[0].isupper() for w in words):
        return None
    b.pop(re.compile(r"([A-Z]{2,6})\s$"))
    return [Abbr(m.group(1), b.content.strip())]


_NAME_WORD = r"(?:[A-Z][\w'’.-]*|[A-Z]{2,})"
_BASE_NAME = re.compile(rf"(?P<name>(?:{_NAME_WORD}\s){{0,3}}{_NAME_WORD})(?P<ws>\s)$")
_NAMEISH = re.compile(r"[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|de|van|von|bin|al-\w+|ibn|da|di|le|la))*")


def _entity_kind(*forms: str, ctx: InlineContext) -> tuple[str, str | None]:
    register = ctx.register
    if register is None:
        return "name", None
    for f in forms:
        entry = register.lookup(f)
        if entry:
            return entry.kind, entry.xml_id
    return "name", None


@rule("name-completion")
def _name_completion(b: BracketCtx) -> list[Inline] | None:
    """``Kim [Il Sung]``, ``Zhou [Enlai]``: the editors complete a name the register or the record's parties know
    whole; the bracket is supplied text, not another name."""
    content = b.content.strip()
    if not _NAMEISH.fullmatch(content) or len(content.split()) > 3:
        return None
    m = re.search(r"(?P<w>[A-Z][\w'’.-]*)\s$", b.prev_text())
    if not m:
        return None
    base = m.group("w")
    whole = [f"{base} {content}", f"{content} {base}"]
    known = b.ctx.register is not None and any(
        (e := b.ctx.register.lookup(w)) is not None and e.kind == "person" for w in whole)
    if known or any(names.fold(p) in {names.fold(w) for w in whole} for p in b.ctx.persons):
        return [Supplied([b.content], marker=b.marker)]
    return None


@rule("alternate-name")
def _alternate_name(b: BracketCtx) -> list[Inline] | None:
    """``Nanjing [Nanking]``, ``Filippov [Stalin]``: another name of the entity just named."""
    content = b.content.strip()
    if not _NAMEISH.fullmatch(content) or len(content.split()) > 5:
        return None
    m = _BASE_NAME.search(b.prev_text())
    if not m:
        return None
    base = m.group("name")
    words = base.split()
    # only the run of name words right before the bracket: drop leading pronouns, articles, offices
    while words and (names.fold(words[0]) in names.PRONOUNS_AND_STARTERS):
        words.pop(0)
    if not words:
        return None
    last = words[-1]
    if names.is_office(last) or names.fold(last) in names.PRONOUNS_AND_STARTERS or last.endswith(("'s", "’s")):
        return None
    role, bare = names.split_honorific(" ".join(words))
    if not bare or names.is_office(bare.split()[0]):
        return None
    b.pop(re.compile(re.escape(" ".join(words)) + r"\s$"))
    real = b.ctx.register.real_name_of(bare) if b.ctx.register else None
    if real and names.same_person(real, content):
        kind, ref = "person", None
        base_node = Name(" ".join(words), "person", name_type="pseudonym", role=role,
                         role_type="honorific" if role else None)
        alt = AltName(content, "person", note_type="identification")
    else:
        kind, ref = _entity_kind(bare, content, ctx=b.ctx)
        if kind == "name" and any(names.same_person(p, bare) or names.same_person(p, content)
                                  for p in b.ctx.persons):
            kind = "person"
        base_node = Name(" ".join(words), kind, ref=ref, role=role, role_type="honorific" if role else None)
        alt = AltName(content, kind, ref=ref, note_type="altName")
    return [base_node, " ", alt]


_UNKNOWN_LABEL = re.compile(r"(?P<kw>[^\W\d_][\w.'’-]*(?: [\w.'’-]+){0,3})\s*:\s+(?P<body>\S.*)", re.DOTALL)


@rule("unknown-keyword")
def _unknown_keyword(b: BracketCtx) -> list[Inline] | None:
    """``[Xyz: …]`` with a keyword no convention knows: kept as the editors' bracket, claiming nothing."""
    if b.ctx.conventions is None:
        return None
    m = _UNKNOWN_LABEL.fullmatch(b.content.strip())
    if not m or names.fold(m.group("kw")) in ("http", "https"):
        return None
    b.ctx.warnings.append(f"unknown bracket keyword {m.group('kw')!r}: kept as an editorial note")
    return [EditorNote(parse_inline(m.group("body"), b.ctx), "editorial", label=m.group("kw"))]


_SENTENCE_END = re.compile(r"[.!?…»”\"]\s*$")


@rule("editors-sentence")
def _editors_sentence(b: BracketCtx) -> list[Inline] | None:
    """A bracketed sentence of ten words or more in a transcription is the editors' comment, not supplied text
    (``[Parece que Jules Bonnet se equivocó de hermana. …]``)."""
    content = b.content.strip()
    if b.ctx.conventions is None or len(content.split()) < 10 or content.startswith("|") or \
            not _SENTENCE_END.search(content) and len(content.split()) < 15:
        return None
    return [EditorNote(parse_inline(content, b.ctx), "editorial", "comment")]


@rule("supplied-date")
def _supplied_date(b: BracketCtx) -> list[Inline] | None:
    value = parse_date(b.content, ref=b.ctx.ref_date)
    if value is None:
        return None
    return [Supplied([Date(b.content, value)], marker=b.marker)]


@rule("supplied")
def _supplied(b: BracketCtx) -> list[Inline] | None:
    doubt = b.ctx.conventions is not None and bool(_DOUBTED.fullmatch(b.content))  # "[Haus?]" in a transcription
    content = b.content[:-1] if doubt else b.content
    inner = parse_inline(content, b.ctx) if "[" in content else [content]  # "[Envoyée à [Fallais]]"
    return [Supplied(inner, marker=b.marker, uncertain=doubt)]


_DOUBTED = re.compile(r"[^\W\d_][\w'’.-]*(?: [\w'’.-]+){0,2}\?")  # up to three words and a query


def _offsets(text: str, ch: str) -> list[int]:
    """Where ``ch`` stands in ``text``: str.find skips to it, where a pattern tries every character."""
    out = []
    i = text.find(ch)
    while i >= 0:
        out.append(i)
        i = text.find(ch, i + 1)
    return out


def _pairs(text: str) -> tuple[list[tuple[int, int]], list[int]]:
    """Top-level balanced bracket pairs, and the offsets of unbalanced brackets."""
    stack: list[int] = []
    pairs: list[tuple[int, int]] = []
    stray: list[int] = []
    for i in sorted(_offsets(text, "[") + _offsets(text, "]")):
        if text[i] == "[":
            stack.append(i)
        else:
            if stack:
                pairs.append((stack.pop(), i))
            else:
                stray.append(i)
    stray.extend(stack)
    top = []
    for s, e in sorted(pairs):
        if top and s < top[-1][1]:
            continue
        top.append((s, e))
    return top, sorted(stray)


def _push(out: list[Inline], text: str) -> None:
    if not text:
        return
    if out and isinstance(out[-1], str):
        out[-1] += text
    else:
        out.append(text)


def parse_inline(text: str, ctx: InlineContext | None = None) -> list[Inline]:
    """Turn one block of text into inline nodes; brackets become editorial markup."""
    ctx = ctx or InlineContext()
    if "[" not in text and "]" not in text:
        return [text] if text else []
    top, stray = _pairs(text)
    for offset in stray:
        snippet = text[max(0, offset - 15): offset + 15].replace("\n", " ")
        ctx.warnings.append(f"unbalanced '{text[offset]}' kept as text: …{snippet}…")
    out: list[Inline] = []
    pos = 0
    for s, e in top:
        _push(out, text[pos:s])
        b = BracketCtx(text[s + 1: e], text[s: e + 1], out, text[e + 1: e + 301], ctx)
        found = bracket_rules.first(b, ctx.conventions.disabled_rules if ctx.conventions else frozenset())
        assert found is not None  # the last rule always answers (and cannot be disabled)
        for node in found[1]:
            if isinstance(node, str):
                _push(out, node)
            else:
                if hasattr(node, "marker") and not node.marker and not isinstance(node, Name):
                    node.marker = b.marker  # the source characters, for diagnostics and scoring
                out.append(node)
        pos = e + 1
    _push(out, text[pos:])
    return out


def bracket_kind(node: Inline) -> str | None:
    """The kind of editorial bracket a node stands for (the vocabulary of the samples' expected values)."""
    if isinstance(node, FootnoteRef):
        return "footnote"
    if isinstance(node, Sic):
        return "sic"
    if isinstance(node, EditorNote):
        if node.note_type == "translator":
            return "translator-note"
        return "stamp-or-handwriting-description" if node.subtype == "description" else "editorial-comment"
    if isinstance(node, (Handwritten, Stamp)):
        return "stamp-or-handwriting-description"
    if isinstance(node, Gap):
        if node.reason == "obfuscated":
            return None
        return {"signature": "stamp-or-handwriting-description", "illegible": "illegible",
                "damage": "damage"}.get(node.reason, "omission")
    if isinstance(node, (Supplied, Abbr, Unclear)):
        return "supplied"
    if isinstance(node, AltName):
        return "alternate-name"
    if isinstance(node, Deletion):
        return "deletion"
    if isinstance(node, Addition):
        return "addition"
    if isinstance(node, PageBreak):
        return "page-break"
    if isinstance(node, Letterhead):
        return "stamp-or-handwriting-description"
    return None
