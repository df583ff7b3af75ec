"""Report formats: human (path:line:col), JSON, JUnit XML (one testcase per file), GitHub annotations, SARIF 2.1,
SVRL.

Every path and message goes through ``printable`` first: a file name with escape sequences, newlines or bytes
that are not UTF-8 can neither forge a line nor break a format.
"""

from __future__ import annotations

import json

from teitools.printable import printable
from teitools.validation.findings import FileReport, Finding, Report


def _where(path: str, f: Finding) -> str:
    return ":".join(str(x) for x in (f.file or path, f.line, f.column) if x is not None)


def _shown(report: Report) -> Report:
    """The report with every path, rule and message printable (most need no change, and are kept as they are)."""
    return Report([FileReport(printable(fr.path), [Finding(f.line, f.column, f.severity, printable(f.rule),
                                                           printable(f.message), f.file and printable(f.file),
                                                           f.schematron)
                                                   for f in fr.findings], fr.engine)
                   for fr in report.files])


def human(report: Report, verbose: bool = False) -> str:
    report = _shown(report)
    lines = []
    for fr in report.files:
        for f in fr.findings:
            if f.severity == "info" and not verbose:
                continue
            lines.append(f"{_where(fr.path, f)}: {f.severity}: {f.message} [{f.rule}]")
        if verbose:
            lines.append(f"{fr.path}: {'valid' if fr.valid else 'invalid'}" + (f" ({fr.engine})" if fr.engine else ""))
    s = report.summary()
    lines.append(f"{s['files']} files: {s['valid']} valid, {s['invalid']} invalid; "
                 f"{s['errors']} errors, {s['warnings']} warnings")
    return "\n".join(lines) + "\n"


def as_json(report: Report) -> str:
    report = _shown(report)
    return json.dumps({
        "files": [{"path": fr.path, "valid": fr.valid, "engine": fr.engine,
                   "findings": [f.as_dict() for f in fr.findings]} for fr in report.files],
        "summary": report.summary(),
    }, indent=2, ensure_ascii=False) + "\n"


def junit(report: Report) -> str:
    from lxml import etree  # only this format needs it: a warm run's report is made without lxml

    report = _shown(report)
    s = report.summary()
    suite = etree.Element("testsuite", name="teitools validate", tests=str(s["files"]), failures=str(s["invalid"]),
                          errors="0", skipped="0")
    for fr in report.files:
        case = etree.SubElement(suite, "testcase", classname="teitools.validate", name=fr.path)
        errors = [f for f in fr.findings if f.severity == "error"]
        if errors:
            failure = etree.SubElement(case, "failure", type="invalid",
                                       message=f"{len(errors)} error(s); first: {errors[0].message}")
            failure.text = "\n".join(f"{_where(fr.path, f)}: {f.message} [{f.rule}]" for f in errors)
        others = [f for f in fr.findings if f.severity != "error"]
        if others:
            etree.SubElement(case, "system-out").text = "\n".join(
                f"{_where(fr.path, f)}: {f.severity}: {f.message} [{f.rule}]" for f in others)
    root = etree.Element("testsuites", tests=str(s["files"]), failures=str(s["invalid"]))
    root.append(suite)
    return etree.tostring(root, encoding="unicode", pretty_print=True, doctype='<?xml version="1.0" encoding="UTF-8"?>')


def _escape(value: str, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if prop else value


def github(report: Report) -> str:
    """GitHub Actions workflow commands: one ::error / ::warning annotation per finding."""
    report = _shown(report)
    lines = []
    for fr in report.files:
        for f in fr.findings:
            if f.severity == "info":
                continue
            props = [f"file={_escape(f.file or fr.path, True)}"]
            if f.line:
                props.append(f"line={f.line}")
            if f.column:
                props.append(f"col={f.column}")
            props.append(f"title={_escape(f.rule, True)}")
            lines.append(f"::{'error' if f.severity == 'error' else 'warning'} {','.join(props)}::{_escape(f.message)}")
    s = report.summary()
    lines.append(f"{s['files']} files: {s['valid']} valid, {s['invalid']} invalid; {s['errors']} errors, "
                 f"{s['warnings']} warnings")
    return "\n".join(lines) + "\n"


SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def _artifact_uri(path: str) -> str:
    """A finding's file as SARIF wants it: a relative path as a relative URI (GitHub code scanning resolves it
    against the repository), an absolute one as a file: URI; percent-encoded, so any byte of a name is kept."""
    import os
    import urllib.parse

    raw = os.fsencode(path)
    if os.path.isabs(path):
        return "file://" + urllib.parse.quote(raw.replace(os.sep.encode(), b"/"))
    return urllib.parse.quote(raw.replace(os.sep.encode(), b"/"))


def sarif(report: Report) -> str:
    """SARIF 2.1.0, one run, one result per finding: for GitHub code scanning and other SARIF readers."""
    from teitools import __version__
    from teitools.validation.ruleset import RULES

    results, rules = [], {}
    for fr in report.files:
        for f in fr.findings:
            uri = _artifact_uri(f.file or fr.path)
            rule = printable(f.rule)
            if rule not in rules:
                known = RULES.get(f.rule)
                rules[rule] = {"id": rule, "shortDescription": {"text": known.description if known else rule}}
            location: dict = {"artifactLocation": {"uri": uri}}
            if f.line:
                location["region"] = {"startLine": f.line, **({"startColumn": f.column} if f.column else {})}
            results.append({"ruleId": rule, "ruleIndex": list(rules).index(rule), "level": _LEVELS[f.severity],
                            "message": {"text": printable(f.message)},
                            "locations": [{"physicalLocation": location}]})
    log = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [{
        "tool": {"driver": {"name": "teitools", "version": __version__, "semanticVersion": __version__,
                            "informationUri": "https://pypi.org/project/teitools/", "rules": list(rules.values())}},
        "columnKind": "unicodeCodePoints", "results": results}]}
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


SVRL = "http://purl.oclc.org/dsdl/svrl"


def svrl(report: Report) -> str:
    """SVRL, ISO Schematron's report language: each file's Schematron results under active patterns naming the
    file (@documents); the findings of the schema and the built-in rules as the report's text, so none is lost."""
    from lxml import etree

    report = _shown(report)
    v = f"{{{SVRL}}}"
    root = etree.Element(f"{v}schematron-output", nsmap={"svrl": SVRL}, title="teitools validate",
                         schemaVersion="ISO19757-3")
    for fr in report.files:
        for f in fr.findings:
            if f.schematron is None and f.severity != "info":
                etree.SubElement(root, f"{v}text").text = f"{_where(fr.path, f)}: {f.severity}: {f.message} [{f.rule}]"
    for fr in report.files:
        document = _artifact_uri(fr.path)
        groups: dict[str | None, dict[str, list[Finding]]] = {}
        for f in fr.findings:
            if f.schematron is not None:
                groups.setdefault(f.schematron.pattern, {}).setdefault(f.schematron.context, []).append(f)
        if not groups:
            etree.SubElement(root, f"{v}active-pattern", documents=document)
        for pattern, rules in groups.items():
            named = {"id": pattern} if pattern else {}
            etree.SubElement(root, f"{v}active-pattern", {"documents": document, **named})
            for context, findings in rules.items():
                etree.SubElement(root, f"{v}fired-rule", context=context, document=document)
                for f in findings:
                    hit = f.schematron
                    assert hit is not None
                    attrs = {k: val for k, val in (("id", hit.id), ("role", hit.role), ("flag", hit.flag)) if val}
                    el = etree.SubElement(root, f"{v}{hit.kind}", {"test": hit.test, "location": hit.location,
                                                                   **attrs})
                    texts = [text for _, text in hit.diagnostics]
                    for diagnostic, text in hit.diagnostics:
                        etree.SubElement(etree.SubElement(el, f"{v}diagnostic-reference", diagnostic=diagnostic),
                                         f"{v}text").text = text
                    for prop, role, scheme, text in hit.properties:
                        named = {k: val for k, val in (("role", role), ("scheme", scheme)) if val}
                        etree.SubElement(etree.SubElement(el, f"{v}property-reference", {"property": prop, **named}),
                                         f"{v}text").text = text
                    main = f.message.removesuffix(f" ({'; '.join(texts)})") if texts else f.message
                    etree.SubElement(el, f"{v}text").text = main
    return etree.tostring(root, encoding="unicode", pretty_print=True, doctype='<?xml version="1.0" encoding="UTF-8"?>')


FORMATS = {"human": human, "json": as_json, "junit": junit, "github": github, "sarif": sarif, "svrl": svrl}
