"""The built-in TEI rules: one fixture table, input → the findings each rule gives; the registry; choosing rules."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from teitools.validation.findings import FileReport
from teitools.validation.options import Options
from teitools.validation.rules import CHECKS, check_rules
from teitools.validation.ruleset import RULES, rules_table
from teitools.xml import parse_bytes

ROOT = Path(__file__).resolve().parent.parent
NS = 'xmlns="http://www.tei-c.org/ns/1.0"'


def tei(body: str, header: str = "") -> bytes:
    return (f"<TEI {NS}><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt></fileDesc>{header}"
            f"</teiHeader>\n<text><body>\n{body}\n</body></text></TEI>").encode()


# (rule, document, [(line, message fragment)]) — a fixture that breaks the rule, then ones that keep it
FIXTURES = [
    ("tei-namespace", b"<TEI><text/></TEI>", [(1, "a TEI document's root is <TEI>")]),
    ("tei-namespace", b'<teiCorpus xmlns="http://www.tei-c.org/ns/1.0"/>', []),
    ("id-unique", "twice", [(4, 'xml:id "a" is used again (first on line 3)')]),
    ("id-unique", tei('<p xml:id="a">x</p>\n<p xml:id="b">y</p>'), []),
    ("pointer-resolves", tei('<p><persName ref="#nobody">A</persName></p>'),
     [(3, '@ref="#nobody" on <persName> points to no xml:id')]),
    ("pointer-resolves", tei('<p xml:id="x"><ref target="#x https://example.org #y">A</ref></p>'),
     [(3, '@target="#y"')]),
    ("pointer-resolves", tei('<p xml:id="x"><ptr target="#x"/><ref target="other.xml#z">A</ref></p>'), []),
    ("pointer-resolves", tei('<p><egXML xmlns="http://www.tei-c.org/ns/Examples" ref="#none"/></p>'), []),
    ("date-valid", tei('<p><date when="1934-13">x</date></p>'), [(3, '@when="1934-13" on <date> is not a W3C date')]),
    ("date-valid", tei('<p><date when="1934-02" notBefore="--03-01">x</date><date when="1934-02-03T10:00:00">y'
                       '</date></p>'), []),
    ("date-valid", tei('<p><locus from="12r" to="13v">x</locus></p>'), []),  # a locus's from/to are folios
    ("date-real", tei('<p><date when="1934-02-30">x</date></p>'), [(3, "names a day the month does not have")]),
    ("date-real", tei('<p><date when="1932-02-29">x</date></p>'), []),
    ("date-order", tei('<p><date notBefore="1935" notAfter="1934-05">x</date></p>'),
     [(3, "@notBefore=1935 is after @notAfter=1934-05 on <date>")]),
    ("date-order", tei('<p><date from="1934-05" to="1934">x</date></p>'), []),  # 1934-05 lies within 1934
    ("corresp-sent", tei("<p>x</p>", '<profileDesc><correspDesc>\n<correspAction type="received"><persName>B'
                                     '</persName></correspAction></correspDesc></profileDesc>'),
     [(1, "correspDesc has no correspAction[@type='sent']")]),
    ("corresp-sent", tei("<p>x</p>", "<profileDesc><correspDesc><note>only a note</note></correspDesc>"
                                     "</profileDesc>"), []),
    ("corresp-name", tei("<p>x</p>", '<profileDesc><correspDesc><correspAction type="sent"><persName/>'
                                     "</correspAction></correspDesc></profileDesc>"),
     [(1, "<persName> in correspAction is empty")]),
    ("empty-p", tei("<p> </p>\n<p><lb/></p>\n<p>text</p>"), [(3, "empty <p>")]),
    ("empty-name", tei('<p><persName/> <placeName ref="#x"/> <orgName key="k"/><name>N</name></p>'),
     [(3, "empty <persName> without @ref")]),
]


@pytest.mark.parametrize("rule, document, expected", FIXTURES,
                         ids=[f"{r}-{i}" for i, (r, _, _) in enumerate(FIXTURES)])
def test_rule_fixture(rule, document, expected):
    if document == "twice":  # libxml2 refuses a repeated xml:id when it parses; a tree built in Python can have it
        tree = parse_bytes(tei('<p xml:id="a">x</p>\n<p xml:id="b">y</p>'))
        tree.getroot()[1][0][1].set("{http://www.w3.org/XML/1998/namespace}id", "a")
    else:
        tree = parse_bytes(document)
    report = FileReport("a.xml")
    check_rules(tree, report, strict=True, active=frozenset({rule}))
    found = [(f.line, f.message) for f in report.findings]
    assert len(found) == len(expected), found
    for (line, message), (want_line, fragment) in zip(found, expected, strict=True):
        assert line == want_line and fragment in message
    assert all(f.rule == rule and f.severity == RULES[rule].severity for f in report.findings)


def test_every_rule_in_the_table_has_its_check_and_fixtures():
    assert set(CHECKS) == set(RULES) - {"id-unique-run"}  # the one rule that spans the files of a run
    covered = {rule for rule, _, expected in FIXTURES if expected}
    assert covered == set(CHECKS)


def test_rules_are_warnings_unless_strict():
    report = FileReport("a.xml")
    check_rules(parse_bytes(tei('<p><date when="1934-02-30">x</date></p>')), report)
    assert [f.severity for f in report.findings] == ["warning"]


def test_choosing_rules():
    assert Options().active_rules == frozenset(RULES)
    assert Options(disable_rules=("empty-p",)).active_rules == frozenset(RULES) - {"empty-p"}
    assert Options(rules=False, enable_rules=("date-real",)).active_rules == {"date-real"}
    with pytest.raises(ValueError, match="no built-in rule nope"):
        Options(disable_rules=("nope",))


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "teitools.cli", "validate", *map(str, args)], capture_output=True,
                          text=True, cwd=cwd, timeout=120)


def test_enable_and_disable_rules_on_the_command_line(tmp_path):
    doc = tmp_path / "a.xml"
    doc.write_bytes(tei('<p> </p>\n<p><date when="1934-02-30">x</date></p>'))
    both = run(doc, "--strict")
    assert "[empty-p]" in both.stdout and "[date-real]" in both.stdout and both.returncode == 1
    only = run(doc, "--strict", "--no-rules", "--enable-rule", "empty-p")
    assert "[empty-p]" in only.stdout and "[date-real]" not in only.stdout
    without = run(doc, "--strict", "--disable-rule", "date-real")
    assert "[date-real]" not in without.stdout and "[empty-p]" in without.stdout
    assert run(doc, "--disable-rule", "nope").returncode == 2


def test_list_rules_is_the_readme_table():
    r = run("--list-rules")
    assert r.returncode == 0 and r.stdout == rules_table()
    assert rules_table() in (ROOT / "README.md").read_text(encoding="utf-8")
