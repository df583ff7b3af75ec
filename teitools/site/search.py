"""The site's full-text search: Pagefind indexes the pages (their ``data-pagefind-body``) into ``pagefind/``.

Pagefind (a static search index and its browser UI, no server) comes as a Python wheel with its binary:
``pip install "teitools[site]"``. The whole site is indexed as one language, the pages' most common: Pagefind
would otherwise make one index per language and search only the one of the page the search box is on.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

from teitools.errors import OutputError, TeitoolsError


class SearchUnavailable(TeitoolsError):
    """Pagefind is not installed."""


def index_site(site: Path, lang: str) -> None:
    if importlib.util.find_spec("pagefind") is None:
        raise SearchUnavailable('the search index needs Pagefind: pip install "teitools[site]" (or build with '
                                "--no-search)")
    run = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--force-language",
                          lang.split("-")[0] or "en", "--quiet"], capture_output=True, text=True)
    if run.returncode != 0:
        last = (run.stderr or run.stdout).strip().splitlines()
        raise OutputError(f"{site}: the search index could not be built: {last[-1] if last else run.returncode}")
