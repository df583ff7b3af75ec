"""Validate TEI: well-formedness (safely), a schema (given or declared), TEI rule checks, user Schematron.

``validate`` is the entry point from Python; ``validate_paths`` is what the CLI
runs (several processes, one schema compilation per process, the cross-file id
check in the parent).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from teitools.parallel import in_order
from teitools.validation.findings import FileReport, Finding, Report
from teitools.validation.rules import RunIds, SchematronRules, check_rules
from teitools.validation.schemas import SchemaCache, SchemaError, declared_schema, profile_path
from teitools.validation.specialize import vocabulary
from teitools.xml import XMLInputError, parse_file

__all__ = ["validate", "validate_paths", "Options", "Report", "FileReport", "Finding", "SchemaError", "PROFILE"]

#: the teitools TEI profile (XSD 1.1) shipped with the package: ``validate(path, schema=PROFILE)``
PROFILE = profile_path()


@dataclass
class Options:
    schema: str | None = None  # a schema for every file; else each file's xml-model declaration
    rules: bool = True
    strict: bool = False  # built-in rule errors count against validity (default: reported as warnings)
    schematron: list[str] = field(default_factory=list)
    allow_network: bool = False
    max_errors: int | None = None
    engine: str | None = None  # force lxml or xmlschema
    warm: bool = False  # use (or start) a background worker that keeps the schema compiled
    specialize: bool = True  # compile RELAX NG specialised to the run's vocabulary (same verdicts, ~1000x faster)


class Validator:
    """Everything compiled once per process: schemas, Schematron rules."""

    def __init__(self, options: Options, vocabulary: tuple[frozenset, frozenset] | None = None) -> None:
        self.options = options
        self.schemas = SchemaCache(options.allow_network, options.engine,
                                   vocabulary if options.specialize else None)
        self.schematron = [SchematronRules(p) for p in options.schematron]
        if options.schema:
            self.schemas.get(options.schema)  # compile now: a bad schema is a usage error, not a finding

    def check_tree(self, tree: etree._ElementTree, report: FileReport, base: Path | None) -> None:
        opts = self.options
        location = opts.schema or declared_schema(tree)
        if location:
            try:
                schema = self.schemas.get(location, base if not opts.schema else None)
            except SchemaError as exc:
                report.add(None, None, "error", "schema-unavailable", str(exc))
            else:
                schema.check(tree, report, opts.max_errors)
        else:
            report.add(None, None, "info", "no-schema", "no schema given or declared (xml-model): rule checks only")
        if opts.rules:
            check_rules(tree, report, opts.strict)
        for sch in self.schematron:
            sch.check(tree, report)
        report.sort()
        if opts.max_errors:
            kept, errors = [], 0
            for f in report.findings:
                if f.severity == "error":
                    errors += 1
                    if errors > opts.max_errors:
                        continue
                kept.append(f)
            report.findings = kept

    def check_file(self, path: Path) -> tuple[FileReport, list[tuple[str, int | None]]]:
        report = FileReport(str(path))
        try:
            tree = parse_file(path)
        except XMLInputError as exc:
            dup = re.match(r"ID (\S+) already defined", exc.message)
            rule = "id-unique" if dup else "well-formed"
            message = f'xml:id "{dup.group(1)}" is used twice in this file; give each element its own id' if dup \
                else exc.message
            report.add(exc.line, exc.column, "error", rule, message)
            return report, []
        except OSError as exc:
            report.add(None, None, "error", "unreadable", exc.strerror or str(exc))
            return report, []
        self.check_tree(tree, report, path.parent)
        if not self.options.rules:  # the ids feed the cross-file rule only
            return report, []
        return report, [(str(a), a.getparent().sourceline) for a in _XML_IDS(tree)]


_XML_IDS = etree.XPath("//@xml:id")
_WORKER: Validator | None = None


def _init_worker(validator: Validator) -> None:
    global _WORKER
    _WORKER = validator


def _check(path: Path) -> tuple[FileReport, list[tuple[str, int | None]]]:
    assert _WORKER is not None
    return _WORKER.check_file(path)


def validate_paths(paths: list[Path], options: Options, jobs: int = 1,
                   on_done: Callable[[FileReport], None] | None = None) -> Report:
    """Validate files; with ``jobs`` > 1, forked workers share the schemas compiled here."""
    run_ids = RunIds()
    report = Report()
    results: Iterable[tuple[FileReport, list[tuple[str, int | None]]]]
    warm = _from_warm_worker(paths, options)
    if warm is not None:
        results = warm
    else:
        validator = Validator(options, _vocabulary_of(paths, options))
        # workers must be forked to share the compiled schemas (they cannot be sent to a spawned process)
        results = in_order(_check, paths, jobs if os.name == "posix" else 1, _init_worker, (validator,))
    for file_report, ids in results:
        if options.rules:
            for xml_id, line in ids:
                run_ids.check_id(xml_id, line, file_report)
            file_report.sort()
        report.files.append(file_report)
        if on_done:
            on_done(file_report)
    return report


def _vocabulary_of(paths: list[Path], options: Options) -> tuple[frozenset, frozenset] | None:
    """The element and attribute names of all the files (a quick parse each), for a specialised RELAX NG."""
    if not options.specialize or options.engine == "xmlschema" or (
            options.schema and not options.schema.lower().endswith(".rng")):
        return None
    return vocabulary(_parsed(paths))


def _parsed(paths: list[Path]) -> Iterator[etree._ElementTree]:
    """Each file that parses, one at a time (never the whole batch in memory)."""
    for path in paths:
        try:
            yield parse_file(path)
        except (XMLInputError, OSError):
            continue  # reported when the file is checked


def _from_warm_worker(paths: list[Path], options: Options) -> list | None:
    """Reports from a warm worker for the schema, if one runs; else start one for next time and return None."""
    if not options.warm or not options.schema or options.schematron or options.engine or os.name != "posix" or \
            options.schema.startswith(("http://", "https://")):
        return None
    from teitools.validation import worker

    answer = worker.ask(options.schema, paths, options.rules, options.strict, options.max_errors)
    if answer is None:
        worker.start(options.schema)
    return answer


def validate(source: str | os.PathLike[str] | etree._ElementTree | etree._Element, schema: str | None = None, *,
             rules: bool = True, strict: bool = False, schematron: list[str] | None = None,
             allow_network: bool = False) -> Report:
    """Validate one document (a path or a parsed tree) and return its report."""
    options = Options(schema=str(schema) if schema else None, rules=rules, strict=strict,
                      schematron=list(schematron or []), allow_network=allow_network)
    if isinstance(source, (etree._ElementTree, etree._Element)):
        tree = source if isinstance(source, etree._ElementTree) else source.getroottree()
        validator = Validator(options, vocabulary([tree]))
        file_report = FileReport("<tree>")
        validator.check_tree(tree, file_report, None)
        return Report([file_report])
    return validate_paths([Path(source)], options)
