"""Which files a command works on: files as named, folders searched recursively, glob patterns; no repeats."""

from __future__ import annotations

import glob
from collections.abc import Container, Iterable
from pathlib import Path


def gather(paths: Iterable[str], suffix: str, skipped: list[Path] | None = None) -> list[tuple[Path, Path]]:
    """(file, the path its output takes in an output folder) for files, folders and globs: a file named or globbed
    goes at the top; a folder's files keep their paths in it, under the folder's own name when several folders
    are given (as ``cp -r`` lays them out), so that two folders' ``a.xml`` do not meet.

    Files in a folder without ``suffix`` are not taken; they are listed in ``skipped`` when it is given.
    """
    paths = list(paths)
    several_folders = sum(Path(p).is_dir() for p in paths) > 1
    out: list[tuple[Path, Path]] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            top = Path(path.resolve().name) if several_folders else Path()
            for f in sorted(path.rglob("*")):
                if not f.is_file():
                    continue
                if f.name.endswith(suffix):
                    out.append((f, top / f.relative_to(path)))
                elif skipped is not None and not f.name.startswith("."):
                    skipped.append(f)
        elif any(c in p for c in "*?["):
            out.extend((Path(m), Path(Path(m).name)) for m in sorted(glob.glob(p, recursive=True))
                       if Path(m).is_file())
        else:
            out.append((path, Path(path.name)))
    seen: set[Path] = set()
    return [(f, rel) for f, rel in out if not (f in seen or seen.add(f))]


def first_clash(outputs: Iterable[tuple[Path, Path]], reserved: Iterable[Path] = ()) -> str | None:
    """Why two inputs cannot be written where they would go (``outputs``: input, output path), or None: a run
    refuses that before it writes anything, instead of failing on, or with --force replacing, the first one's
    output. ``reserved`` are outputs of the run's own (a site's index)."""
    taken: dict[Path, Path | None] = dict.fromkeys(reserved)
    for source, target in outputs:
        if target in taken:
            first = taken[target]
            return (f"{first} and {source} would both be written to {target}" if first is not None else
                    f"{source} would be written to {target}, which the run writes itself")
        taken[target] = source
    return None


class InputPaths:
    """A run's input files, resolved only when asked about an output that exists already: a new output cannot be an
    input, and resolving every input of a corpus up front took a twentieth of a rendering run."""

    def __init__(self, paths: Iterable[Path]) -> None:
        self._paths = list(paths)
        self._resolved: set[Path] | None = None

    def __contains__(self, target: object) -> bool:
        if self._resolved is None:
            self._resolved = {p.resolve() for p in self._paths}
        return target in self._resolved


class OutputError(FileExistsError):
    """An output that must not be written: it is an input, or it exists and --force was not given."""


def write_output(target: Path, data: bytes, *, inputs: Container[Path], force: bool) -> None:
    """Write atomically, creating folders; never over an input (``inputs``: resolved paths), never over an
    existing file without ``force``."""
    from teitools.xml import write_atomic

    if target.exists():  # only an existing file can be an input (one stat for the usual, new output)
        if target.resolve() in inputs:
            raise OutputError(f"{target}: refusing to overwrite an input file")
        if not force:
            raise OutputError(f"{target}: exists (use --force to replace it)")
    try:
        write_atomic(target, data)
    except FileNotFoundError:  # the folder is missing: make it (asked only then, so a site's pages cost no mkdir)
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, data)
