"""The site's full-text search: Pagefind indexes the pages (their ``data-pagefind-body``) into search bundles.

Pagefind (a static search index and its browser UI, no server) comes as a Python wheel with its binary:
``pip install "teitools[site]"``. The whole site is indexed as one language, the pages' most common: Pagefind
would otherwise make one index per language and search only the one of the page the search box is on.

The index is cut into shards of about ``SHARD_PAGES`` pages (a page's shard follows from its path), each its own
bundle: ``pagefind/`` for shard 0, ``pagefind-1/`` … for the others, which the search box merges (Pagefind's
``mergeIndex``; results and filters are merged across them). A rebuild indexes again only the shards that hold
a page that changed, came or went: Pagefind cannot update a bundle, and indexing every page again would cost a
rebuild after one change several seconds.
"""

from __future__ import annotations

import importlib.util
import math
import os
import shutil
import subprocess
import sys
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from teitools.errors import OutputError, TeitoolsError

SHARD_PAGES = 500


class SearchUnavailable(TeitoolsError):
    """Pagefind is not installed."""


def shard_count(pages: int, shard_pages: int = SHARD_PAGES) -> int:
    return max(1, math.ceil(pages / shard_pages))


def shard_of(page: str, shards: int) -> int:
    return zlib.crc32(page.encode("utf-8")) % shards


def plan(pages: list[str], shards: int) -> dict[int, list[str]]:
    """The pages of each shard that has any (a shard a hash leaves empty has no bundle)."""
    by_shard: dict[int, list[str]] = {}
    for page in pages:
        by_shard.setdefault(shard_of(page, shards), []).append(page)
    return dict(sorted(by_shard.items()))


def bundle(shard: int) -> str:
    """The folder of a shard's bundle, relative to the site."""
    return "pagefind" if shard == 0 else f"pagefind-{shard}"


@dataclass(frozen=True)
class SearchState:
    """What the last build's index was: its shards and language (kept in the site's manifest)."""
    shards: int
    lang: str

    def as_dict(self) -> dict:
        return {"shards": self.shards, "lang": self.lang}

    @classmethod
    def from_dict(cls, data: object) -> SearchState | None:
        if isinstance(data, dict) and isinstance(data.get("shards"), int) and isinstance(data.get("lang"), str):
            return cls(data["shards"], data["lang"])
        return None


def index_site(site: Path, by_shard: dict[int, list[str]], changed: set[str], lang: str, shards: int,
               before: SearchState | None, jobs: int = 1) -> SearchState:
    """Index the site's pages (``plan``: paths relative to ``site``, by shard) in bundles: every shard anew if
    the shards or the language differ from ``before``, else those holding a page of ``changed`` (made, or gone)
    or whose bundle is missing, ``jobs`` at a time; a bundle of a shard now empty goes."""
    if importlib.util.find_spec("pagefind") is None:
        raise SearchUnavailable('the search index needs Pagefind: pip install "teitools[site]" (or build with '
                                "--no-search)")
    lang = lang.split("-")[0] or "en"
    state = SearchState(shards, lang)
    if before != state:
        todo = set(by_shard)
    else:
        todo = {shard_of(page, shards) for page in changed}
        todo |= {k for k in by_shard if not (site / bundle(k) / "pagefind.js").is_file()}
    with ThreadPoolExecutor(max_workers=jobs) as pool:  # each shard is a process of its own
        written = [pool.submit(_write_shard, site, bundle(k), by_shard[k], lang) for k in sorted(todo & set(by_shard))]
        for done in written:
            done.result()
    for k in range(max(shards, before.shards if before else 0)):
        gone = site / bundle(k)
        if k not in by_shard and gone.is_dir() and not gone.is_symlink():  # a bundle of the last build's only
            shutil.rmtree(gone)
    return state


def _write_shard(site: Path, folder: str, pages: list[str], lang: str) -> None:
    """One shard's bundle: its pages are linked into a folder of their own (hard links, a copy where the file
    system has none), which Pagefind's command indexes; the bundle is written beside the old one and then put in
    its place, so that a search never sees half of one. (Pagefind's Python API waits a tenth of a second for
    each page's answer: 50 s for 500 pages, where the command takes one.)"""
    target = site / folder
    stage, fresh, old = (site / f".{folder}.{os.getpid()}.{part}" for part in ("pages", "tmp", "old"))
    try:
        for page in pages:
            linked = stage / page
            linked.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(site / page, linked)
            except OSError:
                shutil.copyfile(site / page, linked)
        run = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(stage), "--output-path", str(fresh),
                              "--force-language", lang, "--quiet"], capture_output=True, text=True)
        if run.returncode != 0:
            last = (run.stderr or run.stdout).strip().splitlines()
            raise OutputError(f"{site}: the search index could not be built: {last[-1] if last else run.returncode}")
        if target.exists():
            target.rename(old)
        fresh.rename(target)
    except OSError as exc:
        raise OutputError(f"{site}: the search index could not be written ({exc.strerror})") from None
    finally:
        for leftover in (stage, fresh, old):
            if leftover.is_dir():
                shutil.rmtree(leftover, ignore_errors=True)
