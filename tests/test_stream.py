"""Streamed rendering (big documents): the same output as the whole tree gives, the same errors, nothing left behind."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from teitools.cli import cli
from teitools.errors import OutputError
from teitools.files import write_output
from teitools.rendering import FORMATS
from teitools.rendering.site import Page, render_file

from .conftest import SHARED

CORPORA = SHARED / "corpora"
WAYS = [(to, view) for to in FORMATS for view in ("reading", "diplomatic") if to != "html" or view == "reading"]

T = 'xmlns="http://www.tei-c.org/ns/1.0"'
HEADER = """<teiHeader><fileDesc><titleStmt><title>A letter<note>in the title</note></title></titleStmt>
<publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p></sourceDesc></fileDesc>
<profileDesc><correspDesc><correspAction type="sent"><persName ref="#bs"/><date when="1900-01-02"/></correspAction>
<correspAction type="received"><persName>Anna</persName></correspAction><note>A summary<note>of the summary</note></note>
</correspDesc></profileDesc></teiHeader>"""
# every thing a body can ask of the rest of the document: the register in the back, a note called from the text
# and kept at the end, headings for a table of contents, comments and text between blocks, nested containers
DOCUMENT = f"""<?xml version="1.0"?>
<TEI {T}>{HEADER}<facsimile><surface xml:id="s1"><graphic url="page1.jpg"/></surface></facsimile>
<text xml:lang="de"><front><div><head>Front</head><p>front matter</p></div></front><body>
<!-- a comment --> stray text <hi>inline</hi> more
<div><head>One</head><pb n="1" facs="#s1"/><p>A <persName ref="#bs">Sender</persName> wrote<ref target="#n1">1</ref>.</p>
  <div><head>One.one</head><p>Deeper <note>a foot note</note> text.</p><!-- c --> tail <p>after</p></div>
  <opener><salute>Dear Anna,</salute></opener></div>
<div><head>Two</head><p>x<choice><sic>teh</sic><corr>the</corr></choice> y</p><lg><l>a line</l><l>another</l></lg>
<list><item>one</item><item>two</item></list><table><row><cell>c</cell></row></table></div>
<div><head>Three</head><p>Three</p></div><div><head>Four</head><closer><signed>B. S.</signed></closer></div>
trailing text</body>
<back><div><note xml:id="n1">The called note with <ref target="#bs">a pointer</ref>.</note></div>
<listPerson><person xml:id="bs"><persName>Bertha Sender</persName><birth>1850</birth></person></listPerson>
</back></text></TEI>"""


def render_both(path: Path, to: str, view: str) -> tuple[str, str]:
    whole = render_file(path, to, view, stream=False)
    streamed = render_file(path, to, view, stream=True)
    assert isinstance(whole.output, str), whole.error
    assert isinstance(streamed.output, Page), streamed.error
    out = io.BytesIO()
    streamed.output.write(out)
    assert (streamed.title, streamed.date, streamed.senders) == (whole.title, whole.date, whole.senders)
    return whole.output, out.getvalue().decode("utf-8")


@pytest.mark.parametrize("to,view", WAYS)
def test_a_streamed_document_renders_as_the_whole_tree(tmp_path, to, view):
    path = tmp_path / "letter.xml"
    path.write_text(DOCUMENT, encoding="utf-8")
    whole, streamed = render_both(path, to, view)
    assert streamed == whole
    assert "Bertha Sender" in whole and "The called note" in whole  # the parts the body needed were found


def test_the_streamed_page_has_its_contents_register_and_notes(tmp_path):
    path = tmp_path / "letter.xml"
    path.write_text(DOCUMENT, encoding="utf-8")
    page = render_both(path, "html", "reading")[1]
    assert 'class="contents"' in page and 'href="#sec-1"' in page  # made after the body, written above it
    assert 'id="reg-bs"' in page and "1850" in page
    assert page.index("in the title") < page.index("of the summary") < page.index("a foot note")  # notes' order


def test_a_second_text_is_held_whole_as_the_tree_does(tmp_path):
    path = tmp_path / "two.xml"
    path.write_text(f'<TEI {T}>{HEADER}<text><body><p>one <persName ref="#x">X</persName></p></body></text>'
                    '<text><back><listPerson><person xml:id="x"><persName>Xaver</persName></person></listPerson>'
                    "</back></text></TEI>", encoding="utf-8")
    whole, streamed = render_both(path, "html", "reading")
    assert streamed == whole and "Xaver" in whole


blocks = st.recursive(
    st.sampled_from(["<p>a <hi>b</hi> c</p>", "<p/>", "<!-- x -->", " loose ", "<hi>h</hi>", "<head>H</head>",
                     "<lb/>", "<note>n</note>", "<note type=\"annotation\">a</note>", "<ab>ab</ab>"]),
    lambda inner: st.lists(inner, max_size=4).map(lambda xs: "<div>" + "".join(xs) + "</div>")
    | st.lists(inner, max_size=3).map(lambda xs: "<opener>" + "".join(xs) + "</opener>")
    | st.lists(inner, max_size=3).map(lambda xs: "<p>" + "".join(x for x in xs if "<div" not in x) + "</p>"),
    max_leaves=12)


@settings(max_examples=60, deadline=None)
@given(st.lists(blocks, max_size=6), st.sampled_from(WAYS))
def test_any_nesting_of_containers_streams_as_the_tree(parts, way):
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "doc.xml")
        path.write_text(f'<TEI {T}>{HEADER}<text><body>{"".join(parts)}</body></text></TEI>', encoding="utf-8")
        whole, streamed = render_both(path, *way)
        assert streamed == whole


@pytest.mark.parametrize("document,message", [
    (f"<TEI {T}>{HEADER}<text><body><p>a</p><p>b</body></text></TEI>", "letter.xml:5:72: Opening and ending tag"),
    (f'<TEI {T}>{HEADER}<text><body><p xml:id="a"/><p xml:id="a"/></body></text></TEI>', "ID a already defined"),
    (f"<TEI {T}>{HEADER}<text><body>" + "<div>" * 1100 + "</div>" * 1100 + "</body></text></TEI>", "--limit depth"),
])
def test_a_streamed_document_is_refused_as_the_tree_is(tmp_path, document, message):
    path = tmp_path / "letter.xml"
    path.write_text(document, encoding="utf-8")
    result = render_file(path, "html", stream=True)
    assert result.output is None and message in result.error
    assert message in render_file(path, "html", stream=False).error


@pytest.mark.parametrize("document", [
    f'<!DOCTYPE TEI [<!ENTITY e "x">]><TEI {T}>{HEADER}<text><body><p>&e;</p></body></text></TEI>',
    f'<teiCorpus {T}>{HEADER}<TEI>{HEADER}<text><body><p>a</p></body></text></TEI></teiCorpus>',
    f'<TEI {T} xmlns:xi="http://www.w3.org/2001/XInclude">{HEADER}<text><body><xi:include href="p.xml"/></body>'
    "</text></TEI>",
])
def test_what_cannot_be_streamed_is_read_as_a_tree(tmp_path, document):
    (tmp_path / "p.xml").write_text(f"<p {T}>included</p>", encoding="utf-8")
    path = tmp_path / "letter.xml"
    path.write_text(document, encoding="utf-8")
    streamed, whole = render_file(path, "text", stream=True), render_file(path, "text", stream=False)
    assert (streamed.output, streamed.error) == (whole.output, whole.error)


def test_the_cli_streams_a_big_document_to_a_file_and_to_stdout(tmp_path, monkeypatch):
    path = tmp_path / "letter.xml"
    path.write_text(DOCUMENT, encoding="utf-8")
    whole = render_file(path, "html").output
    monkeypatch.setattr("teitools.rendering.stream.STREAM_FROM", 100)  # this document is big
    assert isinstance(render_file(path, "html").output, Page)
    result = CliRunner().invoke(cli, ["render", str(path), "-o", str(tmp_path / "out.html")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out.html").read_text(encoding="utf-8") == whole
    result = CliRunner().invoke(cli, ["render", str(path), "--to", "text"])
    assert result.exit_code == 0 and "Bertha Sender" in result.output
    result = CliRunner().invoke(cli, ["render", str(path), str(path), "-o", str(tmp_path / "site")])
    assert result.exit_code == 0, result.output


def test_a_stream_that_fails_half_way_leaves_nothing(tmp_path):
    def half(out):
        out.write(b"<html>" * 1000)
        raise OSError(28, "No space left on device")

    with pytest.raises(OutputError, match="No space left"):
        write_output(tmp_path / "out.html", half, inputs=set(), force=False)
    assert list(tmp_path.iterdir()) == []


needs_corpora = pytest.mark.skipif(not CORPORA.is_dir(), reason="../shared/corpora is not present")


@needs_corpora
@pytest.mark.parametrize("folder", sorted(p.name for p in CORPORA.iterdir() if p.is_dir()) if CORPORA.is_dir() else [])
def test_corpus_files_stream_as_the_tree(folder):
    """Every fourth file of each edition, in every format and view (all 2,997 were checked when streaming came)."""
    for path in sorted((CORPORA / folder).rglob("*.xml"))[::4]:
        for to, view in WAYS:
            whole, streamed = render_both(path, to, view)
            assert streamed == whole, f"{path} {to} {view}"
