"""Validation: negative fixtures (one kind of error each, with rule/message and line), reports, engines, CI use."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree
from teitools.schemas import PROFILE

from teitools.validation import Options, Validator, validate, validate_paths
from teitools.validation.findings import FileReport
from teitools.validation.reporters import FORMATS

from .conftest import ROOT, SHARED, TEI_ALL

needs_tei_all = pytest.mark.skipif(not TEI_ALL.is_file(), reason="../shared/schemas/tei_all.rng is not present")

HEAD = ('<teiHeader><fileDesc><titleStmt><title>T</title></titleStmt><publicationStmt><p>P</p></publicationStmt>'
        '<sourceDesc><p>S</p></sourceDesc></fileDesc>{profile}</teiHeader>')


def doc(body: str = "<p>text</p>", profile: str = "", root: str = 'xmlns="http://www.tei-c.org/ns/1.0"') -> str:
    """A TEI document whose body starts on line 3 (so expected lines are easy to state)."""
    return f'<TEI {root}>\n{HEAD.format(profile=profile)}\n<text><body>{body}</body></text></TEI>\n'


# name, document, expected rule, expected message fragment, expected line, needs tei_all
FIXTURES = [
    ("unknown-element", doc("<p><foo>x</foo></p>"), "schema", "foo", 3, True),
    ("wrong-nesting", doc("<p><p>x</p></p>"), "schema", "p", 3, True),
    ("unknown-attribute", doc('<p bogus="1">x</p>'), "schema", "bogus", 3, True),
    ("bad-date-value", doc('<p><date when="1934-13-01">x</date></p>'), "schema", "date", 3, True),
    ("date-not-a-date", doc('<p><date when="tomorrow">x</date></p>'), "date-valid", "tomorrow", 3, False),
    ("empty-body", doc(""), "schema", "body", 3, True),
    ("lb-with-text", doc("<p>a<lb>b</lb></p>"), "schema", "lb", 3, True),
    ("missing-title", '<TEI xmlns="http://www.tei-c.org/ns/1.0">\n<teiHeader><fileDesc><titleStmt/>'
     '<publicationStmt><p>P</p></publicationStmt><sourceDesc><p>S</p></sourceDesc></fileDesc></teiHeader>\n'
     '<text><body><p>x</p></body></text></TEI>', "schema", "titleStmt", 2, True),
    ("text-before-header", '<TEI xmlns="http://www.tei-c.org/ns/1.0">\n<text><body><p>x</p></body></text>\n'
     + HEAD.format(profile="") + "</TEI>", "schema", "", 2, True),
    ("no-namespace", doc(root=""), "tei-namespace", "namespace", 1, False),
    ("wrong-namespace", doc(root='xmlns="http://example.org/not-tei"'), "tei-namespace", "namespace", 1, False),
    ("dangling-pointer", doc('<p><persName ref="#nobody">A</persName></p>'), "pointer-resolves", "#nobody", 3,
     False),
    ("dangling-hand", doc('<p><add hand="#h1">A</add></p>'), "pointer-resolves", "#h1", 3, False),
    ("dangling-target", doc('<p><ref target="#n9">see</ref></p>'), "pointer-resolves", "#n9", 3, False),
    ("duplicate-id", doc('<p xml:id="a">x</p><p xml:id="a">y</p>'), "id-unique", '"a"', 3, False),
    ("date-order", doc('<p><date notBefore="1950-02-01" notAfter="1950-01-01">x</date></p>'), "date-order",
     "notBefore", 3, False),
    ("date-from-to", doc('<p><date from="1951" to="1950">x</date></p>'), "date-order", "from", 3, False),
    ("date-not-in-calendar", doc('<p><date when="1950-02-31">x</date></p>'), "date-real", "1950-02-31", 3, False),
    ("corresp-no-sent", doc(profile='<profileDesc><correspDesc><correspAction type="received"><persName>B'
                            '</persName></correspAction></correspDesc></profileDesc>'), "corresp-sent", "sent", 2,
     False),
    ("corresp-empty-name", doc(profile='<profileDesc><correspDesc><correspAction type="sent"><persName/>'
                               '</correspAction></correspDesc></profileDesc>'), "corresp-name", "persName", 2, False),
    ("empty-p", doc("<p>x</p><p/>"), "empty-p", "empty <p>", 3, False),
    ("empty-name", doc("<p><persName/> x</p>"), "empty-name", "persName", 3, False),
    ("malformed", '<TEI xmlns="http://www.tei-c.org/ns/1.0">\n<teiHeader>\n</TEI>\n', "well-formed", "mismatch",
     3, False),
    ("unclosed-attribute", '<TEI xmlns="http://www.tei-c.org/ns/1.0">\n<p a="1>x</p></TEI>\n', "well-formed", "", 2,
     False),
    ("billion-laughs", '<?xml version="1.0"?>\n<!DOCTYPE TEI [\n<!ENTITY a "aaaaaaaaaa">\n'
     '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>\n'
     '<TEI xmlns="http://www.tei-c.org/ns/1.0">&c;</TEI>\n', "well-formed", "entity declarations", 3, False),
    ("external-entity", '<?xml version="1.0"?>\n<!DOCTYPE TEI [\n<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
     '<TEI xmlns="http://www.tei-c.org/ns/1.0">&x;</TEI>\n', "well-formed", "entity declarations", 3, False),
    ("undefined-entity", '<TEI xmlns="http://www.tei-c.org/ns/1.0">\n<p>&nbsp;</p></TEI>\n', "well-formed",
     "nbsp", 2, False),
    ("not-xml-at-all", "this is not XML\n", "well-formed", "", 1, False),
]


@pytest.fixture(scope="module")
def validators():
    made: dict[bool, Validator] = {}

    def get(with_schema: bool) -> Validator:
        if with_schema not in made:
            made[with_schema] = Validator(Options(schema=str(TEI_ALL) if with_schema else None, strict=True))
        return made[with_schema]

    return get


@pytest.mark.parametrize(("name", "text", "rule", "fragment", "line", "schema"), FIXTURES, ids=[f[0] for f in FIXTURES])
def test_negative_fixture(validators, tmp_path, name, text, rule, fragment, line, schema):
    if schema and not TEI_ALL.is_file():
        pytest.skip("../shared/schemas/tei_all.rng is not present")
    path = tmp_path / f"{name}.xml"
    path.write_text(text, encoding="utf-8")
    report, _ = validators(schema).check_file(path)
    from teitools.validation.rules import RULES

    hits = [f for f in report.findings if f.rule == rule]
    assert hits, report.findings
    severity = RULES[rule].severity if rule in RULES else "error"
    assert hits[0].severity == severity and report.valid == (severity != "error")
    assert any(fragment.lower() in f.message.lower() for f in hits), hits
    assert hits[0].line == line, hits


def test_at_least_25_negative_fixtures():
    assert len(FIXTURES) >= 25


def test_rules_are_warnings_unless_strict(tmp_path):
    path = tmp_path / "a.xml"
    path.write_text(doc('<p><persName ref="#nobody">A</persName></p>'), encoding="utf-8")
    loose = validate(path)
    assert loose.valid and any(f.rule == "pointer-resolves" and f.severity == "warning"
                               for f in loose.files[0].findings)
    assert not validate(path, strict=True).valid


def test_ids_repeated_across_files(tmp_path):
    for n in "ab":
        (tmp_path / f"{n}.xml").write_text(doc('<p xml:id="same">x</p>'), encoding="utf-8")
    report = validate_paths(sorted(tmp_path.glob("*.xml")), Options())
    hits = [f for f in report.files[1].findings if f.rule == "id-unique-run"]
    assert len(hits) == 1 and hits[0].line == 3 and "a.xml" in hits[0].message


def test_declared_schema_relative_to_document(tmp_path):
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "mini.rng").write_text(
        '<grammar xmlns="http://relaxng.org/ns/structure/1.0" ns="http://www.tei-c.org/ns/1.0">'
        '<start><element name="TEI"><oneOrMore><element name="p"><text/></element></oneOrMore></element></start>'
        "</grammar>", encoding="utf-8")
    good = tmp_path / "good.xml"
    good.write_text('<?xml-model href="schemas/mini.rng" type="application/xml" '
                    'schematypens="http://relaxng.org/ns/structure/1.0"?>\n'
                    '<TEI xmlns="http://www.tei-c.org/ns/1.0"><p>x</p></TEI>', encoding="utf-8")
    bad = tmp_path / "bad.xml"
    bad.write_text(good.read_text().replace("<p>x</p>", "<q>x</q>"), encoding="utf-8")
    assert validate(good).valid
    report = validate(bad)
    assert not report.valid and report.files[0].findings[0].rule == "schema"
    assert "q" in report.files[0].findings[0].message


def test_network_schema_needs_permission(tmp_path):
    path = tmp_path / "a.xml"
    path.write_text('<?xml-model href="https://example.org/nowhere/tei_custom.rng" '
                    'schematypens="http://relaxng.org/ns/structure/1.0"?>\n' + doc(), encoding="utf-8")
    report = validate(path)
    finding = report.files[0].findings[0]
    assert finding.rule == "schema-unavailable" and "--allow-network" in finding.message


def test_xsd_11_assertions_with_xmlschema(tmp_path):
    xsd = tmp_path / "a.xsd"
    xsd.write_text(
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:vc="http://www.w3.org/2007/XMLSchema-versioning"'
        ' vc:minVersion="1.1" elementFormDefault="qualified" targetNamespace="urn:x" xmlns="urn:x">'
        '<xs:element name="r"><xs:complexType><xs:attribute name="from" type="xs:int"/>'
        '<xs:attribute name="to" type="xs:int"/><xs:assert test="@from le @to"/></xs:complexType></xs:element>'
        "</xs:schema>", encoding="utf-8")
    ok, bad = tmp_path / "ok.xml", tmp_path / "bad.xml"
    ok.write_text('<r xmlns="urn:x" from="1" to="2"/>', encoding="utf-8")
    bad.write_text('<r xmlns="urn:x" from="3" to="2"/>', encoding="utf-8")
    assert validate(ok, schema=str(xsd), rules=False).valid
    report = validate(bad, schema=str(xsd), rules=False)
    assert not report.valid and report.files[0].engine == "xmlschema"


def test_schematron_xpath2_runs(tmp_path):
    sch = tmp_path / "rules.sch"
    sch.write_text(
        '<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2">'
        '<ns prefix="tei" uri="http://www.tei-c.org/ns/1.0"/>'
        '<pattern id="p1"><rule context="tei:p" id="no-todo"><assert test="not(contains(., \'TODO\'))">'
        "A paragraph still says TODO.</assert></rule></pattern>"
        '<pattern id="p2"><rule context="tei:p" id="starts-x"><assert test="matches(., \'^x\')" role="warning">'
        'Starts with <value-of select="substring(., 1, 4)"/>, not x.</assert></rule></pattern></schema>',
        encoding="utf-8")
    path = tmp_path / "a.xml"
    path.write_text(doc("<p>TODO write</p>"), encoding="utf-8")
    report = validate(path, schematron=[str(sch)])
    hits = {f.rule: f for f in report.files[0].findings if f.rule.startswith("schematron:")}
    assert hits["schematron:no-todo"].line == 3 and hits["schematron:no-todo"].severity == "error"
    assert hits["schematron:starts-x"].message == "Starts with TODO, not x." and \
        hits["schematron:starts-x"].severity == "warning"


def test_report_formats():
    fr = FileReport("a.xml")
    fr.add(3, 5, "error", "schema", "element <foo> is not allowed here")
    fr.add(4, None, "warning", "empty-p", "empty <p>")
    from teitools.validation.findings import Report

    report = Report([fr, FileReport("b.xml")])
    human = FORMATS["human"](report)
    assert "a.xml:3:5: error: element <foo> is not allowed here [schema]" in human
    assert "2 files: 1 valid, 1 invalid; 1 errors, 1 warnings" in human
    data = json.loads(FORMATS["json"](report))
    assert data["files"][0]["findings"][0] == {"line": 3, "column": 5, "severity": "error", "rule": "schema",
                                               "message": "element <foo> is not allowed here"}
    assert data["summary"]["invalid"] == 1
    junit = etree.fromstring(FORMATS["junit"](report).encode())
    cases = junit.findall(".//testcase")
    assert len(cases) == 2 and cases[0].find("failure") is not None and cases[1].find("failure") is None
    gh = FORMATS["github"](report).splitlines()
    assert gh[0] == "::error file=a.xml,line=3,col=5,title=schema::element <foo> is not allowed here"
    assert gh[1].startswith("::warning file=a.xml,line=4,title=empty-p::")


def test_sarif_report():
    from teitools.validation.findings import Report

    fr = FileReport("letters/a b.xml")
    fr.add(3, 5, "error", "schema", "element <foo> is not allowed here")
    fr.add(4, None, "warning", "empty-p", "empty <p>")
    fr.add(None, None, "info", "no-schema", "rule checks only")
    log = json.loads(FORMATS["sarif"](Report([fr, FileReport("/abs/c.xml")])))
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "teitools" and [r["id"] for r in driver["rules"]] == ["schema", "empty-p", "no-schema"]
    assert driver["rules"][1]["shortDescription"]["text"] == "no empty p"
    first, second, third = run["results"]
    assert first == {"ruleId": "schema", "ruleIndex": 0, "level": "error",
                     "message": {"text": "element <foo> is not allowed here"},
                     "locations": [{"physicalLocation": {"artifactLocation": {"uri": "letters/a%20b.xml"},
                                                         "region": {"startLine": 3, "startColumn": 5}}}]}
    assert second["level"] == "warning" and "startColumn" not in second["locations"][0]["physicalLocation"]["region"]
    assert third["level"] == "note" and "region" not in third["locations"][0]["physicalLocation"]


def test_sarif_from_the_command_line(tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_text("<TEI><unclosed></TEI>", encoding="utf-8")
    r = run_cli("bad.xml", "--format", "sarif", cwd=tmp_path)
    assert r.returncode == 1
    result = json.loads(r.stdout)["runs"][0]["results"][0]
    assert result["ruleId"] == "well-formed" and result["locations"][0]["physicalLocation"]["artifactLocation"] == \
        {"uri": "bad.xml"}


def run_cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "teitools.cli", "validate", *args], capture_output=True, text=True,
                          cwd=cwd)


def test_cli_exit_codes_and_max_errors(tmp_path):
    good = tmp_path / "good.xml"
    good.write_text(doc(), encoding="utf-8")
    bad = tmp_path / "bad.xml"
    bad.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0">\n<x>\n</TEI>', encoding="utf-8")
    assert run_cli(str(good)).returncode == 0
    r = run_cli(str(good), str(bad), "--format", "json")
    assert r.returncode == 1 and json.loads(r.stdout)["summary"]["invalid"] == 1
    assert run_cli(str(tmp_path / "missing.xml")).returncode == 2
    assert run_cli(str(good), "--schema", str(tmp_path / "none.rng")).returncode == 2
    many = tmp_path / "many.xml"
    many.write_text(doc("".join(f'<p><persName ref="#x{i}">a</persName></p>' for i in range(9))), encoding="utf-8")
    r = run_cli(str(many), "--strict", "--max-errors", "3", "--format", "json")
    assert len([f for f in json.loads(r.stdout)["files"][0]["findings"] if f["severity"] == "error"]) == 3


def test_cli_jobs_give_the_same_report(tmp_path):
    for i in range(6):
        (tmp_path / f"d{i}.xml").write_text(doc(f'<p><date when="19{i}0-13">x</date></p>'), encoding="utf-8")
    one = run_cli(str(tmp_path), "--format", "json", "-j", "1").stdout
    two = run_cli(str(tmp_path), "--format", "json", "-j", "2").stdout
    assert json.loads(one) == json.loads(two)


def test_warm_worker_answers_like_a_cold_run(tmp_path):
    rng = tmp_path / "mini.rng"
    rng.write_text('<grammar xmlns="http://relaxng.org/ns/structure/1.0" ns="http://www.tei-c.org/ns/1.0">'
                   '<start><element name="TEI"><oneOrMore><element name="p"><text/></element></oneOrMore>'
                   "</element></start></grammar>", encoding="utf-8")
    bad = tmp_path / "bad.xml"
    bad.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0"><p>x</p><q/></TEI>', encoding="utf-8")
    from teitools.validation import worker

    cold = run_cli(str(bad), "--schema", str(rng), "--format", "json")
    proc = subprocess.Popen([sys.executable, "-m", "teitools.validation.worker", str(rng)])
    try:
        import time

        for _ in range(100):
            if worker.socket_path(str(rng)).exists():
                break
            time.sleep(0.1)
        answer = worker.ask(str(rng), [bad], True, False, None)
        assert answer is not None
        warm = run_cli(str(bad), "--schema", str(rng), "--format", "json", "--warm")
        assert json.loads(warm.stdout) == json.loads(cold.stdout)
        # names the worker has not seen yet (an attribute): its grammar grows, the verdict is still the cold one
        later = tmp_path / "later.xml"
        later.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0"><p rend="x">y</p></TEI>', encoding="utf-8")
        cold_later = run_cli(str(later), str(bad), "--schema", str(rng), "--format", "json")
        warm_later = run_cli(str(later), str(bad), "--schema", str(rng), "--format", "json", "--warm")
        assert json.loads(warm_later.stdout) == json.loads(cold_later.stdout)
        assert json.loads(warm_later.stdout)["summary"]["invalid"] == 2
        # a file in a subfolder of the folder named includes a file beside that folder's other files: the worker
        # reads it as the cold run does (inside the folder named), not only inside the file's own folder
        edition = tmp_path / "edition"
        (edition / "letters").mkdir(parents=True)
        (edition / "shared.txt").write_text("shared words", encoding="utf-8")
        (edition / "letters" / "l1.xml").write_text(
            '<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:xi="http://www.w3.org/2001/XInclude"><p>x '
            '<xi:include href="../shared.txt" parse="text"/></p></TEI>', encoding="utf-8")
        cold_folder = run_cli(str(edition), "--schema", str(rng), "--format", "json")
        warm_folder = run_cli(str(edition), "--schema", str(rng), "--format", "json", "--warm")
        assert json.loads(warm_folder.stdout) == json.loads(cold_folder.stdout)
        assert json.loads(cold_folder.stdout)["summary"]["valid"] == 1
        # a run the worker answers loads no lxml: that is most of what keeps it short
        code = ("import sys; from pathlib import Path; from teitools.validation import Options, validate_paths; "
                "from teitools.validation.reporters import human; "
                f"r = validate_paths([Path({str(bad)!r})], Options(schema={str(rng)!r}, warm=True)); "
                "print(human(r).splitlines()[-1], 'lxml' in sys.modules)")
        light = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        assert light.stdout.strip() == "1 files: 0 valid, 1 invalid; 1 errors, 0 warnings False"
    finally:
        proc.terminate()
        proc.wait(10)


@needs_tei_all
@pytest.mark.skipif(not shutil.which("jing"), reason="jing is not installed")
def test_agreement_with_jing():
    folders = [SHARED / "corpora" / f for f in ("letters-sample", "correspdesc-examples", "cody-letters")]
    files = sorted(p for f in folders for p in f.glob("*.xml"))
    out = subprocess.run(["jing", str(TEI_ALL), *map(str, files)], capture_output=True, text=True)
    jing_invalid = {line.split(":")[0] for line in out.stdout.splitlines() if ":" in line}
    # jing does not run the Schematron embedded in tei_all; the grammar's verdicts are compared
    report = validate_paths(files, Options(schema=str(TEI_ALL), embedded_rules=False), jobs=2)
    ours = {fr.path: fr.valid for fr in report.files}
    disagree = [p for p in ours if ours[p] == (p in jing_invalid)]
    assert len(files) > 350
    assert not disagree, disagree


@needs_tei_all
@pytest.mark.parametrize("path", sorted(Path(__file__).resolve().parent.parent.glob("samples/*.xml")),
                         ids=lambda p: p.name)
def test_own_samples_pass_schema_and_rules(path):
    report = validate(path, schema=str(TEI_ALL), strict=True)
    assert report.files[0].findings == []


SHIPPED_TEI_ALL = str(Path(PROFILE).with_name("tei_all-4.12.0.rng.gz"))


@pytest.mark.parametrize("change, expected", [
    ('<p xml:lang="not a lang!">', '@xml:lang="not a lang!" on <p> is not allowed by its datatype; expected language'),
    ('<p xml:space="wide">', '@xml:space="wide" on <p> is not allowed by its datatype; expected "default", '
                             '"preserve"'),
    ('<p><date when="1934-13-01">d</date>', '@when="1934-13-01" on <date> is not allowed by its datatype; expected '
                                            'date, gYear'),
    ('<p><x:foo xmlns:x="urn:x"/>', "element <x:foo> (namespace urn:x) is not allowed as the first child in <p>"),
])
def test_schema_messages_name_attributes_values_and_namespaces(change, expected):
    text = (ROOT / "samples" / "letter-1949.xml").read_text(encoding="utf-8").replace("<p>", change, 1)
    report = validate(etree.fromstring(text.encode()).getroottree(), schema=SHIPPED_TEI_ALL, rules=False)
    messages = [f.message for f in report.files[0].findings]
    assert any(expected in m for m in messages), messages


@pytest.mark.parametrize("removed, expected", [
    ("sourceDesc", "<fileDesc> is missing required element <sourceDesc>"),
    ("titleStmt", "element <publicationStmt> is not allowed as the first child in <fileDesc>; expected <titleStmt>"),
    ("publicationStmt", "element <sourceDesc> is not allowed after <titleStmt> in <fileDesc>; expected "
                        "<editionStmt>, <extent>, <publicationStmt>"),
])
def test_a_missing_required_element_is_named(removed, expected):
    import re

    text = (ROOT / "samples" / "letter-1949.xml").read_text(encoding="utf-8")
    text = re.sub(rf"<{removed}>.*?</{removed}>", "", text, count=1, flags=re.S)
    report = validate(etree.fromstring(text.encode()).getroottree(), schema=SHIPPED_TEI_ALL, rules=False)
    assert [f.message for f in report.files[0].findings][0] == expected


@pytest.mark.parametrize("old, new, expected", [
    ("<fileDesc>", "<fileDesc>\n   stray words\n   more", "text is not allowed here in <fileDesc>; expected <titleStmt>"),
    ("</titleStmt>", "</titleStmt>\n\n      stray after\n   ", "text is not allowed here in <fileDesc>; expected "
                                                             "<editionStmt>, <extent>, <publicationStmt>"),
])
def test_text_that_is_not_allowed_is_reported_at_the_text(tmp_path, old, new, expected):
    text = (ROOT / "samples" / "letter-1949.xml").read_text(encoding="utf-8").replace(old, new, 1)
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "stray" in row)
    report = validate(etree.fromstring(text.encode()).getroottree(), schema=SHIPPED_TEI_ALL, rules=False)
    first = report.files[0].findings[0]
    assert (first.line, first.message) == (line, expected)
    if shutil.which("jing") and (TEI_ALL.parent / "tei_all-4.12.0.rng").is_file():
        path = tmp_path / "a.xml"
        path.write_text(text, encoding="utf-8")
        out = subprocess.run(["jing", str(TEI_ALL.parent / "tei_all-4.12.0.rng"), str(path)], capture_output=True,
                             text=True)
        jing_lines = [int(row.split(":")[1]) for row in out.stdout.splitlines() if "error:" in row]
        if jing_lines:
            assert jing_lines[0] == line


def test_content_models_follow_the_grammar():
    from teitools.validation.expect import ContentModels

    rng = etree.fromstring(
        '<grammar xmlns="http://relaxng.org/ns/structure/1.0" ns="urn:t"><start><element name="r"><group>'
        '<element name="a"><empty/></element><optional><element name="b"><empty/></element></optional>'
        '<interleave><element name="c"><empty/></element><zeroOrMore><ref name="d"/></zeroOrMore></interleave>'
        '<oneOrMore><choice><element name="e"><empty/></element><element name="f"><empty/></element></choice>'
        '</oneOrMore></group></element></start><define name="d"><element name="d"><text/></element></define>'
        "</grammar>").getroottree()
    models = ContentModels({d.get("name"): [d] for d in rng.iter("{http://relaxng.org/ns/structure/1.0}define")})
    pattern = [rng.getroot()[0][0]]

    def problem(children: str) -> str | None:
        return models.explain(pattern, etree.fromstring(f'<r xmlns="urn:t">{children}</r>'))

    assert problem("<a/><d/><c/><d/><f/><e/>") is None
    assert problem("<a/><b/><c/>") == "<r> is missing required one of the elements <e>, <f>"
    assert problem("<a/><e/>") == "element <e> is not allowed after <a> in <r>; expected <b>, <c>, <d>"
    assert problem("<b/>") == "element <b> is not allowed as the first child in <r>; expected <a>"
    assert problem("") == "<r> is missing required element <a>"
    assert problem('<a/><c/><e/><x:a xmlns:x="urn:other"/>') == \
        "element <a> is not allowed after <e> in <r>; expected <e>, <f>"


def test_a_finding_is_reported_once(monkeypatch):
    from teitools.validation.schemas import Schema

    def twice(self, tree, report, max_errors=None):
        for _ in range(2):
            report.add(3, 1, "error", "schema", "the same message")

    monkeypatch.setattr(Schema, "check", twice)
    report = validate(etree.fromstring(doc("<p>x</p>").encode()).getroottree(), schema=SHIPPED_TEI_ALL, rules=False)
    assert [f.message for f in report.files[0].findings] == ["the same message"]


def test_a_duplicate_id_is_reported_in_its_place_not_as_the_end_of_the_parse(tmp_path):
    """An xml:id used twice no longer stops the parse: the errors before it come first (as jing reports them), and
    the duplicate is named with where the id was first used."""
    path = tmp_path / "dup.xml"
    path.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>t</title>\n'
                    '</titleStmt><publicationStmt zz="1"><p xml:id="a">p</p></publicationStmt>\n'
                    '<sourceDesc><p xml:id="a">s</p></sourceDesc></fileDesc></teiHeader>\n'
                    '<text><body><p>x</p></body></text></TEI>\n', encoding="utf-8")
    report = validate_paths([path], Options(schema=SHIPPED_TEI_ALL, rules=False, embedded_rules=False))
    errors = [(f.line, f.message) for f in report.files[0].findings if f.severity == "error"]
    assert errors[0][0] == 2 and "zz" in errors[0][1]
    assert (3, 'xml:id "a" is used twice in this file (first on line 2); give each element its own id') in errors


@pytest.mark.skipif(not (SHARED / "corpora").is_dir(), reason="../shared/corpora is not present")
def test_a_files_findings_are_the_same_alone_in_a_batch_and_from_a_warm_worker(tmp_path):
    """libxml2 recovers from an error along the ways the grammar offers, so a grammar specialised to a whole batch
    once gave a broken file more (or other) findings than it got alone; each invalid file is now reported from its
    own grammar."""
    import random

    rng = random.Random(2)
    corpus = sorted((SHARED / "corpora").glob("*/*.xml"))
    broken = []
    for k, source in enumerate(rng.sample(corpus, 24)):
        tree = etree.parse(str(source))
        inner = [e for e in tree.getroot().iter() if isinstance(e.tag, str)][1:]
        where = rng.choice(inner)
        tei = "{http://www.tei-c.org/ns/1.0}"
        if k % 4 == 0:
            etree.SubElement(where, f"{tei}zzBogus")
        elif k % 4 == 1:
            where.insert(0, etree.Element(f"{tei}listPerson"))
        elif k % 4 == 2:
            where.set("zzAttr", "x")
        else:
            where.insert(0, etree.Element(f"{tei}div"))
        path = tmp_path / f"broken-{k}.xml"
        tree.write(str(path))
        broken.append(path)
    options = Options(schema=SHIPPED_TEI_ALL, rules=False, embedded_rules=False)
    batch = validate_paths([*broken, *corpus[::25]], options, jobs=2)

    def found(report) -> list[tuple[int | None, str]]:
        return [(f.line, f.message) for f in report.findings]

    differ = [fr.path for fr in batch.files[:len(broken)]
              if found(fr) != found(validate_paths([Path(fr.path)], options).files[0])]
    assert not differ
    assert sum(not fr.valid for fr in batch.files[:len(broken)]) >= 20
