"""One process's validation machinery: schemas and Schematron compiled once, then file after file.

``validate_paths`` (in ``run``) hands it the files a warm worker did not answer
for; forked processes share the one ``Validator`` compiled in the parent.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from teitools.catalog import Catalog
from teitools.errors import InputError, ResourceError, XMLInputError
from teitools.resources import Access, load, locate
from teitools.validation.findings import FileReport
from teitools.validation.options import Options
from teitools.validation.rules import XML_ID, check_rules
from teitools.validation.schemas import SchemaCache, SchemaError, declared_schema, declared_schematron
from teitools.validation.schematron import Schematron
from teitools.validation.specialize import vocabulary
from teitools.xinclude import XIncludeError, load_document, origin
from teitools.xml import parse_file


class Validator:
    """Everything compiled once per process: schemas, Schematron rules."""

    def __init__(self, options: Options, vocabulary: tuple[frozenset, frozenset] | None = None) -> None:
        self.options = options
        self.schemas = SchemaCache(options.allow_network, options.engine,
                                   vocabulary if options.specialize else None, allow_outside=options.allow_outside,
                                   limits=options.limits, catalog=Catalog(options.catalogs, limits=options.limits))
        self.schematron = [Schematron(p, allow_outside=options.allow_outside, limits=options.limits,
                                      phase=options.phase) for p in options.schematron]
        # what files declare with xml-model, by location: compiled, or why it cannot be had
        self.declared: dict[str, Schematron | str] = {}
        if options.schema:
            self.schemas.get(options.schema)  # compile now: a bad schema is a usage error, not a finding

    def check_tree(self, tree: etree._ElementTree, report: FileReport, base: Path | None) -> None:
        opts = self.options
        location = opts.schema or declared_schema(tree)
        schema = None
        if location:
            try:
                schema = self.schemas.get(location, base if not opts.schema else None)
            except SchemaError as exc:
                report.add(None, None, "error", "schema-unavailable", str(exc))
            else:
                schema.check(tree, report, opts.max_errors)
                if opts.embedded_rules and schema.embedded is not None:
                    schema.embedded.check(tree, report)
        else:
            report.add(None, None, "info", "no-schema", "no schema given or declared (xml-model): rule checks only")
        active = opts.active_rules
        if active:
            check_rules(tree, report, opts.strict, active)
        for sch in self.schematron:
            sch.check(tree, report)
        if not opts.schema:  # a schema given for every file stands in for what the files declare
            for href in declared_schematron(tree):
                declared = self._declared(href, base, schema, report)
                if declared is not None:
                    declared.check(tree, report)
        report.sort()
        report.findings = list(dict.fromkeys(report.findings))  # one finding once (engines repeat themselves)
        if opts.max_errors:
            kept, errors = [], 0
            for f in report.findings:
                if f.severity == "error":
                    errors += 1
                    if errors > opts.max_errors:
                        continue
                kept.append(f)
            report.findings = kept

    def _declared(self, href: str, base: Path | None, schema: object, report: FileReport) -> Schematron | None:
        """The Schematron an ``xml-model`` declares (a file, or the rules a grammar embeds), compiled once; None,
        with a warning, where it cannot be had, and None where it already ran as the grammar's own rules."""
        opts = self.options
        try:
            if href.lower().endswith((".rng", ".rng.gz", ".xsd")):
                if not opts.embedded_rules:
                    return None
                grammar = self.schemas.get(href, base)
                return None if grammar is schema else grammar.embedded
            located = locate(href, str(base) if base else None)
            location = self.schemas.catalog.resolve(located) or located
            if location not in self.declared:
                try:
                    access = Access("network" if opts.allow_network else "local")
                    path, _ = load(location, access, opts.limits, "Schematron")
                    self.declared[location] = Schematron(path, allow_outside=opts.allow_outside, limits=opts.limits)
                except ResourceError as exc:  # said for every file that declares it, looked for once
                    self.declared[location] = str(exc)
            declared = self.declared[location]
            if isinstance(declared, str):
                raise ResourceError(declared)
            return declared
        except (ResourceError, SchemaError) as exc:
            report.add(None, None, "warning", "schematron-unavailable",
                       f"the Schematron the file declares cannot be had, so its rules did not run: {exc}; give it "
                       f"with --schematron FILE, or map its address with --catalog FILE")
            return None

    def check_file(self, path: Path, root: Path | None = None) -> tuple[FileReport, list[tuple[str, int | None]]]:
        """One file; ``root``: the folder tree its includes may read (the folder it was found in; by default its
        own folder)."""
        report = FileReport(str(path))
        opts = self.options
        try:
            # a duplicate xml:id is reported in its place, not as the end of the parse
            tree = load_document(path, root, opts.limits, allow_outside=opts.allow_outside,
                                 allow_network=opts.allow_network, ids=False, includes=opts.xinclude)
        except XMLInputError as exc:
            report.add(exc.line, exc.column, "error", "well-formed", exc.message)
            return report, []
        except XIncludeError as exc:
            report.add(exc.line, None, "error", "xinclude", str(exc),
                       exc.path if os.path.abspath(exc.path) != os.path.abspath(path) else None)
            return report, []
        except InputError as exc:  # not a regular file, no permission, over the size limit
            report.add(None, None, "error", "unreadable", str(exc).removeprefix(f"{path}: "))
            return report, []
        self.check_tree(tree, report, path.parent)
        if "id-unique-run" not in self.options.active_rules:  # the ids feed the cross-file rule only
            return report, []
        return report, _ids_of(tree)


_XML_IDS = etree.XPath("//@xml:id")


def _ids_of(tree: etree._ElementTree) -> list[tuple[str, int | None]]:
    """(xml:id, line) of every element, for the cross-file rule: one XPath in C, or, past libxml2's ten million
    nodes in one node-set, a walk in Python."""
    if tree.docinfo.URL:  # set by an XInclude expansion: an included register's ids are its own file's
        return [(el.get(XML_ID), el.sourceline) for el in tree.iter(etree.Element)
                if el.get(XML_ID) is not None and origin(el) is None]
    try:
        return [(str(a), a.getparent().sourceline) for a in _XML_IDS(tree)]
    except etree.XPathEvalError:
        return [(el.get(XML_ID), el.sourceline) for el in tree.iter(etree.Element) if el.get(XML_ID) is not None]
_WORKER: Validator | None = None


def _init_worker(validator: Validator) -> None:
    global _WORKER
    _WORKER = validator


def _check(item: Path | tuple[Path, Path]) -> tuple[FileReport, list[tuple[str, int | None]]]:
    assert _WORKER is not None
    return _WORKER.check_file(*item) if isinstance(item, tuple) else _WORKER.check_file(item)


def _vocabulary_of(paths: list[Path], options: Options) -> tuple[frozenset, frozenset] | None:
    """The element and attribute names of all the files (a quick parse each), for a specialised RELAX NG."""
    if not options.specialize or options.engine == "xmlschema" or (
            options.schema and not options.schema.lower().endswith((".rng", ".rng.gz"))):
        return None
    return vocabulary(_parsed(paths, options))


def _parsed(paths: list[Path], options: Options) -> Iterator[etree._ElementTree]:
    """Each file that parses, one at a time (never the whole batch in memory)."""
    for path in paths:
        try:
            yield parse_file(path, options.limits)
        except InputError:
            continue  # reported when the file is checked
