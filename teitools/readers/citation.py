"""Citation grammar: the source paragraph → citation, archival units, credits (encoding.md §4).

``ARCHIVE (f|fond) F (op|opis) O [(p|papka) P] [(t|tom) T] (d|delo) D [, (l|ll|list) L1[ob.] [- L2]]``
in all its spellings; other citations are kept verbatim. Credit sentences
("Contributed by X and translated by Y.") are split off the citation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from teitools.record import ArchiveRef, Credit

# Curated archive table (encoding.md §4): acronym → (full name, settlement, country code, country).
ARCHIVES = {
    "RGASPI": ("Russian State Archive of Socio-Political History", "Moscow", "RU", "Russia"),
    "GARF": ("State Archive of the Russian Federation", "Moscow", "RU", "Russia"),
    "AVP RF": ("Archive of Foreign Policy of the Russian Federation", "Moscow", "RU", "Russia"),
    "AVPRF": ("Archive of Foreign Policy of the Russian Federation", "Moscow", "RU", "Russia"),
    "APRF": ("Archive of the President of the Russian Federation", "Moscow", "RU", "Russia"),
    "RGANI": ("Russian State Archive of Contemporary History", "Moscow", "RU", "Russia"),
}

_CREDIT_START = re.compile(
    r"(?:^|[,.;]\s*|\s+)(?=(?:contributed|obtained|translated|donated|provided)\b"
    r"(?:\s+and\s+(?:translated|obtained|contributed))?(?:\s+(?:for|from|into)\s+[\w-]+){0,2}\s+by\s)",
    re.IGNORECASE)
_CREDIT = re.compile(
    r"(?P<verbs>(?:contributed|obtained|translated|donated|provided)(?:\s+and\s+(?:translated|obtained|contributed))?)"
    r"(?P<extra>(?:\s+(?:for|from|into)\s+[\w-]+){0,2})\s+by\s+(?P<names>.+?)"
    r"(?=,?\s+and\s+(?:translated|obtained|contributed)\b|(?<!\b[A-Z])[.;]\s+[A-Z]|\.?\s*$)",
    re.IGNORECASE | re.DOTALL)
_PUBLISHED = re.compile(r"(?:^|(?<=[.;]\s))(?P<p>(?:Originally\s+)?[Pp]ublished in\b.*?)"
                        r"(?=\s+(?:Contributed|Obtained|Translated)\b|$)")
_URL = re.compile(r"https?://\S+")
_ARCHIVE = re.compile(r"^(?:and\s+)?(?P<a>RG\s+\d+|PRC\s+FMA|MNL\s+OL|AVP\s+RF|TsAMO\s+RF|"
                      r"[A-Z][A-Za-z]{0,3}[A-Z][A-Z]*(?:\s+RF)?)(?=[\s,:;.]|$)")
_PART = re.compile(
    r"(?P<label>fond|f\.|f(?=\.?\s*[\dR])|opis['’]?|op\.|papka|p\.|tom|t\.|delo|d\.|listy|list|ll\.|l\.)"
    r"\s*(?P<val>[\w-]+(?:ob\.?)?(?:\s*-\s*\w+(?:ob\.?)?)?)", re.IGNORECASE)
_PART_TYPES = {"f": "fond", "fond": "fond", "op": "opis", "opis": "opis", "p": "papka", "papka": "papka",
               "t": "tom", "tom": "tom", "d": "delo", "delo": "delo", "l": "leaves", "ll": "leaves",
               "list": "leaves", "listy": "leaves"}


@dataclass
class Citation:
    citation: str | None
    credits: list[Credit] = field(default_factory=list)
    publications: list[str] = field(default_factory=list)
    refs: list[ArchiveRef] = field(default_factory=list)
    archives: list[str] = field(default_factory=list)
    url: str | None = None
    record_id: str | None = None
    original_language: str | None = None


def parse_citation(paragraph: str) -> Citation:
    text = re.sub(r"\s+", " ", paragraph).strip()
    url = None
    um = _URL.search(text)
    if um:
        url = um.group(0).rstrip(".,;)")
        text = (text[: um.start()] + text[um.end():]).strip()
    start = _CREDIT_START.search(text)
    citation, tail = (text[: start.start()], text[start.start():]) if start else (text, "")
    citation = citation.strip().rstrip(",;").strip()
    out = Citation(citation or None, url=url)
    if url:
        rid = re.search(r"/document/(?:(\d+)|[\w-]*?-(\d{4,}))(?:[/?#]|$)", url)
        out.record_id = (rid.group(1) or rid.group(2)) if rid else None
    tail = tail.lstrip(" ,.;")
    for pm in _PUBLISHED.finditer(tail):
        out.publications.append(pm.group("p").strip())
    for cm in _CREDIT.finditer(tail):
        verbs = re.split(r"\s+and\s+", cm.group("verbs").lower())
        names_ = [n.strip() for n in re.split(r",\s*(?:and\s+)?|\s+and\s+", cm.group("names").strip(" .")) if
                  n.strip()]
        for v in verbs:
            out.credits.append(Credit(f"{v} by", names_))
        lang = re.search(r"from\s+(?P<l>[A-Z]\w+)", cm.group("extra") or "")
        if lang:
            out.original_language = lang.group("l")
    if out.citation:
        out.refs = archive_refs(out.citation)
        for r in out.refs:
            if r.archive and r.archive not in out.archives:
                out.archives.append(r.archive)
    return out


def archive_refs(citation: str) -> list[ArchiveRef]:
    """Split a citation into archival units, one per archive mention."""
    segments = re.split(r";\s*(?:and\s+)?|\s+and\s+(?=(?:RG\s+\d|[A-Z][A-Za-z]{0,3}[A-Z]+)[\s,:])", citation)
    refs = []
    for seg in segments:
        seg = seg.strip().rstrip(".").strip()
        if not seg:
            continue
        am = _ARCHIVE.match(seg)
        archive = re.sub(r"\s+", " ", am.group("a")) if am else None
        ref = ArchiveRef(archive=archive, text=seg)
        body = seg[am.end():] if am else seg
        ref.shelfmark = body.strip(" ,:")
        parts = []
        for pm in _PART.finditer(body):
            label = pm.group("label").lower().rstrip(".'’")
            kind = _PART_TYPES.get(label)
            if kind:
                parts.append((pm.group("label"), kind, pm.group("val")))
        kinds = [p[1] for p in parts]
        if archive and "fond" in kinds and "delo" in kinds:
            for label, kind, val in parts:
                if kind == "leaves":
                    lm = re.search(re.escape(label) + r"\s*" + re.escape(val), body)
                    ref.leaves = lm.group(0) if lm else f"{label} {val}"
                    ref.shelfmark = body[: lm.start()].strip(" ,:") if lm else ref.shelfmark
                    lo, _, hi = val.partition("-")
                    ref.leaf_from, ref.leaf_to = _leaf(lo), _leaf(hi) if hi else None
                else:
                    ref.parts.append((label, kind, val))
        refs.append(ref)
    return refs


def _leaf(value: str) -> str:
    value = value.strip()
    return re.sub(r"\s*ob\.?$", "v", value)
