"""An edition's registers of people, places and organisations: one page each, every entry with its authority
links and the documents that name it (backlinks), from the names all the documents give."""

from __future__ import annotations

import html
import os
from pathlib import PurePosixPath

from teitools.rendering.letters import authority_label
from teitools.site.facts import Named

REGISTERS = {"person": ("_registers/persons.html", "Persons"), "place": ("_registers/places.html", "Places"),
             "org": ("_registers/organisations.html", "Organisations")}


def entries_by_kind(pages: dict[str, list[Named]], titles: dict[str, str]) -> dict[str, list[tuple[Named, list[str]]]]:
    """For each kind, its entries in alphabetical order, each with the pages (in title order) that name it."""
    entries: dict[tuple[str, str], Named] = {}
    named_in: dict[tuple[str, str], set[str]] = {}
    for page, names in pages.items():
        for name in names:
            key = (name.kind, name.key)
            kept = entries.get(key)
            if kept is None or (not kept.authority and name.authority):
                entries[key] = name  # the first label seen, or one that says where its authority record is
            named_in.setdefault(key, set()).add(page)
    out: dict[str, list[tuple[Named, list[str]]]] = {kind: [] for kind in REGISTERS}
    for key, name in sorted(entries.items(), key=lambda kv: (kv[1].label.casefold(), kv[0][1])):
        out[name.kind].append((name, sorted(named_in[key], key=lambda p: (titles.get(p, ""), p))))
    return out


def register_page(kind: str, entries: list[tuple[Named, list[str]]], titles: dict[str, str], edition: str,
                  lang: str) -> str:
    """One register as a page: entries with their authority links and the documents naming them."""
    path, heading = REGISTERS[kind]
    here = PurePosixPath(path).parent
    rows = []
    for name, pages in entries:
        links = "".join(f' <a class="authority" href="{html.escape(uri, quote=True)}">'
                        f"{html.escape(authority_label(uri))}</a>"
                        for uri in name.authority if uri.startswith(("http://", "https://")))
        named = ", ".join(f'<a href="{html.escape(os.path.relpath(page, here).replace(os.sep, "/"), quote=True)}">'
                          f"{html.escape(titles.get(page) or page)}</a>" for page in pages)
        anchor = html.escape(f"{kind}-{name.key}", quote=True)
        rows.append(f'<dt id="{anchor}">{html.escape(name.label)}{links}</dt><dd>{named}</dd>')
    others = " · ".join(f'<a href="{html.escape(os.path.relpath(p, here), quote=True)}">{h}</a>'
                        for k, (p, h) in REGISTERS.items() if k != kind)
    return (f'<!DOCTYPE html>\n<html lang="{html.escape(lang)}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(heading)} — {html.escape(edition)}</title><style>{STYLE}</style></head><body>"
            f'<nav class="site"><a href="../index.html">All documents</a> · {others}</nav>'
            f"<main><h1>{html.escape(heading)}</h1><p>{len(entries)} entries.</p><dl>{''.join(rows)}</dl></main>"
            "</body></html>\n")


STYLE = ("body{font:16px/1.5 system-ui,sans-serif;margin:1.5rem auto;max-width:70rem;padding:0 1rem;"
         "overflow-wrap:anywhere}dt{font-weight:bold;margin-top:.6rem}dd{margin:0 0 0 1rem}"
         "a.authority{font-size:.8em;font-weight:normal}nav.site{font-size:.93em}")
