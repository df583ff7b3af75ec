"""Which files a command works on: files as named, folders searched recursively, glob patterns; no repeats."""

from __future__ import annotations

import glob
from collections.abc import Iterable
from pathlib import Path


def gather(paths: Iterable[str], suffix: str) -> list[tuple[Path, Path]]:
    """(file, its path relative to the folder argument that found it) for files, folders and globs."""
    out: list[tuple[Path, Path]] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            out.extend((f, f.relative_to(path)) for f in sorted(path.rglob(f"*{suffix}")) if f.is_file())
        elif any(c in p for c in "*?["):
            out.extend((Path(m), Path(Path(m).name)) for m in sorted(glob.glob(p, recursive=True))
                       if Path(m).is_file())
        else:
            out.append((path, Path(path.name)))
    seen: set[Path] = set()
    return [(f, rel) for f, rel in out if not (f in seen or seen.add(f))]
