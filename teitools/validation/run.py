"""A validation run: files in, one report out; from a warm worker when one answers, else in this process.

This module loads nothing heavy: a run that the warm worker answers never imports
lxml or compiles anything here, which is what keeps ``--warm`` runs short.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from teitools.limits import DEFAULT
from teitools.validation.findings import FileReport, Report
from teitools.validation.options import Options
from teitools.validation.ruleset import RunIds

if TYPE_CHECKING:
    from lxml import etree


def validate_paths(paths: list[Path], options: Options, jobs: int = 1,
                   on_done: Callable[[FileReport], None] | None = None,
                   roots: dict[Path, Path] | None = None) -> Report:
    """Validate files; with ``jobs`` > 1, forked workers share the schemas compiled here. ``roots``: for a file
    found in a folder that was named, that folder: its includes may read anything inside it."""
    run_ids = RunIds()
    report = Report()
    results: Iterable[tuple[FileReport, list[tuple[str, int | None]]]]
    warm = _from_warm_worker(paths, options, roots or {})
    if warm is not None:
        results = warm
    else:
        from teitools.parallel import in_order
        from teitools.validation.validator import Validator, _check, _init_worker, _vocabulary_of

        validator = Validator(options, _vocabulary_of(paths, options))
        # workers must be forked to share the compiled schemas (they cannot be sent to a spawned process)
        items = [(p, roots[p]) if roots and p in roots else p for p in paths]
        results = in_order(_check, items, jobs if os.name == "posix" else 1, _init_worker, (validator,))
    across = "id-unique-run" in options.active_rules
    for file_report, ids in results:
        if across and ids:
            for xml_id, line in ids:
                run_ids.check_id(xml_id, line, file_report)
            file_report.sort()
        report.files.append(file_report)
        if on_done:
            on_done(file_report)
    return report


def _from_warm_worker(paths: list[Path], options: Options, roots: dict[Path, Path]) -> list | None:
    """Reports from a warm worker for the schema, if one runs; else start one for next time and return None."""
    if not options.warm or not options.schema or options.schematron or options.engine or os.name != "posix" or \
            options.schema.startswith(("http://", "https://")) or options.limits != DEFAULT or options.allow_outside \
            or options.catalogs or options.enable_rules or options.disable_rules \
            or not options.embedded_rules:
        return None  # the worker runs with the defaults: a run that changes them is answered here
    from teitools.validation import worker

    answer = worker.ask(options.schema, paths, options.rules, options.strict, options.max_errors,
                        [roots.get(p) for p in paths])
    if answer is None:
        worker.start(options.schema)
    return answer


def validate(source: str | os.PathLike[str] | etree._ElementTree | etree._Element, schema: str | None = None, *,
             rules: bool = True, strict: bool = False, schematron: list[str] | None = None,
             allow_network: bool = False, catalogs: list[str] | None = None) -> Report:
    """Validate one document (a path or a parsed tree) and return its report. ``catalogs``: OASIS XML catalog
    files consulted before teitools' own (which maps the TEI Consortium's tei_all addresses to the shipped copy);
    ``XML_CATALOG_FILES`` is read by the command line, not here."""
    options = Options(schema=str(schema) if schema else None, rules=rules, strict=strict,
                      schematron=list(schematron or []), allow_network=allow_network, catalogs=list(catalogs or []))
    from lxml import etree

    from teitools.validation.specialize import vocabulary
    from teitools.validation.validator import Validator

    if isinstance(source, (etree._ElementTree, etree._Element)):
        tree = source if isinstance(source, etree._ElementTree) else source.getroottree()
        validator = Validator(options, vocabulary([tree]))
        file_report = FileReport("<tree>")
        validator.check_tree(tree, file_report, None)
        return Report([file_report])
    return validate_paths([Path(source)], options)
