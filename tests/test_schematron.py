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


XSL = 'xmlns:xsl="http://www.w3.org/1999/XSL/Transform"'
CASES += [
    # XSLT in Schematron: current(), key() over an xsl:key, an xsl:function
    ('<pattern><rule context="tei:p[@n]"><report test="count(//tei:p[@n = current()/@n]) = 1" id="cur">unique '
     '<value-of select="@n"/></report></rule></pattern>',
     [(2, "error", "schematron:cur", "unique 1"), (3, "error", "schematron:cur", "unique x")]),
    (f'<xsl:key {XSL} name="by-n" match="tei:p" use="@n"/><pattern><rule context="tei:date">'
     '<report test="key(\'by-n\', \'x\')" id="key">in <value-of select="key(\'by-n\', ../@n)/@n"/></report>'
     '</rule></pattern>', [(3, "error", "schematron:key", "in x")]),
    (f'<xsl:function {XSL} xmlns:f="urn:f" name="f:twice"><xsl:param name="n"/><xsl:variable name="m" '
     'select="number($n)"/><xsl:sequence select="$m * 2"/></xsl:function><ns prefix="f" uri="urn:f"/><pattern>'
     '<rule context="tei:p[@n]"><report test="f:twice(@n) = 2" id="fn">twice <value-of select="f:twice(@n)"/>'
     '</report></rule></pattern>', [(2, "error", "schematron:fn", "twice 2")]),
    # a function written in a form teitools does not run: said once, and each call says it could not be evaluated
    (f'<xsl:function {XSL} xmlns:f="urn:f" name="f:hard"><xsl:param name="n"/><xsl:choose><xsl:when test="$n">'
     '<xsl:sequence select="1"/></xsl:when></xsl:choose></xsl:function><ns prefix="f" uri="urn:f"/><pattern>'
     '<rule context="tei:body"><assert test="f:hard(1)" id="hard">x</assert></rule></pattern>',
     [(None, "warning", "schematron-unsupported", "s.sch declares xsl:function f:hard: not supported; rules that "
       "use them report that they could not be evaluated"),
      (1, "warning", "schematron-unevaluable", "s.sch: assert 'f:hard(1)' could not be evaluated: xsl:function "
       "f:hard is written in a form teitools does not run")]),
]

CASES += [
    # an attribute context whose test libxml2 answers (asked of the element, at the attribute)
    ('<pattern><rule context="tei:p/@n"><report test=". = \'x\' and ancestor::tei:body" id="nx">n is '
     '<value-of select="."/> on <name path=".."/></report></rule></pattern>', [(3, "error", "schematron:nx",
                                                                              "n is x on p")]),
    # diagnostics: the assert's message, then what each diagnostic it names says of the node
    ('<pattern><rule context="tei:p[not(@n)]"><assert test="@n" id="n" diagnostics="d">p without n</assert></rule>'
     '</pattern><diagnostics><diagnostic id="d">it reads "<value-of select="."/>"</diagnostic></diagnostics>',
     [(4, "error", "schematron:n", 'p without n (it reads "gamma")')]),
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
CASES_REAL = [("cmif", "odd/cmif.sch", "examples/*.xml"), ("dracor", "dracor.sch", "tei/*.xml"),
              ("prohd", "prohd.sch", "*.xml")]


def _skeleton() -> Path:
    import lxml.isoschematron

    return Path(lxml.isoschematron.__file__).parent / "resources" / "xsl" / "iso-schematron-xslt1"


LOCATIONS = """<xsl:stylesheet xmlns:xsl="http://www.w3.org/1999/XSL/Transform" version="3.0">
<xsl:template match="text()" mode="schematron-get-full-path" priority="5">
  <xsl:apply-templates select="parent::*" mode="schematron-get-full-path"/>
  <xsl:text>/text()[</xsl:text><xsl:value-of select="count(preceding-sibling::text()) + 1"/><xsl:text>]</xsl:text>
</xsl:template>
<xsl:template match="@*" mode="schematron-get-full-path" priority="5">
  <xsl:apply-templates select="parent::*" mode="schematron-get-full-path"/>
  <xsl:text>/@*[local-name()='</xsl:text><xsl:value-of select="local-name()"/>
  <xsl:text>' and namespace-uri()='</xsl:text><xsl:value-of select="namespace-uri()"/><xsl:text>']</xsl:text>
</xsl:template>
</xsl:stylesheet>"""


def _element_of(found: object) -> etree._Element | None:
    """The element a node found by a location is in: itself, an attribute's or a text's parent element."""
    if isinstance(found, etree._Element):
        return found
    if getattr(found, "is_tail", False):
        return found.getparent().getparent()  # type: ignore[attr-defined]
    return found.getparent() if hasattr(found, "getparent") else None  # type: ignore[attr-defined]


def saxon_schematron(sch: Path):
    """A function giving (line, assert or report text) for each failed assert and successful report in a document,
    as Saxon runs the schema compiled by lxml's ISO skeleton (the schema compiled once)."""
    saxonche = pytest.importorskip("saxonche")
    proc = saxonche.PySaxonProcessor(license=False)
    xslt = proc.new_xslt30_processor()
    step = proc.parse_xml(xml_file_name=str(sch))
    for name in ("iso_dsdl_include.xsl", "iso_abstract_expand.xsl", "iso_svrl_for_xslt1.xsl"):
        stylesheet = xslt.compile_stylesheet(stylesheet_file=str(_skeleton() / name))
        if name == "iso_svrl_for_xslt1.xsl":  # rule contexts on any node, as ISO Schematron says, not elements only
            for param, value in (("visit-text", "true"), ("attributes", "true"), ("only-child-elements", "false")):
                stylesheet.set_parameter(param, proc.make_string_value(value))
        text = stylesheet.transform_to_string(xdm_node=step)
        root = etree.fromstring(text.encode())
        if name == "iso_abstract_expand.xsl":
            # the XSLT 1 skeleton refuses other bindings; Saxon runs what it writes with XPath 2/3 all the same
            root.set("queryBinding", "xslt")
            # the XSLT 2 skeletons declare xs: in the stylesheet they write (XPath 2 schemas use it undeclared)
            if not any(ns.get("prefix") == "xs" for ns in root.iter("{http://purl.oclc.org/dsdl/schematron}ns")):
                root.insert(0, etree.Element("{http://purl.oclc.org/dsdl/schematron}ns", prefix="xs",
                                             uri="http://www.w3.org/2001/XMLSchema"))
        elif name == "iso_svrl_for_xslt1.xsl":
            root.set("version", "3.0")  # XPath 2/3 as the schema's binding says, not in 1.0 compatibility mode
            # the skeleton writes no location for a text node and an attribute's without its element: both added
            root.extend(etree.fromstring(LOCATIONS).iterchildren())
        step = proc.parse_xml(xml_text=etree.tostring(root, encoding="unicode"))
    compiled = xslt.compile_stylesheet(stylesheet_node=step)

    def run(doc: Path) -> list[tuple[int | None, str]]:
        svrl = etree.fromstring(compiled.transform_to_string(xdm_node=proc.parse_xml(xml_file_name=str(doc))).encode())
        tree = parse_file(doc)
        out = []
        for el in svrl.iter("{http://purl.oclc.org/dsdl/svrl}failed-assert",
                            "{http://purl.oclc.org/dsdl/svrl}successful-report"):
            try:
                found = tree.xpath(el.get("location")) if el.get("location") else []
            except etree.XPathEvalError:
                raise AssertionError(el.get("location")) from None
            node = _element_of(found[0]) if found else None
            line = node.sourceline if node is not None else None
            out.append((line, " ".join("".join(el.itertext()).split())))
        return out

    return run


def mutated(doc: Path, folder: Path) -> Path:
    """A copy of ``doc`` that breaks what TEI projects' Schematron checks: stray characters in the text, @rend with
    @rendition, a choice of one, a date with @when and @notBefore, a ref with @target and @cRef, an addSpan."""
    tree = parse_file(doc)
    ns = {"tei": "http://www.tei-c.org/ns/1.0"}
    target = (tree.xpath("//tei:text//tei:p", namespaces=ns) or tree.xpath("//tei:text//*", namespaces=ns))[0]
    t = "{http://www.tei-c.org/ns/1.0}"
    target.set("rend", "x")
    target.set("rendition", "#y")
    choice = etree.SubElement(target, f"{t}choice")
    etree.SubElement(choice, f"{t}sic").text = "x | y @ z"
    etree.SubElement(target, f"{t}date", when="1900-01-01", notBefore="1899").text = "1900"
    etree.SubElement(target, f"{t}ref", target="#nowhere", cRef="x").text = "ref"
    etree.SubElement(target, f"{t}addSpan")
    for corresp in tree.xpath("//tei:correspDesc", namespaces=ns)[:1]:
        corresp.set("source", "#no-such-bibl")
    out = folder / f"mutated-{doc.name}"
    tree.write(str(out), encoding="UTF-8", xml_declaration=True)
    return out


@pytest.mark.skipif(not SCHEMATRON.is_dir(), reason="../shared/schematron is not present")
@pytest.mark.parametrize(("folder", "sch", "docs"), CASES_REAL)
def test_real_schematron_agrees_with_saxon(tmp_path, folder, sch, docs):
    schema = SCHEMATRON / folder / sch
    ours_engine = Schematron(str(schema), allow_outside=True)
    saxon = saxon_schematron(schema)
    originals = sorted((SCHEMATRON / folder).glob(docs))
    compared = 0
    for doc in [*originals, *(mutated(d, tmp_path) for d in originals)]:
        report = FileReport(str(doc))
        ours_engine.check(parse_file(doc), report)
        ours = sorted((f.line, f.message) for f in report.findings if f.rule.startswith("schematron:"))
        theirs = sorted(saxon(doc))
        assert ours == theirs, (doc.name, set(ours) ^ set(theirs))
        compared += len(theirs)
    assert compared  # the mutations make each schema find something


def test_svrl_report(tmp_path):
    """--format svrl: each result under its pattern and rule, with test, location (an XPath to the node), id, role,
    diagnostics and properties; the schema's and built-in rules' findings as the report's text."""
    import subprocess
    import sys

    sch = tmp_path / "s.sch"
    sch.write_text(f'''<schema xmlns="{SCH}" queryBinding="xslt2"><ns prefix="tei" uri="http://www.tei-c.org/ns/1.0"/>
<pattern id="p1"><rule context="tei:p"><assert test="@n" id="has-n" role="warning" diagnostics="d1"
properties="fix">p needs n</assert></rule></pattern>
<pattern id="p2"><rule context="@when"><report test=". = '1900'" id="y1900">1900</report></rule></pattern>
<diagnostics><diagnostic id="d1">found <value-of select="name()"/></diagnostic></diagnostics>
<properties><property id="fix" role="quickfix" scheme="urn:x">give <value-of select="name()"/> an n</property>
</properties></schema>''',
                   encoding="utf-8")
    doc = tmp_path / "d.xml"
    doc.write_bytes(DOC)
    out = subprocess.run([sys.executable, "-m", "teitools.cli", "validate", str(doc), "--schematron", str(sch),
                          "--format", "svrl"], capture_output=True)
    assert out.returncode == 1, out.stderr
    svrl = etree.fromstring(out.stdout)
    v = "{http://purl.oclc.org/dsdl/svrl}"
    names = [etree.QName(el).localname for el in svrl]  # patterns in the order of their first result's line
    assert names in (["active-pattern", "fired-rule", "failed-assert", "active-pattern", "fired-rule",
                      "successful-report"],
                     ["active-pattern", "fired-rule", "successful-report", "active-pattern", "fired-rule",
                      "failed-assert"])
    failed, report = svrl.find(f"{v}failed-assert"), svrl.find(f"{v}successful-report")
    assert (failed.get("test"), failed.get("id"), failed.get("role")) == ("@n", "has-n", "warning")
    assert failed.findtext(f"{v}text") == "p needs n"
    assert failed.findtext(f"{v}diagnostic-reference/{v}text") == "found p"
    prop = failed.find(f"{v}property-reference")
    assert (prop.get("property"), prop.get("role"), prop.get("scheme"), prop.findtext(f"{v}text")) == \
        ("fix", "quickfix", "urn:x", "give p an n")
    tree = parse_file(doc)
    assert tree.xpath(failed.get("location"))[0].text == "gamma"
    assert tree.xpath(report.get("location")) == ["1900"]
    assert svrl.find(f"{v}active-pattern").get("documents").endswith("/d.xml")


@pytest.mark.parametrize(("pattern", "selection", "candidates"), [
    ("tei:p", "//tei:p", "//tei:p"),
    ("tei:a | tei:b[@x='|']", "//tei:a | //tei:b[@x='|']", "//tei:a | //tei:b[@x='|']"),
    ("/tei:TEI", "/tei:TEI", "/tei:TEI"),
    ("tei:desc[@type eq 'x']", "//tei:desc[@type = 'x']", "//tei:desc[@type = 'x']"),  # eq as XPath 1's =
    ("tei:e[@mode = ('a', 'b')]", None, "//tei:e"),  # a sequence: the predicate is dropped from the candidates
    ("(tei:a | tei:b)/tei:c[1]", None, "(//tei:a | //tei:b)/tei:c[1]"),
    ("/*[count(//tei:x) gt 1]", "/*[count(//tei:x) > 1]", "/*[count(//tei:x) > 1]"),
    ("tei:p[$n]", None, None),  # a variable: elementpath alone
    ("text()[contains(., '[')]", "//text()[contains(., '[')]", "//text()[contains(., '[')]"),
])
def test_rule_contexts_in_xpath1(pattern, selection, candidates):
    """A rule's context as libxml2 selects it, else as a superset (without the predicates it cannot answer as XPath 2
    would) that tells when it matches nothing: patterns whose XPath 1.0 form would select something else are not
    translated."""
    from teitools.validation import xslt

    assert xslt.xpath1_selection(pattern) == selection
    assert xslt.xpath1_candidates(pattern) == candidates


@pytest.mark.parametrize(("test", "xpath1"), [
    ("@target or child::*", "boolean(@target or child::*)"),
    ("count(*) gt 1", "boolean(count(*) > 1)"),  # numbers: value comparison as XPath 1's
    ("@type eq 'x' and tei:p", "boolean(@type = 'x' and tei:p)"),
    ("string-length(normalize-space(.)) = 0", "boolean(string-length(normalize-space(.)) = 0)"),
    ("@notBefore < @notAfter", None),  # XPath 2 compares untyped values as strings, XPath 1 as numbers
    ("@n = 1", None),  # "1.0e0" is 1 in XPath 2, NaN in XPath 1
    ("contains(., 'a') = @x", None),  # a boolean and a path: XPath 1 makes the path a boolean
    ("tei:a/@type eq 'x'", None),  # eq of a path that may select several
    ("@x = ('a', 'b')", None),
    ("$srcs[2]", None),
    ("a * 2", None),
    ("matches(@n, '^\\d+$')", None),
    ("normalize-space(.) eq ''", "boolean(normalize-space(.) = '')"),  # two strings
    ("preceding-sibling::*[name(.) eq $gi]", "boolean(preceding-sibling::*[name(.) = $gi])"),  # $gi: one string
    ("$other", None),
])
def test_tests_in_xpath1(test, xpath1):
    """An assert's test for libxml2 where it gives the answer XPath 2 gives."""
    from teitools.validation import xslt

    assert xslt.xpath1_test(test, frozenset({"gi"})) == xpath1


@pytest.mark.parametrize(("value", "xpath1"), [
    ("name(.)", "string(name(.))"),
    ("normalize-space(@output)", "string(normalize-space(@output))"),
    ("name(.) = 'x'", None),  # a boolean, not a string
    ("@x", None),  # an attribute may be absent: an empty sequence, not a string
    ("tokenize(@x, ' ')", None),
])
def test_string_lets_in_xpath1(value, xpath1):
    from teitools.validation import xslt

    assert xslt.xpath1_string(value) == xpath1


def test_guard(tmp_path):
    """A test ``A and B`` whose ``A`` libxml2 answers is false wherever ``A`` is, without evaluating ``B``."""
    from teitools.validation import xslt

    assert xslt.xpath1_guard("@when and @n castable as xs:integer") == "boolean(@when)"
    assert xslt.xpath1_guard("(@a and @b) or $x") is None
    body = ('<pattern><rule context="tei:p"><report test="@n and @n castable as xs:integer" id="int">int '
            '<value-of select="@n"/></report></rule></pattern>')
    assert run(tmp_path, body) == [(2, "error", "schematron:int", "int 1")]


def test_a_letter_under_tei_all_is_checked_without_elementpath(tmp_path):
    """tei_all's embedded patterns on a letter that breaks none of them: libxml2 answers every context and test, and
    elementpath (a third of a second to import) is never loaded."""
    import subprocess
    import sys

    letter = Path(__file__).resolve().parent.parent / "samples" / "letter-1949.xml"
    code = ("import sys; from pathlib import Path; from teitools.validation import Options, validate_paths; "
            f"r = validate_paths([Path({str(letter)!r})], Options()); "
            "assert r.files[0].valid and not r.files[0].findings, r.files[0].findings; "
            "assert 'elementpath' not in sys.modules")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
