"""A static edition site from a folder of TEI: a page per document with its place in the edition (index,
registers, the letters before and after it), registers of people, places and organisations with backlinks, an
index, and a full-text search (Pagefind), rebuilt incrementally.

A build runs in two steps. First each document's facts (``facts.py``) are read, in parallel — or taken from the
site's manifest when the file has not changed since the last build. Then each page whose document or whose links
changed is rendered and written, in parallel; the registers and the index are written anew, and the shards of the
search index that hold a page that changed (`search.py`).
The manifest (``.teitools-site.json`` in the site) holds file sizes, times and facts, never a local path.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from teitools.errors import InputError, OutputClash, OutputError, XMLInputError
from teitools.files import InputPaths, first_clash, write_output
from teitools.limits import DEFAULT, Limits
from teitools.parallel import in_order
from teitools.rendering.site import Rendered, index_html
from teitools.site.facts import Facts, facts_of
from teitools.site.registers import REGISTERS, entries_by_kind, register_page
from teitools.site.search import SHARD_PAGES, SearchState, bundle, index_site, plan, shard_count
from teitools.xinclude import load_for_reading

MANIFEST = ".teitools-site.json"
MANIFEST_VERSION = 1


@dataclass
class SiteBuild:
    pages: int = 0  # documents in the site
    rendered: int = 0  # pages written by this build (the others were up to date)
    failed: list[tuple[Path, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # pages made without an include that could not be read
    unreadable: int = 0
    searchable: bool = False


def _stamp(path: Path) -> list[int]:
    st = path.stat()
    return [st.st_size, st.st_mtime_ns]


def _facts_job(job: tuple[Path, Limits, Path | None]) -> tuple[Facts | None, str | None, bool, str]:
    from teitools.rendering.document import NotTEI, document_lang, root_of

    path, limits, folder = job
    try:
        root = root_of(load_for_reading(path, folder, limits)[0])  # the page's build says what it left out
        return facts_of(root), None, False, document_lang(root)
    except XMLInputError as exc:
        return None, str(exc), False, ""
    except InputError as exc:
        return None, str(exc), True, ""
    except NotTEI as exc:
        return None, f"{path}:1: {exc}", False, ""


_INPUTS = InputPaths(())


def _set_inputs(inputs: InputPaths) -> None:
    global _INPUTS
    _INPUTS = inputs


def _page_job(job: tuple[Path, Path, str, dict, list | None, Limits, Path | None]) -> tuple[str | None, str | None]:
    """Render one page with its links and write it; (the error, a warning), if any."""
    from teitools.rendering import render
    from teitools.rendering.html import SiteLinks

    source, out_dir, page, links, filters, limits, folder = job
    try:
        tree, warning = load_for_reading(source, folder, limits)
        markup = render(tree, links=SiteLinks(
            links["home"], tuple(tuple(r) for r in links["registers"]),  # type: ignore[misc]
            tuple(links["previous"]) if links["previous"] else None,  # type: ignore[arg-type]
            tuple(links["following"]) if links["following"] else None,  # type: ignore[arg-type]
            tuple(tuple(f) for f in filters) if filters is not None else None))  # type: ignore[misc]
        write_output(out_dir / page, markup.encode("utf-8"), force=True, inputs=_INPUTS)
    except (XMLInputError, InputError, OutputError) as exc:
        return str(exc), None
    return None, warning


def build_site(pairs: list[tuple[Path, Path]], out_dir: Path, *, jobs: int = 1, title: str = "Documents",
               search: bool = True, limits: Limits = DEFAULT, roots: dict[Path, Path] | None = None,
               on_done: Callable[[], None] | None = None, shard_pages: int = SHARD_PAGES) -> SiteBuild:
    """Build (or bring up to date) the site for ``pairs`` (input file, its path relative to the site) in
    ``out_dir``. Raises OutputClash if two documents, or a document and a page of the site's own, would be one
    page; OutputError if ``out_dir`` holds something that is not a site this built (nothing is written then).
    ``roots``: for a file found in a folder that was named, that folder (its includes may read inside it);
    ``shard_pages``: pages of a shard of the search index (``search.py``)."""
    roots = roots or {}
    pages = {rel.with_suffix(".html").as_posix(): src for src, rel in pairs}
    reserved = [Path("index.html"), *(Path(p) for p, _ in REGISTERS.values())]
    clash = first_clash(((src, Path(page)) for page, src in pages.items()), reserved, out_dir)
    if clash:
        raise OutputClash(clash)
    manifest_path = out_dir / MANIFEST
    old, searched = _read_manifest(manifest_path, out_dir)
    build = SiteBuild()
    # step 1: facts, from the manifest where the file has not changed
    known: dict[str, dict] = {}
    todo = []
    for page, src in pages.items():
        entry = old.get(page)
        try:
            stamp = _stamp(src)
        except OSError:
            stamp = None
        if entry and stamp is not None and entry.get("stamp") == stamp:
            known[page] = entry
        else:
            todo.append(page)
    for page, (found, error, unreadable, lang) in zip(
            todo, in_order(_facts_job, [(pages[p], limits, roots.get(pages[p])) for p in todo], jobs), strict=True):
        if found is None:
            build.failed.append((pages[page], error or "cannot be read"))
            build.unreadable += unreadable
            continue
        known[page] = {"stamp": _stamp(pages[page]), "facts": found.as_dict(), "lang": lang, "links": None}
    facts = {page: Facts.from_dict(entry["facts"]) for page, entry in known.items()}
    build.pages = len(facts)
    links = _links(facts)
    # step 2: the pages whose document or links changed (or that are missing)
    inputs = InputPaths(pages.values())
    lang = Counter(entry.get("lang") or "en" for entry in known.values()).most_common(1)
    site_lang = lang[0][0] if lang else "en"
    render_jobs = []
    changed: set[str] = set()  # pages written, failed or gone: the search index's shards that hold them change
    for page in sorted(facts):
        entry = known[page]
        if page in old and entry is old[page] and entry.get("links") == links[page] and \
                entry.get("search") == search and (out_dir / page).is_file():
            continue
        entry["links"] = links[page]
        entry["search"] = search  # a page made for the search carries what Pagefind indexes
        render_jobs.append((pages[page], out_dir, page, links[page], _filters(facts[page]) if search else None,
                            limits, roots.get(pages[page])))
    for job, (error, warning) in zip(render_jobs, in_order(_page_job, render_jobs, jobs, _set_inputs, (inputs,)),
                                     strict=True):
        if warning:
            build.warnings.append(warning)
        changed.add(job[2])
        if error:
            build.failed.append((job[0], error))
            known.pop(job[2], None)
        else:
            build.rendered += 1
        if on_done:
            on_done()
    site_root = out_dir.resolve()
    for page in set(old) - set(known):  # documents no longer in the site: their pages go
        changed.add(page)
        stale = (out_dir / page).resolve()
        # only a page of this site: a manifest is a file anyone can edit, and no name in it may reach further
        if stale.suffix == ".html" and stale.is_relative_to(site_root) and stale != site_root / "index.html" \
                and stale.is_file():
            stale.unlink()
    titles = {page: facts[page].title or PurePosixPath(page).stem for page in known}
    by_kind = entries_by_kind({page: facts[page].names for page in known}, titles)
    for kind, (path, _) in REGISTERS.items():
        write_output(out_dir / path, register_page(kind, by_kind[kind], titles, title, site_lang).encode("utf-8"),
                     force=True, inputs=inputs)
    rows = [Rendered(pages[p], p, None, titles[p], facts[p].date, facts[p].date_sort, tuple(facts[p].senders),
                     tuple(facts[p].recipients)) for p in known]
    shards = shard_count(len(known), shard_pages)
    by_shard = plan(sorted(known), shards) if search else {}
    write_output(out_dir / "index.html", _index(rows, title, [bundle(k) for k in by_shard]).encode("utf-8"),
                 force=True, inputs=inputs)
    state = None
    if search:
        state = index_site(out_dir, by_shard, changed, site_lang, shards, searched, jobs).as_dict()
        build.searchable = True
    write_output(manifest_path, json.dumps({"version": MANIFEST_VERSION, "pages": known, "search": state},
                                           ensure_ascii=False, sort_keys=True).encode("utf-8"), force=True,
                 inputs=inputs)
    return build


def _read_manifest(path: Path, out_dir: Path) -> tuple[dict[str, dict], SearchState | None]:
    """The last build's pages and search index; refuses a folder that holds files but no manifest of ours (it is
    not our site)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        if out_dir.is_dir() and any(out_dir.iterdir()):
            raise OutputError(f"{out_dir}: not empty and not a site teitools built (no {MANIFEST}); give an empty "
                              f"or new folder") from None
        return {}, None
    except (OSError, ValueError) as exc:
        raise OutputError(f"{path}: cannot read the site's manifest ({exc}); remove it to build the site anew") \
            from None
    if not isinstance(data, dict) or data.get("version") != MANIFEST_VERSION:
        return {}, None
    pages = data.get("pages") if isinstance(data.get("pages"), dict) else {}
    return {str(k): v for k, v in pages.items() if isinstance(v, dict)}, SearchState.from_dict(data.get("search"))


def _links(facts: dict[str, Facts]) -> dict[str, dict]:
    """Each page's links: home, registers, and the letters before and after it — as its correspContext names them
    (by xml:id, file name or URL), else its neighbours in date order."""
    by_name: dict[str, str] = {}
    for page, f in facts.items():
        by_name.setdefault(PurePosixPath(page).stem, page)
        if f.xml_id:
            by_name.setdefault(f.xml_id, page)
    order = sorted(facts, key=lambda p: (facts[p].date_sort, facts[p].title, p))
    position = {page: k for k, page in enumerate(order)}
    out = {}
    for page, f in facts.items():
        here = PurePosixPath(page).parent

        def rel(target: str, here: PurePosixPath = here) -> str:
            return os.path.relpath(target, here).replace(os.sep, "/")

        def named(targets: list[str], page: str = page) -> str | None:
            for t in targets:
                stem = PurePosixPath(t.split("#")[-1] if t.startswith("#") else t.rsplit("/", 1)[-1]).stem
                if stem in by_name and by_name[stem] != page:
                    return by_name[stem]
            return None

        k = position[page]
        previous = named(f.previous) or (order[k - 1] if k > 0 else None)
        following = named(f.following) or (order[k + 1] if k + 1 < len(order) else None)
        out[page] = {"home": rel("index.html"),
                     "registers": [[rel(path), label] for path, label in REGISTERS.values()],
                     "previous": [rel(previous), facts[previous].title or PurePosixPath(previous).stem]
                     if previous else None,
                     "following": [rel(following), facts[following].title or PurePosixPath(following).stem]
                     if following else None}
    return out


def _filters(f: Facts) -> list[tuple[str, str]]:
    """The search's filters for a page: its year and correspondents."""
    year = [("year", f.date_sort[:4])] if f.date_sort[:4].isdigit() and f.date_sort != "9999" else []
    return year + [("correspondent", person) for person in dict.fromkeys([*f.senders, *f.recipients])]


def _index(rows: list[Rendered], title: str, bundles: list[str]) -> str:
    """The index page; with a search box over the search index's ``bundles`` (none: no search)."""
    nav = " · ".join(f'<a href="{path}">{label}</a>' for path, label in REGISTERS.values())
    before = f'<nav class="site">{nav}</nav>\n'
    if bundles:
        first = bundles[0]
        # a merged bundle's path is read from the first bundle's folder
        merged = ", ".join(f'{{bundlePath: "../{b}/"}}' for b in bundles[1:])
        before += (f'<div id="search"></div>\n<link href="{first}/pagefind-ui.css" rel="stylesheet">'
                   f'<script src="{first}/pagefind-ui.js"></script>'
                   f'<script>new PagefindUI({{element: "#search", showSubResults: true, mergeIndex: [{merged}]}});'
                   '</script>\n')
    return index_html(rows, title, before)
