"""A CMIF file (Correspondence Metadata Interchange Format, v1) of a whole edition, from its TEI files.

``collect`` reads the letters' metadata from every file (in several processes), ``cmif_tree`` writes them,
``cmif_problems`` checks a CMIF file against the rules correspSearch harvests by.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from teitools.cmif.checks import cmif_problems
from teitools.cmif.letters import Edition, Letter, editions_of, letters_of
from teitools.cmif.writer import CmifHeader, cmif_bytes, cmif_tree, edition_id, letter_url
from teitools.errors import InputError
from teitools.limits import DEFAULT, Limits
from teitools.parallel import in_order

__all__ = ["CmifHeader", "Collected", "Edition", "Letter", "cmif_bytes", "cmif_problems", "cmif_tree", "collect",
           "edition_id", "letter_url", "letters_of"]


@dataclass
class FileLetters:
    source: Path
    letters: list[Letter] = field(default_factory=list)
    editions: list[Edition] = field(default_factory=list)
    publisher: str = ""
    series: str = ""
    error: str | None = None


@dataclass
class Collected:
    letters: list[Letter]
    editions: list[Edition]
    errors: list[str]
    without_metadata: int  # files read that describe no letter (no correspDesc with a sent or received action)
    publishers: Counter[str]
    series: Counter[str]

    def common(self, counter: Counter[str]) -> str | None:
        """The value every file that gives one agrees on, else None."""
        return next(iter(counter)) if len(counter) == 1 else None


def _text(el) -> str:
    return " ".join("".join(el.itertext()).split()) if el is not None else ""


def _read(job: tuple[Path, str, Limits]) -> FileLetters:
    from teitools.resources import Access
    from teitools.xinclude import expand, has_includes
    from teitools.xml import TEI, parse_file

    path, page, limits = job
    t = f"{{{TEI}}}"
    try:
        tree = parse_file(path, limits)
        if has_includes(tree):
            expand(tree, str(path), Access("folder", path.parent.resolve()), limits)
    except InputError as exc:  # XMLInputError (with line and column), an unreadable file, an include refused
        return FileLetters(path, error=str(exc))
    root = tree.getroot()
    pub = root.find(f"{t}teiHeader/{t}fileDesc/{t}publicationStmt/{t}publisher")  # its text, whatever holds it
    file_desc = root.find(f"{t}teiHeader/{t}fileDesc")
    series = "" if file_desc is None else (_text(file_desc.find(f"{t}seriesStmt/{t}title"))
                                           or _text(file_desc.find(f"{t}titleStmt/{t}title[@level='s']")))
    return FileLetters(path, letters_of(root, page), editions_of(root), _text(pub), series)


def collect(pairs: Sequence[tuple[Path, Path]], jobs: int = 1, limits: Limits = DEFAULT,
            on_done: Callable[[FileLetters], None] | None = None) -> Collected:
    """The letters of every file, in input order; ``pairs`` are (file, its path in a site built from them)."""
    work = [(p, rel.with_suffix(".html").as_posix(), limits) for p, rel in pairs]
    letters: list[Letter] = []
    editions: dict[str, Edition] = {}
    errors: list[str] = []
    publishers: Counter[str] = Counter()
    series: Counter[str] = Counter()
    without = 0
    for found in in_order(_read, work, jobs):
        if on_done:
            on_done(found)
        if found.error:
            errors.append(found.error)
            continue
        renamed = {}
        for edition in found.editions:  # one edition per text; a second text under a taken id gets an id of its own
            known = next((e for e in editions.values() if e.xml == edition.xml), None)
            if known is None:
                xml_id, n = edition.xml_id, 1
                while xml_id in editions:
                    n += 1
                    xml_id = f"{edition.xml_id}-{n}"
                known = editions[xml_id] = replace(edition, xml_id=xml_id)
            renamed[edition.xml_id] = known.xml_id
        letters.extend(replace(lt, source=renamed.get(lt.source)) for lt in found.letters)
        without += not found.letters
        if found.publisher:
            publishers[found.publisher] += 1
        if found.series:
            series[found.series] += 1
    return Collected(letters, list(editions.values()), errors, without, publishers, series)
