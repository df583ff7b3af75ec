"""Block classifier: the document's blocks → opener, paragraphs, closer and what follows (encoding.md §5).

Each block is tested by small named rules. The opener is the run of header
blocks before the first paragraph; the closer is built around the last
signature; after it come postscripts, footnote texts and annotations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from teitools.readers import names
from teitools.readers.brackets import InlineContext, parse_inline
from teitools.readers.dates import find_date, parse_date
from teitools.readers.rules import RuleChain
from teitools.readers.text import join_open_brackets, squash
from teitools.readers.titles import FOREIGN_TYPE_WORDS
from teitools.record import NO_CALLS, Block, Date, Deferred, Division, Inline, LineBreak, Sic, footnote_calls

CLASSIFICATION = re.compile(
    r"^(?:(?:top|strictly|very|extremely|most)\s+)?(?:secret|confidential|priority|urgent|special|immediate|"
    r"restricted|personal)\b[\w\s.ºº№°-]{0,40}$|^top\s+priority$", re.IGNORECASE)
COPY = re.compile(r"^(?:copy|kopie|egzemplarz)\s*(?:no\.?|n[ºo°]|№|#)?\s*\d+\.?$", re.IGNORECASE)
DOC_NUMBER = re.compile(
    r"^(?P<type>(?:ciphered\s+|coded\s+|secret\s+)?(?:telegram|cable|ciphergram|memorandum|special|"
    r"dispatch|report|letter|note)?)\s*(?P<num>(?:no\.?|n[ºo°]\.?|№|#)\s*[\w/.-]+(?:\s*/\s*\w+)?)$", re.IGNORECASE)
ROUTING = re.compile(
    r"^(?:(?:from|to|destination|to whom|via|copy to)\s*:|from\s+[A-Z]{3,}|[A-Z][A-Z .]+\s*-{1,2}\s*(?:[A-Z].*)?$|"
    r"sent\s+(?:from|by)\b|received\s+(?:in|on|at|by)\b|dispatched\b)", re.IGNORECASE)
ADDRESSEE = re.compile(
    r"^(?:(?i:to\s+(?:comrade|cde\.?|com\[rade\]|comr\.|cdes\.|mr\.|mrs\.|dr\.|the\s))|TO\s+[A-Z]{2,})")
SALUTE_START = re.compile(
    r"^[“\"]?(?:dear|esteemed|respected|hono(?:u)?red|comrades?|cde\.|com\[rade\]|mr\.|sir|madam|"
    r"to\s+comrade|sehr geehrter?|lieber?|chairman)\b", re.IGNORECASE)
CLOSING_SALUTE = re.compile(
    r"^(?:I wish you|we wish you|with (?:\w+\s+){0,2}(?:greetings|regards|respect|salute)|devoted to|yours\b|"
    r"sincerely|respectfully|best (?:wishes|regards)|long live|kind regards|warm regards|"
    r"mit (?:freundlichen|besten|herzlichen) gr(?:ü|ue)(?:ß|ss)en|hochachtungsvoll)", re.IGNORECASE)
DISTRIBUTION = re.compile(
    r"^(?:copies|distribution(?:\s+list)?|excerpts?\s+(?:have|has)\s+been\s+sent|produced\s+in\s+\d+\s+copies|"
    r"to\s+be\s+seen\s+by|seen\s+by|already\s+forwarded\s+to|\d+\s+copies\b)", re.IGNORECASE)
CERTIFICATION = re.compile(
    r"^(?:authenticated|typed|deciphered|initial(?:l)?ed|checked|created|printed|copied|decoded|encoded)"
    r"(?:\s+by)?\b", re.IGNORECASE)
POSTSCRIPT = re.compile(r"^(?:P\.\s?S\.|PS\b|Post\s?script\b|N\.\s?B\.)", re.IGNORECASE)
FOOTNOTE_TEXT = re.compile(r"^\[(?P<n>\d{1,3})\](?P<ws>\s*)(?=\S)")
SPEAKER = re.compile(r"^(?P<who>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}):\s+(?=\S)")
_NAME_WORD = r"(?:(?:[A-Z]\. ?)+[A-Z][\w'’-]*|[A-ZÀ-ÖØ-Þ][\w'’-]+)"
SIG_NAME = rf"{_NAME_WORD}(?: +{_NAME_WORD}){{0,3}}(?: *\[[^\]\n]{{1,40}}\])?"
NOT_NAMES = {"secret", "priority", "special", "urgent", "copy", "telegram", "cable", "no", "top", "moscow",
             "reporting", "enclosure", "attachment", "annex", "spravka", "confirm", "telegraph", "end"}


@dataclass
class Signature:
    name: str  # the name as written (with a bracket identification if any)
    prefix: str = ""  # "/-/", a date, "(Signed)" …
    role: str | None = None


_SIG_PATTERNS = [
    re.compile(rf"^(?P<prefix>/-/|\(signed\)|signed:?)\s*(?P<name>{SIG_NAME})\.?$", re.IGNORECASE),
    re.compile(r"^(?P<name>(?:[^\W\d_] ){2,}[^\W\d_])$"),
    re.compile(rf"^\((?P<name>{SIG_NAME})\)$"),
    re.compile(rf"^(?P<prefix>\d{{1,2}}\.(?:\d{{1,2}}|[IVX]{{1,4}})\.\d{{2,4}})\s+(?P<name>{SIG_NAME})\.?$"),
    re.compile(rf"^[–—-]\s*(?P<name>{SIG_NAME})\s*[–—-]\s*(?P<prefix>\d+)\s*[–—-]?$"),
    re.compile(rf"^(?P<name>{SIG_NAME})\.?[”\"]?(?:\n(?P<role>[A-Z][\w .'-]{{2,60}}))?$"),
]


def signature(block: str, register: names.Register | None = None) -> Signature | None:
    text = block.strip()
    if len(text) > 90 or text.endswith(":"):
        return None
    for i, rx in enumerate(_SIG_PATTERNS):
        m = rx.match(text)
        if not m:
            continue
        name = m.group("name").strip()
        bare = re.sub(r"\s*\[.*\]$", "", name)
        words = [names.fold(w).strip(".") for w in bare.split()]
        if names.fold(names.unspace(bare)) in FOREIGN_TYPE_WORDS or names.fold(names.unspace(bare)) in NOT_NAMES:
            return None
        if i == len(_SIG_PATTERNS) - 1:  # a bare name line: be strict
            if any(w in names.PRONOUNS_AND_STARTERS or w in NOT_NAMES for w in words):
                return None
            if any(names.fold(w).strip(".") in FOREIGN_TYPE_WORDS for w in bare.split()):
                return None
            entry = register.lookup(bare) if register is not None else None
            if entry is not None and entry.kind != "person":
                return None
            if m.group("role") and not names.is_office(m.group("role").split()[0]):
                return None
        groups = m.groupdict()
        return Signature(name, (groups.get("prefix") or ""), groups.get("role"))
    return None


def _date_block(text: str, ictx: InlineContext) -> bool:
    """A short line that is a date, optionally with a place and a time."""
    if len(text) > 80 or "\n" in text.strip():
        return False
    found = find_date(text, ref=ictx.ref_date)
    if not found:
        return False
    rest = (text[: found[0]] + text[found[1]:]).strip(" ,.")
    rest = re.sub(r"\b(?:at\s+)?\d{1,2}(?:(?:[:.]\d\d)(?:\s*(?:hours|hrs|h|a\.m\.?|p\.m\.?|Uhr))?|"
                  r"\s*(?:hours|hrs|a\.m\.?|p\.m\.?|Uhr))", "", rest).strip(" ,.")
    rest = re.sub(r"^(?:r|г|roku|года)\.?\s*|\s*\b(?:r|roku|года)\.?$|\s*г\.?$", "", rest).strip(" ,.")  # "1950 r."
    return not rest or bool(re.fullmatch(r"[A-ZÀ-Þ][\w .'’-]{0,30}(?:,\s*den)?|den|\d{1,6}", rest))


@dataclass
class BlockCtx:
    text: str
    ictx: InlineContext
    register: names.Register | None = None


opener_rules: RuleChain[BlockCtx, str] = RuleChain()


@opener_rules.rule("omission")
def _o_omission(b: BlockCtx) -> str | None:
    return "gap" if re.fullmatch(r"\[\s*(?:\.\s*){3,}\]|\[\s*…\s*\]", b.text) else None


@opener_rules.rule("copy")
def _o_copy(b: BlockCtx) -> str | None:
    return "copy" if COPY.match(b.text) else None


@opener_rules.rule("doc-type")
def _o_doctype(b: BlockCtx) -> str | None:
    if DOC_NUMBER.match(b.text):
        return "docType"
    word = names.unspace(b.text.strip()).lower()
    return "docType" if word in FOREIGN_TYPE_WORDS or word in ("memorandum", "telegram", "cable") else None


@opener_rules.rule("classification")
def _o_class(b: BlockCtx) -> str | None:
    return "classification" if CLASSIFICATION.match(b.text) else None


@opener_rules.rule("distribution")
def _o_distribution(b: BlockCtx) -> str | None:
    return "annotation" if DISTRIBUTION.match(b.text) or CERTIFICATION.match(b.text) else None


@opener_rules.rule("handwritten-or-stamp")
def _o_hand(b: BlockCtx) -> str | None:
    return "annotation" if re.match(r"^\[(?:hand\s*written|handwriting|stamp|seal)\b", b.text, re.I) and \
        b.text.rstrip().endswith("]") else None


@opener_rules.rule("addressee")
def _o_addressee(b: BlockCtx) -> str | None:
    return "addressee" if ADDRESSEE.match(b.text) and len(b.text) <= 160 and not b.text.endswith(":") else None


@opener_rules.rule("dateline")
def _o_dateline(b: BlockCtx) -> str | None:
    return "dateline" if _date_block(b.text, b.ictx) or (len(b.text) < 160 and ROUTING.match(b.text)) else None


@opener_rules.rule("salute")
def _o_salute(b: BlockCtx) -> str | None:
    if len(b.text) <= 160 and SALUTE_START.match(b.text) and re.search(r"[:!,.]?[”\"]?$", b.text) and \
            b.text.count(". ") == 0:
        return "salute"
    return None


@opener_rules.rule("byline")
def _o_byline(b: BlockCtx) -> str | None:
    first = b.text.split()[0] if b.text.split() else ""
    return "byline" if len(b.text) <= 60 and names.is_office(first) and "\n" not in b.text else None


def read_body(blocks: list[str], ictx: InlineContext, *, conversation: bool = False,
              deferred: bool = False) -> tuple[Division, list[str], dict[str, Block]]:
    """Classify and parse the body blocks; return the division, the signatures and the footnote texts.
    ``deferred``: a big record's paragraphs keep their text, not their content (``record.Deferred``)."""
    quiet = ictx.quiet() if deferred else None
    blocks = join_open_brackets([b for b in blocks if b and not b.isspace()])
    n = len(blocks)
    kinds: list[str | None] = [None] * n
    i = 0
    while i < n:
        found = opener_rules.first(BlockCtx(blocks[i], ictx))
        if not found:
            break
        kinds[i] = found[1]
        i += 1
    first_body = i
    # the closer: around the last signature after the first paragraph
    sigs: dict[int, Signature] = {}
    for k in range(first_body, n):
        if FOOTNOTE_TEXT.match(blocks[k]):
            continue
        s = signature(blocks[k], ictx.register) or _salute_signature(blocks[k])
        if s:
            sigs[k] = s
    last_sig = max(sigs) if sigs else None
    closer_end = n
    if last_sig is not None and last_sig > first_body - 1:
        start = last_sig
        while start - 1 >= first_body and (start - 1 in sigs or CLOSING_SALUTE.match(blocks[start - 1]) and
                                           len(blocks[start - 1]) < 250):
            start -= 1
        for k in range(start, last_sig + 1):
            kinds[k] = "signed" if k in sigs else "salute"
        closer_end = last_sig + 1
        if closer_end < n and _date_block(blocks[closer_end], ictx) and "[sic" not in blocks[closer_end].lower():
            kinds[closer_end] = "dateline"
            closer_end += 1
        for k in range(closer_end, n):
            kinds[k] = "after"
    else:
        # no signature: trailing distribution lists and stamps still are not the author's
        k = n - 1
        while k >= first_body and (DISTRIBUTION.match(blocks[k]) or CERTIFICATION.match(blocks[k]) or
                                   (blocks[k][:1].islower() and k > first_body and
                                    DISTRIBUTION.match(blocks[k - 1]))):
            k -= 1
        for j in range(k + 1, n):
            kinds[j] = "after"
    div = Division("document")
    signatures: list[str] = []
    footnotes: dict[str, Block] = {}
    refs = set()
    last_footnote: Block | None = None

    def footnote(fm: re.Match[str], text: str) -> Block:
        block = Block("footnote", parse_inline(text[fm.end():], ictx), text, n=fm.group("n"), glued=not fm.group("ws"))
        footnotes.setdefault(fm.group("n"), block)  # a call mark links to the first text of its number
        div.blocks.append(block)
        return block

    for k, text in enumerate(blocks):
        kind = kinds[k] or "p"
        fm = FOOTNOTE_TEXT.match(text)
        if kind == "after":
            if POSTSCRIPT.match(text):
                kind = "postscript"
            elif fm:
                last_footnote = footnote(fm, text)
                continue
            elif last_footnote is not None and text[:1].islower():  # a note text broken by a blank line
                last_footnote.content.extend([" ", *parse_inline(text, ictx)])
                last_footnote.source += "\n\n" + text
                continue
            else:
                kind = "annotation"
        elif kind == "p" and k > first_body and fm and fm.group("n") not in refs:
            last_footnote = footnote(fm, text)
            continue
        elif kind == "p" and conversation and SPEAKER.match(text):
            kind = "speech"
        last_footnote = None
        sig = sigs.get(k)
        if kind == "signed" and sig and sig.prefix and CLOSING_SALUTE.match(sig.prefix):
            div.blocks.append(_make_block("salute", sig.prefix, ictx, None))
            text = text.strip()[len(sig.prefix):].strip()
        block = _make_block(kind, text, ictx, sig)
        if kind == "signed" and sigs.get(k):
            signatures.append(sigs[k].name)
        calls = footnote_calls(block)
        refs.update(calls)
        if quiet is not None and kind == "p":  # read now for its warnings and footnote calls; made again later
            block.content = Deferred(_paragraph, text, quiet, frozenset(calls) or NO_CALLS)
        div.blocks.append(block)
    return div, signatures, footnotes


def _salute_signature(text: str) -> Signature | None:
    """``With greetings. FILIPPOV [Stalin].”``: valediction and signature in one block."""
    m = re.match(rf"^(?P<sal>[^.!]{{3,60}}[.,!])\s+(?P<sig>{SIG_NAME})\.?[”\"]?$", text.strip())
    if m and CLOSING_SALUTE.match(m.group("sal")):
        return Signature(m.group("sig"), prefix=m.group("sal"))
    return None


def _make_block(kind: str, text: str, ictx: InlineContext, sig: Signature | None) -> Block:
    if kind in ("p", "postscript", "annotation", "speech"):
        content = parse_inline(squash_keep_paragraphs(text), ictx)
        block = Block(kind, content, text)
        if kind == "speech":
            m = SPEAKER.match(text)
            block.subtype = m.group("who") if m else None
        return block
    content: list[Inline] = []
    for j, line in enumerate(text.split("\n")):
        if j:
            content.append(LineBreak())
        content.extend(_line_content(kind, line.strip(), ictx))
    return Block(kind, content, text)


def _paragraph(text: str, ictx: InlineContext) -> list[Inline]:
    return parse_inline(squash_keep_paragraphs(text), ictx)


def squash_keep_paragraphs(text: str) -> str:
    return "\n\n".join(squash(p) for p in text.split("\n\n"))


def _line_content(kind: str, line: str, ictx: InlineContext) -> list[Inline]:
    """Dates in datelines and signature lines become date nodes."""
    if kind in ("dateline", "signed", "addressee", "byline") and "[" not in line:
        found = find_date(line, ref=ictx.ref_date)
        if found:
            s, e, value = found
            out: list[Inline] = []
            if line[:s]:
                out.append(line[:s])
            out.append(Date(line[s:e], value))
            if line[e:]:
                out.append(line[e:])
            return out
    content = parse_inline(line, ictx)
    if kind == "annotation":
        return content
    return [Sic(node.text, marker=node.marker, is_date=True)
            if isinstance(node, Sic) and parse_date(node.text, ref=ictx.ref_date) else node for node in content]
