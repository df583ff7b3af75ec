"""ISO Schematron (XPath 2/3.1) on elementpath: fixture table of the language's features, and the real projects'
Schematron in ../shared/schematron compared with a reference processor (Saxon-HE through saxonche, running the
ISO skeleton that ships inside lxml) as a test-only oracle."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from teitools.validation.findings import FileReport
from teitools.validation.schematron import Schematron, SchematronError
from teitools.xml import parse_bytes, parse_file

from .conftest import SHARED

SCH = "http://purl.oclc.org/dsdl/schematron"
DOC = b"""<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/><text><body>
<p n="1">alpha</p>
<p n="x">beta <date when="1900" notBefore="1899"/></p>
<p>gamma</p>
</body></text></TEI>"""


def run(tmp_path: Path, body: str, binding: str = "xslt2", phase: str | None = None, files: dict | None = None,
        doc: bytes = DOC) -> list[tuple[int | None, str, str, str]]:
    for name, text in (files or {}).items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    sch = tmp_path / "s.sch"
    sch.write_text(f'<schema xmlns="{SCH}" queryBinding="{binding}"><ns prefix="tei" '
                   f'uri="http://www.tei-c.org/ns/1.0"/>{body}</schema>', encoding="utf-8")
    report = FileReport("d.xml")
    Schematron(str(sch), phase=phase).check(parse_bytes(doc), report)
    report.sort()
    return [(f.line, f.severity, f.rule, f.message) for f in report.findings]


CASES = [
    # (schema body, findings as (line, severity, rule, message))
    ('<pattern><rule context="tei:p" id="r"><assert test="@n">p without n</assert></rule></pattern>',
     [(4, "error", "schematron:r", "p without n")]),
    ('<pattern><rule context="tei:p"><report test="matches(., \'^b\')" id="b" role="warning">starts with b: '
     '<value-of select="."/></report></rule></pattern>', [(3, "warning", "schematron:b", "starts with b: beta")]),
    ('<pattern><rule context="tei:p[@n]"><assert test="@n castable as xs:integer" id="int">n is '
     '<value-of select="@n"/></assert></rule></pattern>', [(3, "error", "schematron:int", "n is x")]),
    # a node is handled by the first rule of a pattern that matches it
    ('<pattern><rule context="tei:p[@n=\'x\']" id="first"><assert test="false()">one</assert></rule>'
     '<rule context="tei:p" id="second"><assert test="false()">two</assert></rule></pattern>',
     [(2, "error", "schematron:second", "two"), (3, "error", "schematron:first", "one"),
      (4, "error", "schematron:second", "two")]),
    # let at schema, pattern and rule level; every … satisfies; name
    ('<let name="all" value="count(//tei:p)"/><pattern><let name="max" value="2"/><rule context="tei:body">'
     '<let name="n" value="count(tei:p)"/><assert test="$n le $max" id="few"><name/> has <value-of select="$n"/> '
     'of <value-of select="$all"/></assert></rule></pattern>', [(1, "error", "schematron:few", "body has 3 of 3")]),
    ('<pattern><rule context="tei:date"><assert test="not(@when and @notBefore)" id="when-or-range">'
     '@when with @notBefore</assert></rule></pattern>', [(3, "error", "schematron:when-or-range",
                                                             "@when with @notBefore")]),
    # attribute and text contexts
    ('<pattern><rule context="@n"><assert test="matches(., \'^\\d+$\')" id="digits">n=<value-of select="."/>'
     '</assert></rule></pattern>', [(3, "error", "schematron:digits", "n=x")]),
    ('<pattern><rule context="text()[contains(., \'gam\')]"><report test="true()" id="txt">text</report></rule>'
     '</pattern>', [(4, "error", "schematron:txt", "text")]),
    # abstract pattern with parameters, abstract rule with extends
    ('<pattern abstract="true" id="needs"><rule context="$el"><assert test="$attr" id="needs-attr">missing'
     '</assert></rule></pattern><pattern is-a="needs" id="p-n"><param name="el" value="tei:p"/>'
     '<param name="attr" value="@n"/></pattern>', [(4, "error", "schematron:needs-attr", "missing")]),
    ('<pattern><rule abstract="true" id="base"><assert test="@n" id="has-n">no n</assert></rule>'
     '<rule context="tei:p"><extends rule="base"/></rule></pattern>', [(4, "error", "schematron:has-n", "no n")]),
]


@pytest.mark.parametrize(("body", "expected"), CASES)
def test_schematron_features(tmp_path, body, expected):
    assert run(tmp_path, body) == expected


def test_phases(tmp_path):
    body = ('<phase id="light"><active pattern="a"/></phase><pattern id="a"><rule context="tei:body">'
            '<report test="true()" id="in-a">a</report></rule></pattern><pattern id="b"><rule context="tei:body">'
            '<report test="true()" id="in-b">b</report></rule></pattern>')
    assert [f[2] for f in run(tmp_path, body, phase="light")] == ["schematron:in-a"]
    assert [f[2] for f in run(tmp_path, body)] == ["schematron:in-a", "schematron:in-b"]
    with pytest.raises(SchematronError, match="no phase 'heavy'"):
        run(tmp_path, body, phase="heavy")


def test_include(tmp_path):
    part = (f'<pattern xmlns="{SCH}"><rule context="tei:p"><report test="@n = \'1\'" id="inc">one</report>'
            '</rule></pattern>')
    assert run(tmp_path, '<include href="part.sch"/>', files={"part.sch": part}) == \
        [(2, "error", "schematron:inc", "one")]


def test_an_expression_that_cannot_be_evaluated_says_so(tmp_path):
    found = run(tmp_path, '<pattern><rule context="tei:p"><assert test="doc(\'https://example.org/x.xml\')//x" '
                          'id="remote">x</assert></rule></pattern>')
    assert found and all(f[2] == "schematron-unevaluable" for f in found)
    assert "could not be evaluated" in found[0][3]


def test_string_functions_do_not_depend_on_the_locale(tmp_path):
    """Codepoint collation whatever LC_COLLATE says: under C.UTF-8, elementpath's locale-derived collation once failed
    to set and left its collation lock held, so the second contains() hung the run."""
    import locale

    saved = locale.setlocale(locale.LC_COLLATE, None)
    try:
        try:
            locale.setlocale(locale.LC_COLLATE, "C.UTF-8")
        except locale.Error:
            pytest.skip("no C.UTF-8 locale here")
        body = ('<pattern><rule context="tei:p"><report test="contains(., \'a\') and compare(., \'b\') lt 0" '
                'id="c">has a</report></rule></pattern>')
        first, second = run(tmp_path, body), run(tmp_path, body)
    finally:
        locale.setlocale(locale.LC_COLLATE, saved)
    assert first == second and first


def test_a_bad_expression_is_a_schema_error(tmp_path):
    with pytest.raises(SchematronError, match="cannot parse"):
        run(tmp_path, '<pattern><rule context="tei:p"><assert test="@n = = 2">x</assert></rule></pattern>')


# -- the oracle -------------------------------------------------------------------------------------------

SCHEMATRON = SHARED / "schematron"
# melp.sch reads three documents with doc() from raw.githubusercontent.com: offline, Saxon stops at the first and
# teitools reports each as not evaluable; it is left out of the comparison (its other rules are in the fixtures)
# dracor and prohd are not compared yet: the Saxon run of the XSLT-1 skeleton on them did not finish within the
# test's time (open question in issue 12's note)
CASES_REAL = [("cmif", "odd/cmif.sch", "examples/*.xml")]


def _skeleton() -> Path:
    import lxml.isoschematron

    return Path(lxml.isoschematron.__file__).parent / "resources" / "xsl" / "iso-schematron-xslt1"


def oracle(sch: Path, doc: Path) -> list[tuple[int | None, str]]:
    """(line, assert or report id/text) of each failed assert and successful report, as Saxon runs them."""
    saxonche = pytest.importorskip("saxonche")
    proc = saxonche.PySaxonProcessor(license=False)
    xslt = proc.new_xslt30_processor()
    step = proc.parse_xml(xml_file_name=str(sch))
    for name in ("iso_dsdl_include.xsl", "iso_abstract_expand.xsl", "iso_svrl_for_xslt1.xsl"):
        text = xslt.compile_stylesheet(stylesheet_file=str(_skeleton() / name)).transform_to_string(xdm_node=step)
        if name == "iso_abstract_expand.xsl":
            # the XSLT 1 skeleton refuses other bindings; Saxon runs what it writes with XPath 2/3 all the same
            root = etree.fromstring(text.encode())
            root.set("queryBinding", "xslt")
            text = etree.tostring(root, encoding="unicode")
        step = proc.parse_xml(xml_text=text)
    compiled = xslt.compile_stylesheet(stylesheet_node=step)
    svrl = etree.fromstring(compiled.transform_to_string(xdm_node=proc.parse_xml(xml_file_name=str(doc))).encode())
    tree = parse_file(doc)
    out = []
    for el in svrl.iter("{http://purl.oclc.org/dsdl/svrl}failed-assert", "{http://purl.oclc.org/dsdl/svrl}successful-report"):
        found = tree.xpath(el.get("location")) if el.get("location") else []
        node = found[0] if found else None
        while node is not None and not hasattr(node, "sourceline"):
            node = node.getparent()
        line = node.sourceline if node is not None and hasattr(node, "sourceline") else None
        if node is not None and not hasattr(found[0], "sourceline"):
            line = found[0].getparent().sourceline
        out.append((line, " ".join("".join(el.itertext()).split())))
    return out


@pytest.mark.skipif(not SCHEMATRON.is_dir(), reason="../shared/schematron is not present")
@pytest.mark.parametrize(("folder", "sch", "docs"), CASES_REAL)
def test_real_schematron_agrees_with_saxon(folder, sch, docs):
    schema = SCHEMATRON / folder / sch
    ours_engine = Schematron(str(schema), allow_outside=True)
    for doc in sorted((SCHEMATRON / folder).glob(docs)):
        report = FileReport(str(doc))
        ours_engine.check(parse_file(doc), report)
        ours = sorted((f.line, f.message) for f in report.findings if f.rule.startswith("schematron:"))
        theirs = sorted(oracle(schema, doc))
        assert ours == theirs, (doc.name, set(ours) ^ set(theirs))
