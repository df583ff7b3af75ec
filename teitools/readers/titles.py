"""Title grammar: ``Type No. N from A to B [via C], 'Subject'`` → document type and parties.

Parties are split on commas and "and"; a comma part that is a function
("Executive Secretary") belongs to the party before it. Parentheses after a
name give a place, a relay (``via``) or, for a known pseudonym, the real name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from teitools.readers import names
from teitools.record import Party

TYPE_WORDS = {
    "ciphered telegram": "telegram", "coded telegram": "telegram", "telegram": "telegram",
    "ciphergram": "telegram", "cable": "cable", "letter": "letter", "report": "report",
    "memorandum of conversation": "conversation-record", "record of conversation": "conversation-record",
    "record of a conversation": "conversation-record", "memorandum of a conversation": "conversation-record",
    "conversation": "conversation-record", "discussion": "conversation-record", "journal": "conversation-record",
    "minutes": "minutes", "protocol": "minutes", "decision": "minutes", "resolution": "minutes",
    "memorandum": "memorandum", "memo": "memorandum", "note": "memorandum", "notes": "memorandum",
    "message": "telegram", "directive": "letter", "instructions": "letter", "statement": "document",
    "speech": "document", "transcript": "conversation-record",
}
# A document-type word in another language, as the document names itself (e.g. a German "Vermerk").
FOREIGN_TYPE_WORDS = {
    "vermerk": "memorandum", "aufzeichnung": "memorandum", "telegramm": "telegram", "fernschreiben": "telegram",
    "brief": "letter", "protokoll": "minutes", "niederschrift": "minutes", "feljegyzés": "memorandum",
    "jelentés": "report", "távirat": "telegram", "szyfrogram": "telegram", "notatka": "memorandum",
    "spravka": "report",
}
# div/@type of encoding.md §5.1
DIV_TYPES = {"letter": "letter", "telegram": "telegram", "cable": "telegram", "memorandum": "memorandum",
             "report": "memorandum", "conversation-record": "conversation", "minutes": "minutes"}

_QUALIFIERS = r"(?:(?:top\s+)?secret|strictly\s+secret|urgent|ciphered|coded|excerpt\s+from|extract\s+from)"
_TYPE_RE = re.compile(
    rf"^(?P<type>(?:{_QUALIFIERS}\s+)*(?P<word>%s))\b(?:\s+(?P<num>(?:No\.?|N[ºo°]\.?|#)\s*[\w/.-]+))?"
    % "|".join(re.escape(w) for w in sorted(TYPE_WORDS, key=len, reverse=True)), re.IGNORECASE)

ORG_WORDS = re.compile(
    r"\b(?:Embassy|Ministry|Committee|Government|Politburo|Secretariat|Council|Party|Department|Office|"
    r"Commission|Bureau|CC|Presidium|Consulate|Mission|Army|Command|Headquarters|Desk|Legation|Foundation|"
    r"Agency|Administration|Directorate|Delegation|Republic|Union|Section|Station|Staff)\b")
FUNCTION_START = re.compile(
    r"^(?:Special|Executive|Deputy|Assistant|First|Second|Third|Vice|Acting|Chief|Head|Director|Secretary|"
    r"Ambassador|Minister|Chairman|Counsellor|Counselor|Consul|Charg|Leader|President|Premier|General|Marshal|"
    r"Commander|member|of\b|in\b|at\b)", re.IGNORECASE)


@dataclass
class TitleInfo:
    doc_type: str | None = None
    number: str | None = None
    subject: str | None = None
    senders: list[Party] = field(default_factory=list)
    recipients: list[Party] = field(default_factory=list)
    participants: list[Party] = field(default_factory=list)



def parse_title(title: str, register: names.Register | None = None) -> TitleInfo:
    info = TitleInfo()
    text = re.sub(r"\s+", " ", title).strip()
    subj = re.search(r",\s*(['‘“\"])(?P<s>.+)['’”\"]\s*$", text)
    if subj:
        info.subject = subj.group("s")
        text = text[: subj.start()].rstrip(" ,")
    text = re.sub(r"\s*\((?:excerpts?|extract|draft|summary)\)\s*$", "", text, flags=re.IGNORECASE)
    m = _TYPE_RE.match(text)
    rest = text
    if m:
        info.doc_type = TYPE_WORDS[m.group("word").lower()]
        info.number = m.group("num")
        rest = text[m.end():].strip()
    rest = rest.lstrip(",").strip()
    between = re.match(r"^(?:between|with)\s+(?P<p>.+)$", rest, re.IGNORECASE)
    if between:
        info.participants = _parties(between.group("p"), register)
        return info
    low = rest.lower()
    if not m and not re.match(r"^(?:from|by)\s", low):
        return info  # a free title ("Concerning Soviet Troops in Xinjiang"): no parties to read
    sender_part, recip_part = rest, ""
    sm = re.match(r"^(?:from|by)\s+(?P<s>.+)$", rest, re.IGNORECASE)
    if sm:
        sender_part = sm.group("s")
    if re.match(r"^to\s", sender_part, re.IGNORECASE):
        sender_part, recip_part = "", sender_part[3:]
    else:
        parts = re.split(r",?\s+to(?:\s+|$)", sender_part, maxsplit=1, flags=re.IGNORECASE)
        if len(parts) == 2:
            sender_part, recip_part = parts
        elif not sm and m and not re.match(r"^(?:on|about|concerning|regarding|of)\s", low):
            sender_part = rest  # "Cable from Zhou Enlai" has from; "Telegram, X" names only a sender
        elif not sm:
            sender_part = ""
    sender_part = re.sub(r"^(?:on|about|concerning|regarding)\s.*$", "", sender_part, flags=re.IGNORECASE)
    info.senders = _parties(sender_part.strip(" ,"), register)
    info.recipients = _parties(recip_part.strip(" ,"), register, recipients=True)
    return info


_PAREN = re.compile(r"\s*(?P<o>[\[(])(?P<c>[^\])]+)[\])]")


def _parties(text: str, register: names.Register | None, recipients: bool = False) -> list[Party]:
    if not text:
        return []
    text = re.sub(r"\s+(?:on|about|concerning|regarding)\s.*$", "", text)
    plural = re.match(r"^(?P<h>Cdes\.|Cdes|Comrades|Cmrds\.?|Messrs\.)\s+", text, re.IGNORECASE)
    if plural:
        text = text[plural.end():]
    relays: list[Party] = []
    for vm in list(re.finditer(r"\s*[\[(]\s*via\s+(?P<n>[^\])]+)[\])]|,?\s+via\s+(?P<n2>[^,]+)$", text,
                               re.IGNORECASE))[::-1]:
        relays.insert(0, _party((vm.group("n") or vm.group("n2")).strip(), register, relay=True))
        text = text[: vm.start()] + text[vm.end():]
    final: list[Party] = []
    fm = re.search(r",\s+for\s+(?P<n>.+)$", text, re.IGNORECASE)
    if fm:
        final = [_party(n, register) for n in _split_names(fm.group("n"))]
        text = text[: fm.start()]
    out: list[Party] = []
    for chunk in _split_names(text):
        if out and (FUNCTION_START.match(chunk) or (chunk[:1].islower() and not chunk.startswith("the "))):
            out[-1].role = f"{out[-1].role}, {chunk}" if out[-1].role else chunk
            continue
        out.append(_party(chunk, register))
    if final:
        for p in out:
            p.relay = True
    return out + final + relays


def _split_names(text: str) -> list[str]:
    chunks = re.split(r",\s*(?:and\s+)?|\s+and\s+|\s+&\s+", text)
    return [c.strip() for c in chunks if c and c.strip()]


def _party(chunk: str, register: names.Register | None, relay: bool = False) -> Party:
    place = pseudonym = None
    name = chunk
    pm = _PAREN.search(chunk)
    if pm:
        inner = pm.group("c").strip()
        name = (chunk[: pm.start()] + chunk[pm.end():]).strip()
        real = register.real_name_of(names.split_honorific(name)[1]) if register else None
        if real and names.same_person(real, inner):
            pseudonym, name = name, inner
        elif pm.group("o") == "(" and ORG_WORDS.search(inner) is None:
            place = inner
    name = re.sub(r"^the\s+", "", name, flags=re.IGNORECASE)
    kind = "org" if ORG_WORDS.search(name) else "person"
    role = None
    if kind == "person":
        hon, name = names.split_honorific(name)
        office, name = names.split_office(name)
        role = office or hon
        if pseudonym:
            pseudonym = names.split_honorific(pseudonym)[1]
    return Party(name=name.strip(" .,"), kind=kind, role=role, place=place, pseudonym=pseudonym, relay=relay)


def place_of_org(name: str) -> str | None:
    """``Embassy of Hungary in the Soviet Union`` → ``Soviet Union`` (an embassy gives the country only)."""
    m = re.search(r"\b(?:Embassy|Consulate|Legation|Mission)\b.*?\bin\s+(?:the\s+)?(?P<p>[A-Z][\w .'-]+)$", name)
    return m.group("p").strip() if m else None


# Clear misspellings in archive titles, kept and paired with the right form (encoding.md §3). Checked by hand.
TITLE_MISSPELLINGS = {"Governer": "Governor", "Devision": "Division", "Goverment": "Government",
                      "Comission": "Commission", "Secretery": "Secretary", "Minsitry": "Ministry",
                      "Ambasador": "Ambassador", "Amercan": "American"}
_MISSPELT = re.compile(r"\b(%s)\b" % "|".join(TITLE_MISSPELLINGS))


def flag_misspellings(content: list) -> list:
    """Split title text around known misspellings, each becoming an unbracketed ``Sic`` with its correction."""
    from teitools.record import Sic

    out: list = []
    for node in content:
        if not isinstance(node, str):
            out.append(node)
            continue
        pos = 0
        for m in _MISSPELT.finditer(node):
            if node[pos: m.start()]:
                out.append(node[pos: m.start()])
            out.append(Sic(m.group(1), corr=TITLE_MISSPELLINGS[m.group(1)], marker=""))
            pos = m.end()
        if node[pos:]:
            out.append(node[pos:])
    return out
