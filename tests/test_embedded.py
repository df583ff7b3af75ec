"""The Schematron a schema carries (an ODD's constraints): gathered from RELAX NG and XSD, run with the schema by
default and not with --no-embedded-rules; tei_all's ~90 patterns over corpus files (and copies broken to make them
fire) give the findings Saxon gives when it runs the same patterns through lxml's ISO skeleton."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from teitools.validation import Options, validate_paths
from teitools.validation.embedded import embedded_schematron
from teitools.validation.findings import FileReport
from teitools.validation.schematron import Schematron
from teitools.xml import parse_file

from .conftest import SHARED
from .test_schematron import mutated, saxon_schematron

RNG = "http://relaxng.org/ns/structure/1.0"
SCH = "http://purl.oclc.org/dsdl/schematron"
GRAMMAR = f"""<grammar xmlns="{RNG}" xmlns:sch="{SCH}" ns="http://www.tei-c.org/ns/1.0">
  <sch:ns prefix="tei" uri="http://www.tei-c.org/ns/1.0"/>
  <start><element name="TEI"><zeroOrMore><element name="date"><optional><attribute name="when"/></optional>
    <optional><attribute name="notBefore"/></optional><text/></element></zeroOrMore>
    <pattern xmlns="{SCH}" id="when-alone"><rule context="tei:date[@when]">
      <report test="@notBefore" role="nonfatal">@when with @notBefore</report></rule></pattern>
    <sch:pattern id="dated"><sch:rule context="tei:date"><sch:assert test="normalize-space(.)" id="date-text">a date
      without text: <sch:value-of select="@when"/></sch:assert></sch:rule></sch:pattern>
  </element></start>
</grammar>"""
XSD = f"""<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:sch="{SCH}" elementFormDefault="qualified"
    targetNamespace="http://www.tei-c.org/ns/1.0">
  <xs:element name="TEI"><xs:annotation><xs:appinfo>
    <sch:ns prefix="tei" uri="http://www.tei-c.org/ns/1.0"/>
    <sch:pattern><sch:rule context="tei:TEI"><sch:assert test="tei:date" id="has-date">no date</sch:assert>
    </sch:rule></sch:pattern></xs:appinfo></xs:annotation>
    <xs:complexType><xs:sequence><xs:element name="date" minOccurs="0" maxOccurs="unbounded" type="xs:string"/>
    </xs:sequence></xs:complexType></xs:element>
</xs:schema>"""
DOC = """<TEI xmlns="http://www.tei-c.org/ns/1.0">
<date when="1900" notBefore="1899">1900</date>
<date when="1901"/>
</TEI>"""


def _findings(tmp_path: Path, schema: str, suffix: str, doc: str = DOC, **options) -> list[tuple]:
    (tmp_path / f"s.{suffix}").write_text(schema, encoding="utf-8")
    (tmp_path / "d.xml").write_text(doc, encoding="utf-8")
    report = validate_paths([tmp_path / "d.xml"], Options(schema=str(tmp_path / f"s.{suffix}"), rules=False,
                                                          **options))
    return [(f.line, f.severity, f.rule, f.message) for f in report.files[0].findings]


def test_relaxng_patterns_run_with_the_grammar(tmp_path):
    assert _findings(tmp_path, GRAMMAR, "rng") == [
        (2, "warning", "schematron:when-alone", "@when with @notBefore"),
        (3, "error", "schematron:date-text", "a date without text: 1901"),
    ]


def test_no_embedded_rules(tmp_path):
    assert _findings(tmp_path, GRAMMAR, "rng", embedded_rules=False) == []


def test_xsd_appinfo_patterns_run_with_the_schema(tmp_path):
    assert _findings(tmp_path, XSD, "xsd", doc='<TEI xmlns="http://www.tei-c.org/ns/1.0"/>') == [
        (1, "error", "schematron:has-date", "no date")]


def test_a_grammar_without_patterns_has_none():
    assert embedded_schematron(etree.fromstring(f'<grammar xmlns="{RNG}"><start><element name="a"><empty/>'
                                                f'</element></start></grammar>')) is None


def test_cli_runs_the_shipped_tei_all_patterns(tmp_path):
    doc = tmp_path / "letter.xml"
    doc.write_text("""<?xml-model href="http://www.tei-c.org/release/xml/tei/custom/schema/relaxng/tei_all.rng"
 type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>t</title></titleStmt>
<publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p></sourceDesc></fileDesc></teiHeader>
<text><body><p><date when="1900-01-01" notBefore="1899">1900</date><addSpan/></p></body></text></TEI>
""", encoding="utf-8")
    run = [sys.executable, "-m", "teitools.cli", "validate", "--no-rules", str(doc)]
    out = subprocess.run(run, capture_output=True, text=True)
    assert out.returncode == 1, out.stdout + out.stderr
    assert "The @when attribute cannot be used with any other att.datable.w3c attributes." in out.stdout
    assert "error: The @spanTo attribute of <addSpan> is required." in out.stdout
    skipped = subprocess.run([*run, "--no-embedded-rules"], capture_output=True, text=True)
    assert skipped.returncode == 0 and "schematron" not in skipped.stdout, skipped.stdout


TEI_ALL_4_12 = SHARED / "schemas" / "tei_all-4.12.0.rng"


@pytest.mark.skipif(not TEI_ALL_4_12.is_file(), reason="../shared/schemas is not present")
def test_tei_all_patterns_agree_with_saxon(tmp_path):
    schema = tmp_path / "tei_all-embedded.sch"
    root = embedded_schematron(etree.parse(str(TEI_ALL_4_12)))
    schema.write_bytes(etree.tostring(root))
    ours = Schematron.from_element(root, "tei_all.rng")
    saxon = saxon_schematron(schema)
    corpus = sorted((SHARED / "corpora").glob("*/*.xml"))[::20]
    docs = [*corpus, *(mutated(d, tmp_path) for d in corpus[::3])]
    compared, differences = 0, {}
    for doc in docs:
        report = FileReport(str(doc))
        ours.check(parse_file(doc), report)
        mine = sorted((f.line, f.message) for f in report.findings if f.rule.startswith("schematron:"))
        theirs = sorted(saxon(doc))
        compared += len(theirs)
        if mine != theirs:
            differences[doc.name] = set(mine) ^ set(theirs)
    assert len(docs) > 50 and compared > 40
    assert not differences, differences


ODDS = [  # (the RELAX NG a project's ODD generated, documents of that project)
    ("odd/melp/melp_odd.rng", "corpora-dev/edgeworth-letters/Encoded Letters/*.xml"),
    ("odd/canneti-fiacchi/carteggio-cannetifiacchi-rng.rng", "corpora-dev/canneti-fiacchi/letters/**/*.xml"),
    ("odd/calvin/custom_schema.rng", "corpora-dev/calvin-lettres/src/**/*.xml"),
    ("odd/cmif/schema/cmi-customization.rng", "corpora/cmif-examples/*.xml"),
    ("odd/dracor/odd/out/dracor.rng", "corpora/gerdracor/*.xml"),
]


@pytest.mark.skipif(not (SHARED / "odd").is_dir(), reason="../shared/odd is not present")
@pytest.mark.parametrize(("rng", "docs"), ODDS, ids=[r.split("/")[1] for r, _ in ODDS])
def test_odd_patterns_agree_with_saxon(tmp_path, rng, docs):
    """Each project's ODD constraints, as its RELAX NG carries them, on that project's documents and broken copies."""
    root = embedded_schematron(etree.parse(str(SHARED / rng)))
    schema = tmp_path / "embedded.sch"
    schema.write_bytes(etree.tostring(root))
    ours = Schematron.from_element(root, Path(rng).name)
    saxon = saxon_schematron(schema)
    originals = sorted(SHARED.glob(docs))[:8]
    assert originals
    differences = {}
    for doc in [*originals, *(mutated(d, tmp_path) for d in originals[:3])]:
        report = FileReport(str(doc))
        ours.check(parse_file(doc), report)
        mine = sorted((f.line, f.message) for f in report.findings if f.rule.startswith("schematron:"))
        theirs = sorted(saxon(doc))
        if mine != theirs:
            differences[doc.name] = set(mine) ^ set(theirs)
    assert not differences, differences


def _declaring(tmp_path: Path, models: list[tuple[str, str]], body: str = DOC) -> Path:
    pis = "".join(f'<?xml-model href="{href}" type="application/xml" schematypens="{ns}"?>\n' for href, ns in models)
    doc = tmp_path / "declares.xml"
    doc.write_text(pis + body, encoding="utf-8")
    return doc


def _rules_of(doc: Path, **options) -> list[str]:
    report = validate_paths([doc], Options(rules=False, **options))
    return [f.rule for f in report.files[0].findings if f.severity != "info"]


def test_a_declared_schematron_file_runs(tmp_path):
    (tmp_path / "project.sch").write_text(f'<schema xmlns="{SCH}" queryBinding="xslt2"><ns prefix="tei" '
                                          f'uri="http://www.tei-c.org/ns/1.0"/><pattern><rule context="tei:date">'
                                          f'<assert test="@notBefore" id="needs-nb">x</assert></rule></pattern>'
                                          f'</schema>', encoding="utf-8")
    doc = _declaring(tmp_path, [("project.sch", SCH)])
    assert _rules_of(doc) == ["schematron:needs-nb"]
    (tmp_path / "s.rng").write_text(GRAMMAR, encoding="utf-8")  # a schema for every file overrides what they declare
    assert "schematron:needs-nb" not in _rules_of(doc, schema=str(tmp_path / "s.rng"))


def test_a_declared_grammar_in_the_schematron_namespace_means_its_embedded_rules(tmp_path):
    (tmp_path / "s.rng").write_text(GRAMMAR, encoding="utf-8")
    doc = _declaring(tmp_path, [("s.rng", SCH)])  # the Schematron only: the grammar itself is not declared
    assert _rules_of(doc) == ["schematron:when-alone", "schematron:date-text"]
    assert _rules_of(doc, embedded_rules=False) == []
    both = _declaring(tmp_path, [("s.rng", RNG), ("s.rng", SCH)])  # the two declarations: the rules run once
    assert _rules_of(both) == ["schematron:when-alone", "schematron:date-text"]


def test_a_declared_schematron_that_cannot_be_had_is_a_warning(tmp_path):
    report = validate_paths([_declaring(tmp_path, [("../meta/missing.sch", SCH)])], Options(rules=False))
    [finding] = [f for f in report.files[0].findings if f.severity != "info"]
    assert (finding.severity, finding.rule) == ("warning", "schematron-unavailable")
    assert "--schematron FILE" in finding.message and report.files[0].valid
