"""Which files a command works on: files as named, folders searched recursively, glob patterns; no repeats."""

from __future__ import annotations

import errno
import glob
import os
from collections.abc import Callable, Container, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from teitools.errors import OutputClash, OutputError

__all__ = ["OutputClash", "OutputError", "InputPaths", "first_clash", "gather", "refuse_output", "write_output"]


def gather(paths: Iterable[str], suffix: str, skipped: list[Path] | None = None,
           unreadable: list[str] | None = None) -> list[tuple[Path, Path]]:
    """(file, the path its output takes in an output folder) for files, folders and globs: a file named or globbed
    goes at the top; a folder's files keep their paths in it, under the folder's own name when several folders
    are given (as ``cp -r`` lays them out), so that two folders' ``a.xml`` do not meet.

    Files in a folder without ``suffix`` are not taken; they are listed in ``skipped`` when it is given. What cannot
    be looked into (a subfolder without permission, a loop of symbolic links) goes to ``unreadable`` as a message
    naming it.
    """
    problems: list[str] = unreadable if unreadable is not None else []
    paths = list(paths)
    several_folders = sum(Path(p).is_dir() for p in paths) > 1
    out: list[tuple[Path, Path]] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            top = Path(path.resolve().name) if several_folders else Path()
            for parts in sorted(_files_under(path, problems)):
                if parts[-1].endswith(suffix):
                    out.append((path.joinpath(*parts), top.joinpath(*parts)))
                elif skipped is not None and not parts[-1].startswith("."):
                    skipped.append(path.joinpath(*parts))
        elif any(c in p for c in "*?["):
            out.extend((Path(m), Path(Path(m).name)) for m in sorted(glob.glob(p, recursive=True))
                       if Path(m).is_file())
        else:
            out.append((path, Path(path.name)))
    seen: set[Path] = set()
    return [(f, rel) for f, rel in out if not (f in seen or seen.add(f))]


def _files_under(folder: Path, problems: list[str]) -> Iterator[tuple[str, ...]]:
    """The files in ``folder`` and its subfolders, as path parts: what ``rglob`` and ``is_file`` find (symbolic links
    to files, not into folders), at a third of the cost, which a corpus of thousands of letters felt. A subfolder
    that cannot be listed, or a link that leads nowhere it can stat (a loop), is named in ``problems``."""
    stack: list[tuple[str, ...]] = [()]
    while stack:
        where = stack.pop()
        try:
            with os.scandir(folder.joinpath(*where)) as entries:
                for entry in entries:
                    try:
                        if entry.is_dir(follow_symlinks=False):
                            stack.append((*where, entry.name))
                        elif entry.is_file():
                            yield (*where, entry.name)
                    except OSError as exc:
                        problems.append(f"{folder.joinpath(*where, entry.name)}: cannot read: {_reason(exc)}")
        except OSError as exc:
            problems.append(f"{folder.joinpath(*where)}: cannot read folder: {_reason(exc)}")


def _reason(exc: OSError) -> str:
    return "too many levels of symbolic links" if exc.errno == errno.ELOOP else (exc.strerror or str(exc))


def first_clash(outputs: Iterable[tuple[Path, Path]], reserved: Iterable[Path] = (), folder: Path | None = None
                ) -> str | None:
    """Why two inputs cannot be written where they would go (``outputs``: input, output path, in ``folder`` if
    given), or None: a run refuses that before it writes anything, instead of failing on, or with --force
    replacing, the first one's output. ``reserved`` are outputs of the run's own (a site's index)."""
    taken: dict[str, Path | None] = dict.fromkeys(map(str, reserved))
    for source, target in outputs:
        key = str(target)
        if key in taken:
            first = taken[key]
            where = folder / target if folder is not None else target
            return (f"{first} and {source} would both be written to {where}" if first is not None else
                    f"{source} would be written to {where}, which the run writes itself")
        taken[key] = source
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


def refuse_output(target: Path, *, inputs: Container[Path], force: bool) -> None:
    """OutputError if ``target`` may not be written: it is an input or a folder, or it exists and not ``force``. A
    run that writes its output only at the end (a report) asks this first, so it does not work in vain."""
    if target.exists() or target.is_symlink():  # only an existing file can be an input (one stat for a new one)
        if target.resolve() in inputs:
            raise OutputError(f"{target}: refusing to overwrite an input file")
        if target.is_dir():
            raise OutputError(f"{target}: is a folder")
        if not force:
            raise OutputError(f"{target}: exists (use --force to replace it)")


def write_output(target: Path, data: bytes | Callable[[BinaryIO], None], *, inputs: Container[Path], force: bool
                 ) -> None:
    """Write atomically, creating folders; never over an input (``inputs``: resolved paths), never over an
    existing file without ``force`` — not even one that appears while the run writes (OutputError). ``data``: the
    bytes, or a function that writes them to a file.

    Without ``force`` the finished temporary file is linked to its name, which fails if the name exists: the check
    and the creation are one step, so two runs into one folder cannot replace each other's files."""
    from teitools.xml import write_atomic

    try:
        refuse_output(target, inputs=inputs, force=force)
        try:
            write_atomic(target, data, replace=force)
        except FileNotFoundError:  # the folder is missing: make it (asked only then, so a site's pages cost no mkdir)
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(target, data, replace=force)
    except OutputError:
        raise
    except FileExistsError:  # it appeared after the check
        raise OutputError(f"{target}: exists (use --force to replace it)") from None
    except OSError as exc:
        raise OutputError(f"{target}: cannot write: {exc.strerror or exc}") from None
