"""RELAX NG specialised to a vocabulary: same verdicts as the full grammar, compiled in a fraction of the time."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from teitools.validation import Options, Validator
from teitools.validation.findings import FileReport
from teitools.validation.specialize import specialize, vocabulary
from teitools.xml import parse_file

from .conftest import SHARED, TEI_ALL

GRAMMAR = b"""<grammar xmlns="http://relaxng.org/ns/structure/1.0" ns="urn:t">
  <start><ref name="doc"/></start>
  <define name="doc"><element name="doc"><zeroOrMore><choice><ref name="a"/><ref name="b"/></choice></zeroOrMore>
    <ref name="atts"/></element></define>
  <define name="atts"><optional><attribute name="lang"/></optional><optional><attribute name="n"/></optional></define>
  <define name="a"><element name="a"><ref name="atts"/><text/></element></define>
  <define name="b"><element name="b"><ref name="c"/></element></define>
  <define name="c"><element name="c"><empty/></element></define>
</grammar>"""


def _doc(body: str) -> etree._ElementTree:
    return etree.ElementTree(etree.fromstring(f'<doc xmlns="urn:t">{body}</doc>'))


@pytest.mark.parametrize("vocab_doc,docs", [
    ("<a>x</a>", ["<a>x</a>", "", "<a>x</a><a>y</a>"]),
    ("<b><c/></b>", ["<b><c/></b>", "<b/>", "<b><c/><c/></b>"]),
    ("<a>x</a><b><c/></b>", ["<b><c/></b><a>x</a>", "<a><b><c/></b></a>", "<b><c/>text</b>"]),
    ('<a n="1">x</a><b><c/></b>', ['<a n="1">x</a><c/>', "<b><c/></b>text<a/>", '<a n="2"><b><c/></b></a>']),
])
def test_specialised_and_full_grammar_agree_on_documents_within_the_vocabulary(vocab_doc, docs):
    grammar = etree.ElementTree(etree.fromstring(GRAMMAR))
    full = etree.RelaxNG(grammar)
    special = etree.RelaxNG(specialize(grammar, *vocabulary([_doc(vocab_doc)])))
    for body in docs:
        tree = _doc(body)
        assert special.validate(tree) == full.validate(tree), body
        assert [e.message for e in special.error_log] == [e.message for e in full.error_log], body


def test_unused_patterns_and_their_definitions_are_dropped():
    grammar = etree.ElementTree(etree.fromstring(GRAMMAR))
    out = specialize(grammar, *vocabulary([_doc("<a>x</a>")]))
    names = {d.get("name") for d in out.iter("{http://relaxng.org/ns/structure/1.0}define")}
    assert names == {"doc", "a"}  # b needs c, neither occurs; lang never occurs either
    assert b"lang" not in etree.tostring(out)


def test_a_name_outside_the_vocabulary_grows_the_specialised_grammar(tmp_path):
    rng = tmp_path / "g.rng"
    rng.write_bytes(GRAMMAR)
    validator = Validator(Options(schema=str(rng), rules=False), vocabulary([_doc("<a>x</a>")]))
    schema = validator.schemas.get(str(rng))
    report = FileReport("x")
    schema.check(_doc("<a>x</a>"), report)
    assert report.findings == []
    schema.check(_doc("<b><c/></b>"), report)  # b, c unknown to the specialised grammar: it takes them in
    assert report.findings == [] and ("urn:t", "c") in schema.covers[0]
    schema.check(_doc("<b/>"), report)
    whole = FileReport("x")
    Validator(Options(schema=str(rng), rules=False, specialize=False)).schemas.get(str(rng)).check(_doc("<b/>"), whole)
    assert report.findings and report.findings == whole.findings  # the whole grammar's message, line and all
    assert schema.validator is None  # which this run never compiled


@pytest.mark.skipif(not TEI_ALL.is_file(), reason="../shared/schemas/tei_all.rng is not present")
def test_tei_all_specialised_to_three_corpora_gives_every_full_verdict(tei_all):
    folders = [SHARED / "corpora" / f for f in ("letters-sample", "correspdesc-examples", "cody-letters")]
    trees = [parse_file(p) for f in folders for p in sorted(Path(f).glob("*.xml"))]
    special = etree.RelaxNG(specialize(etree.parse(str(TEI_ALL)), *vocabulary(trees)))
    verdicts = [(special.validate(t), tei_all.validate(t)) for t in trees]
    assert len(verdicts) == 397 and all(a == b for a, b in verdicts)
    assert sum(a for a, _ in verdicts) == 375  # both valid and invalid files were compared


@pytest.mark.skipif(not TEI_ALL.is_file(), reason="../shared/schemas/tei_all.rng is not present")
def test_specialised_tei_all_reports_the_errors_the_full_grammar_reports(tei_all):
    """The specialised grammar is compiled to automata too, so invalid files need no second, full compile."""
    folders = [SHARED / "corpora" / f for f in ("letters-sample", "correspdesc-examples", "cody-letters")]
    trees = [parse_file(p) for f in folders for p in sorted(Path(f).glob("*.xml"))]
    special = etree.RelaxNG(specialize(etree.parse(str(TEI_ALL)), *vocabulary(trees)))
    compared = 0
    for tree in trees:
        if special.validate(tree):
            continue
        tei_all.validate(tree)
        ours = [(e.line, e.message) for e in special.error_log]
        full = [(e.line, e.message) for e in tei_all.error_log]
        assert ours[0] == full[0]
        # the full grammar may add a follow-on message about an ancestor; never one about another place
        assert set(ours) <= set(full)
        compared += 1
    assert compared == 22


NESTED = b"""<grammar xmlns="http://relaxng.org/ns/structure/1.0" ns="urn:t">
  <start><element name="doc"><oneOrMore><group>
    <oneOrMore><choice><element name="a"><empty/></element><element name="b"><empty/></element></choice></oneOrMore>
    <zeroOrMore><element name="c"><empty/></element></zeroOrMore>
  </group></oneOrMore></element></start>
</grammar>"""


@pytest.mark.parametrize("body", ["<a/>", "<a/><b/><a/>", "", "<a>x</a>"])
def test_repeats_nested_by_removal_are_merged(body):
    """TEI's listPerson: without <c> the loops nest, which libxml2 could not compile in finite patience."""
    grammar = etree.ElementTree(etree.fromstring(NESTED))
    out = specialize(grammar, *vocabulary([_doc("<a/><b/>")]))
    rng = "{http://relaxng.org/ns/structure/1.0}"
    assert not out.getroot().findall(f".//{rng}oneOrMore//{rng}oneOrMore")
    special, full = etree.RelaxNG(out), etree.RelaxNG(grammar)
    assert special.validate(_doc(body)) == full.validate(_doc(body)) == (body in ("<a/>", "<a/><b/><a/>"))


def test_a_wrapper_that_sets_the_namespace_is_kept():
    grammar = etree.ElementTree(etree.fromstring(
        b'<grammar xmlns="http://relaxng.org/ns/structure/1.0" ns="urn:t"><start><element name="doc">'
        b'<group ns="urn:o"><element name="x"><empty/></element></group>'
        b'<optional><element name="y"><empty/></element></optional></element></start></grammar>'))
    doc = etree.ElementTree(etree.fromstring(b'<doc xmlns="urn:t"><x xmlns="urn:o"/></doc>'))
    special = etree.RelaxNG(specialize(grammar, *vocabulary([doc])))
    assert special.validate(doc) and etree.RelaxNG(grammar).validate(doc)


def test_a_repeat_of_a_group_with_a_removed_part_is_dropped():
    """zeroOrMore { b, zeroOrMore { c } } with b removed can match only nothing: it must go, not stay as
    zeroOrMore { notAllowed, … }, which libxml2 then misread (tei_all 4.12.0's div1 has this shape)."""
    grammar = etree.fromstring(
        '<grammar xmlns="http://relaxng.org/ns/structure/1.0"><start><element name="r"><group>'
        '<oneOrMore><element name="a"><empty/></element></oneOrMore>'
        '<zeroOrMore><element name="b"><empty/></element><zeroOrMore><element name="c"><empty/></element>'
        "</zeroOrMore></zeroOrMore></group></element></start></grammar>").getroottree()
    special = specialize(grammar, frozenset({("", "r"), ("", "a"), ("", "c")}), frozenset())
    R = "{http://relaxng.org/ns/structure/1.0}"
    assert special.find(f".//{R}notAllowed") is None
    full, small = etree.RelaxNG(grammar), etree.RelaxNG(special)
    for doc, valid in (("<r><a/></r>", True), ("<r><a/><a/></r>", True), ("<r><a/><c/></r>", False)):
        tree = etree.fromstring(doc).getroottree()
        assert full.validate(tree) is valid and small.validate(tree) is valid


@pytest.mark.skipif(not (SHARED / "corpora" / "letters-sample").is_dir(), reason="../shared/corpora is not present")
def test_family_letters_are_valid_against_the_shipped_tei_all():
    """Specialised, tei_all 4.12.0 called these five valid letters invalid (pb in div1), where jing does not."""
    from teitools.schemas import PROFILE

    from teitools.validation import validate_paths

    paths = sorted((SHARED / "corpora" / "letters-sample").glob("family-letters__shan.L*.xml"))
    assert len(paths) >= 5
    options = Options(schema=str(Path(PROFILE).with_name("tei_all-4.12.0.rng.gz")), rules=False)
    for path in paths:  # each alone, as a user checks one letter: the grammar specialised to its names only
        (report,) = validate_paths([path], options).files
        assert report.valid, (path.name, report.findings[:1])


@pytest.mark.skipif(not (SHARED / "corpora").is_dir(), reason="../shared/corpora is not present")
def test_shipped_tei_all_specialised_file_by_file_gives_every_full_verdict():
    """The shipped release (4.12.0), specialised to each file's own names as a one-file run is, against the whole
    grammar, on the 397 files of three corpora: the same verdict every time (4.3.0's grammar hid a removal bug
    that 4.12.0's div1 showed)."""
    import gzip

    from teitools.schemas import PROFILE

    grammar = etree.fromstring(gzip.decompress(Path(PROFILE).with_name("tei_all-4.12.0.rng.gz").read_bytes()))
    whole = etree.RelaxNG(grammar)
    folders = [SHARED / "corpora" / f for f in ("letters-sample", "correspdesc-examples", "cody-letters")]
    paths = [p for f in folders for p in sorted(Path(f).glob("*.xml"))]
    trees = [parse_file(p) for p in paths]
    by_vocabulary: dict[tuple, etree.RelaxNG] = {}
    differ = []
    for path, tree in zip(paths, trees, strict=True):
        names = vocabulary([tree])
        if names not in by_vocabulary:
            by_vocabulary[names] = etree.RelaxNG(specialize(grammar.getroottree(), *names))
        if by_vocabulary[names].validate(tree) != whole.validate(tree):
            differ.append(path.name)
    assert len(trees) == 397 and not differ


REQUIRED = b"""<grammar xmlns="http://relaxng.org/ns/structure/1.0" ns="urn:t">
  <start><element name="doc"><element name="head"><element name="title"><text/></element></element>
    <zeroOrMore><element name="p"><text/></element></zeroOrMore></element></start>
</grammar>"""


def test_an_element_whose_required_child_no_document_has_blames_what_is_there():
    """<head> requires <title>, which no document uses: specialised away, <head> itself became impossible and
    libxml2 blamed its place in <doc>; kept hollow, the title lets libxml2 name the child it did not expect, as the
    whole grammar (and jing) do."""
    grammar = etree.ElementTree(etree.fromstring(REQUIRED))
    doc = etree.fromstring(b'<doc xmlns="urn:t"><head><x/></head><p>a</p></doc>').getroottree()
    whole = etree.RelaxNG(grammar)
    special = etree.RelaxNG(specialize(grammar, *vocabulary([doc])))
    assert not whole.validate(doc) and not special.validate(doc)
    assert [e.message for e in special.error_log][:1] == [e.message for e in whole.error_log][:1]
    assert "x" in special.error_log[0].message
