"""A corpus at once: one page (or text) per document, an index page, several processes.

Workers parse, render and write each file atomically; the parent builds
``index.html`` (title, date, correspondents; sorted by date, re-sortable with
an optional script).
"""

from __future__ import annotations

import html
import os
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from teitools.errors import InputError, OutputClash, OutputError, XMLInputError
from teitools.files import InputPaths, first_clash, write_output
from teitools.limits import DEFAULT, Limits
from teitools.parallel import in_order
from teitools.printable import printable
from teitools.resources import read_input
from teitools.xinclude import load_for_reading

if TYPE_CHECKING:
    from teitools.rendering.stream import Prepared


@dataclass
class Rendered:
    source: Path
    output: str | Page | None  # the rendered document (for a site: the page's path in it), or None on error
    error: str | None = None
    title: str = ""
    date: str | None = None
    date_sort: str = "9999"
    senders: tuple[str, ...] = ()
    recipients: tuple[str, ...] = ()
    unreadable: bool = False  # the input itself could not be read (not a regular file, no permission, too large)
    warning: str | None = None  # rendered, but without an include that could not be read

    def content(self) -> bytes | Callable[[BinaryIO], None]:
        """The output as ``files.write_output`` takes it: its bytes, or what writes a streamed page."""
        return self.output.write if isinstance(self.output, Page) else self.output.encode("utf-8")


@dataclass
class Page:
    """A big document's page, made while it is written (``stream.py``): the document has been read once and is
    well-formed and within the limits; ``write`` reads it again."""

    prepared: Prepared
    to: str
    view: str
    width: int | None

    def write(self, out: BinaryIO) -> None:
        from teitools.rendering.stream import write_streamed

        write_streamed(self.prepared, self.to, self.view, self.width, out)


def render_file(path: Path, to: str = "html", view: str = "reading", width: int | None = None,
                limits: Limits = DEFAULT, root: Path | None = None, stream: bool | None = None) -> Rendered:
    """``root``: the folder named, inside which the document's includes are read (by default its own folder).
    ``stream``: whether the document is streamed (``stream.py``); by default, if it is of ``STREAM_FROM`` bytes
    or more. A streamed document's output is a ``Page``, made when it is written."""
    from teitools.rendering import check, write
    from teitools.rendering.document import NotTEI, build_view, root_of, summary
    from teitools.rendering.stream import STREAM_FROM, NotStreamable, prepare

    check(to, view)
    try:
        if stream or stream is None and _size(path) >= STREAM_FROM:
            try:
                prepared = prepare(read_input(path, limits), os.fsdecode(path), limits)
            except NotStreamable:
                pass
            else:
                info = prepared.info
                return Rendered(path, Page(prepared, to, view, width), None, info.title, info.date, info.date_sort,
                                tuple(info.senders), tuple(info.recipients))
        tree, warning = load_for_reading(path, root, limits)
        info = summary(root_of(tree))  # for the index, and for the page: worked out once
        doc = build_view(tree, info)
        del tree  # the view holds what the output needs: the document's tree goes before the output is made
        output = write(doc, to, view, width)
    except XMLInputError as exc:
        return Rendered(path, None, f"{exc}")
    except InputError as exc:
        return Rendered(path, None, f"{exc}", unreadable=True)
    except NotTEI as exc:
        return Rendered(path, None, f"{path}:1: {exc}")
    except RecursionError:
        return Rendered(path, None, f"{path}: elements nested too deeply to render (lower --limit depth=N)")
    return Rendered(path, output, None, info.title, info.date, info.date_sort, tuple(info.senders),
                    tuple(info.recipients), warning=warning)


def _size(path: Path) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0  # read as a small file is, to be refused there with the reason


_INPUTS = InputPaths(())  # the run's input files, never to be written over



def _set_inputs(inputs: InputPaths) -> None:
    global _INPUTS
    _INPUTS = inputs


def _render_into(job: tuple[Path, Path, Path, str, str, int | None, bool, Limits, Path | None]) -> Rendered:
    """Render one file and write it to ``out_dir/page`` (in the worker: writing is half the work for letters, so
    it runs in parallel); only the summary and the page's relative path travel back."""
    source, out_dir, page, to, view, width, force, limits, root = job
    result = render_file(source, to, view, width, limits, root)
    if result.output is not None:
        try:
            write_output(out_dir / page, result.content(), force=force, inputs=_INPUTS)
        except (OutputError, InputError) as exc:
            result.error = str(exc)
        result.output = None if result.error else str(page)
    return result


def render_site(pairs: list[tuple[Path, Path]], out_dir: Path, *, to: str = "html", view: str = "reading",
                width: int | None = None, jobs: int = 1, force: bool = False,
                on_done: Callable[[Rendered], None] | None = None, limits: Limits = DEFAULT,
                roots: dict[Path, Path] | None = None) -> list[Rendered]:
    """Render every file into ``out_dir`` (same relative paths), in input order, from ``jobs`` processes;
    write ``index.html`` for HTML. ``roots``: for a file found in a folder that was named, that folder (its
    includes may read anything inside it; by default only inside the file's own folder). Raises OutputClash,
    before anything is written, if two files would be written to one page."""
    from teitools.rendering import WRITERS

    suffix = WRITERS[to].suffix
    inputs = InputPaths(p for p, _ in pairs)
    work = [(p, out_dir, rel.with_suffix(suffix), to, view, width, force, limits, (roots or {}).get(p))
            for p, rel in pairs]
    clash = first_clash(((job[0], job[2]) for job in work), [Path("index.html")] if to == "html" else [], out_dir)
    if clash:
        raise OutputClash(clash)
    results = []
    for result in in_order(_render_into, work, jobs, _set_inputs, (inputs,)):
        results.append(result)
        if on_done:
            on_done(result)
    if to == "html":
        write_output(out_dir / "index.html", index_html(results).encode("utf-8"), force=True, inputs=inputs)
    return results


INDEX_SCRIPT = """
document.querySelectorAll('th button').forEach(function (b, col) {
  b.addEventListener('click', function () {
    var body = document.querySelector('tbody'), rows = Array.prototype.slice.call(body.rows);
    var asc = b.getAttribute('data-dir') !== 'asc';
    rows.sort(function (x, y) {
      var a = x.cells[col].getAttribute('data-sort') || x.cells[col].textContent;
      var c = y.cells[col].getAttribute('data-sort') || y.cells[col].textContent;
      return asc ? a.localeCompare(c) : c.localeCompare(a);
    });
    rows.forEach(function (r) { body.appendChild(r); });
    document.querySelectorAll('th button').forEach(function (o) { o.removeAttribute('data-dir'); });
    b.setAttribute('data-dir', asc ? 'asc' : 'desc');
  });
});
"""


def index_html(results: list[Rendered], title: str = "Documents", before: str = "") -> str:
    """A table of the documents, sorted by date; the column buttons re-sort it where scripts run. ``before``:
    markup between the heading and the table (an edition site's links and search)."""
    rows = []
    for r in sorted((r for r in results if r.output), key=lambda r: (r.date_sort, r.title)):
        # a page's name can hold any byte its input's name held: written as a URL, shown printable
        href = html.escape(urllib.parse.quote(os.fsencode(Path(r.output).as_posix())), quote=True)
        label = html.escape(r.title or printable(Path(r.output).stem))
        rows.append(
            f'<tr><td data-sort="{html.escape(r.date_sort)}">{html.escape(r.date or "")}</td>'
            f'<td><a href="{href}">{label}</a></td>'
            f'<td>{html.escape(", ".join(r.senders))}</td><td>{html.escape(", ".join(r.recipients))}</td></tr>')
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{html.escape(title)}</title>\n'
        "<style>body{font:16px/1.5 system-ui,sans-serif;margin:1.5rem auto;max-width:70rem;padding:0 1rem}"
        "table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.25rem .5rem;"
        "border-bottom:1px solid #ddd;vertical-align:top}th button{font:inherit;font-weight:bold;border:0;"
        "background:none;cursor:pointer;padding:0}</style>\n</head>\n<body>\n<main>\n"
        f"<h1>{html.escape(title)}</h1>\n{before}<p>{len(rows)} documents, sorted by date.</p>\n"
        '<table>\n<thead><tr><th scope="col"><button type="button">Date</button></th>'
        '<th scope="col"><button type="button">Title</button></th>'
        '<th scope="col"><button type="button">From</button></th>'
        '<th scope="col"><button type="button">To</button></th></tr></thead>\n<tbody>\n'
        + "\n".join(rows) + "\n</tbody>\n</table>\n</main>\n"
        f"<script>{INDEX_SCRIPT}</script>\n</body>\n</html>\n")
