"""Per-field accuracy of the reader against hand-made expected values (the samples' ``*.json``).

People are compared loosely (shared name tokens), dates exactly, brackets as a
multiset of (text, kind); ``null`` means the converter must not invent a value.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from teitools.readers import names
from teitools.readers.brackets import bracket_kind
from teitools.record import Inline, Record, Supplied

FIELDS = ["title", "date", "doc_type", "senders", "recipients", "sender_place", "citation", "archive",
          "translators", "contributors", "funders", "summary", "brackets"]


def _squash(text: str | None) -> str | None:
    return re.sub(r"\s+", " ", text).strip() if text else None


def _cite(text: str | None) -> str | None:
    return _squash(text).rstrip(".").strip() if text else None


def _match(a: str, b: str) -> bool:
    return bool(names.tokens(a) & names.tokens(b)) or names.fold(a) == names.fold(b)


def _people(pred: list[str], must: list[str], may: list[str]) -> bool:
    """Every expected name found, and every predicted name one the record supports."""
    return all(any(_match(p, m) for p in pred) for m in must) and all(any(_match(p, m) for m in must + may)
                                                                       for p in pred)


def record_brackets(rec: Record) -> Counter:
    found: Counter = Counter()

    def walk(content: list[Inline]) -> None:
        for node in content:
            kind = bracket_kind(node)
            marker = _squash(getattr(node, "marker", ""))
            if kind and marker:
                found[(marker, kind)] += 1
            if isinstance(node, Supplied):
                walk([n for n in node.content if not isinstance(n, str)])

    walk(rec.title_content)
    for d in rec.divisions:
        for b in d.blocks:
            walk(b.content)
            if b.kind == "footnote":
                found[(f"[{b.n}]", "footnote")] += 1
    return found


def score_record(rec: Record, exp: dict) -> dict[str, bool]:
    title = _squash(rec.title) or ""
    senders = [p.name for p in rec.senders if not p.relay]
    return {
        "title": bool(title) and (title in (exp["title"], exp["title_as_written"]) or
                                  title in (exp["title_as_written"] or "")) if exp["title"] else not title,
        "date": (rec.date.when if rec.date else None) == exp["date"],
        "doc_type": rec.doc_type == exp["doc_type"],
        "senders": _people(senders, exp["senders"], exp["senders_as_written"] + exp["sender_orgs"]),
        "recipients": _people([p.name for p in rec.recipients], exp["recipients"],
                              exp["recipients_as_written"] + exp["intermediaries"] + exp["recipient_orgs"]),
        "sender_place": (names.fold(rec.sender_place) if rec.sender_place else None) ==
                        (names.fold(exp["sender_place"]) if exp["sender_place"] else None),
        "citation": _cite(rec.citation) == _cite(exp["source_citation"]),
        "archive": set(rec.archives) == set(exp["archive"]),
        "translators": _people(rec.translators, exp["translators"], []),
        "contributors": _people(rec.contributors, exp["contributors"], []),
        "funders": sorted(rec.funders) == sorted(exp["funders"]),
        "summary": _squash(rec.summary) == _squash(exp["summary"]),
        "brackets": record_brackets(rec) == Counter((_squash(b["text"]) or "", b["kind"])
                                                    for b in exp["editorial_brackets"]),
    }


def evaluate(folder: Path) -> tuple[dict[str, dict[str, bool]], float]:
    from teitools.conversion import read_record

    results = {}
    for exp_path in sorted(folder.rglob("*.json")):
        txt = exp_path.with_suffix(".txt")
        if not txt.exists():
            continue
        exp = json.loads(exp_path.read_text(encoding="utf-8"))
        results[exp_path.stem] = score_record(read_record(txt), exp)
    total = sum(len(r) for r in results.values())
    right = sum(sum(r.values()) for r in results.values())
    return results, (right / total if total else 0.0)
