"""The view model and its writers: Markdown from the view (never from HTML), checked by a CommonMark parser."""

from __future__ import annotations

import re
import urllib.parse
from collections import Counter

import pytest
from lxml import etree
from lxml import html as lhtml
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from teitools.rendering import FORMATS, WRITERS, render
from teitools.rendering.document import build_view
from teitools.rendering.text import text_parts
from teitools.rendering.view import DIPLOMATIC, READING, SIGN, plain
from teitools.xinclude import load_for_reading

from .conftest import SHARED
from .test_render import tei

CORPORA = SHARED / "corpora"
needs_corpora = pytest.mark.skipif(not CORPORA.is_dir(), reason="../shared/corpora is not present")
COMMONMARK = MarkdownIt("commonmark").enable("table").enable("strikethrough").use(footnote_plugin)
WORD = re.compile(r"\w+")


def body_md(body: str, view: str = "reading", lang: str = "en") -> str:
    out = render(tei(body, lang=lang), "markdown", view)
    return out.split("\n\n", 1)[1].strip()  # without the title


def shown(markdown: str) -> str:
    """What a Markdown reader shows of it: the text of the HTML a CommonMark parser makes."""
    page = COMMONMARK.render(markdown)
    return lhtml.fromstring(f"<div>{page}</div>").text_content()


MARKDOWN = [
    # body, reading view, diplomatic view
    ("<p>a <choice><sic>teh</sic><corr>the</corr></choice> b</p>", "a the b", "a teh b"),
    ("<p>a <supplied>word</supplied></p>", "a \\[word\\]", "a \\[word\\]"),
    ("<p>a <del>old</del><add>new</add></p>", "a new", "a ~~⟦old⟧~~⟨new⟩"),
    ("<p><hi rend='italic'>it</hi> and <emph>em</emph> and <hi rend='bold'>b</hi></p>",
     "*it* and *em* and **b**", "*it* and *em* and **b**"),
    ("<p>a<hi rend='italic'> spaced </hi>b</p>", "a *spaced* b", "a *spaced* b"),
    # where "*" cannot close (punctuation before, a letter after) the HTML tag stands in
    ("<p><foreign>Ambit_</foreign>Umwelt</p>", "<em>Ambit\\_</em>Umwelt", "<em>Ambit\\_</em>Umwelt"),
    ("<p>x<note>a note</note></p>", "x[^1]\n\n[^1]: a note", "x[^1]\n\n[^1]: a note"),
    ("<p><app><lem>main</lem><rdg>other</rdg></app></p>", "main[^a]\n\n[^a]: main\\] other",
     "main[^a]\n\n[^a]: main\\] other"),
    ("<list><item>one</item><item>two</item></list>", "- one\n\n- two", "- one\n\n- two"),
    ("<list rend='numbered'><item>one</item></list>", "1. one", "1. one"),
    ("<table><row role='label'><cell>h</cell><cell>i</cell></row><row><cell>a</cell><cell>b|c</cell></row></table>",
     "| h | i |\n| --- | --- |\n| a | b\\|c |", "| h | i |\n| --- | --- |\n| a | b\\|c |"),
    ("<div><head>Chapter</head><p>t</p></div>", "## Chapter\n\nt", "## Chapter\n\nt"),
    ("<p>1. not a list, # not a heading</p>", "1\\. not a list, # not a heading",
     "1\\. not a list, # not a heading"),
    ("<p>line one<lb/>line two</p>", "line one line two", "line one\\\nline two"),
    ("<p>a <ref target='https://example.org/x'>link</ref></p>", "a [link](<https://example.org/x>)",
     "a [link](<https://example.org/x>)"),
    ("<p>a *star* and <hi rend='italic'>_under_</hi></p>", "a \\*star\\* and *\\_under\\_*",
     "a \\*star\\* and *\\_under\\_*"),
    # a page mark inside a word goes after the word, which stays whole
    ("<p>Natur<pb n='2' facs='https://iiif.example.org/p2.jpg'/>forscher und</p>",
     "Naturforscher [\\[page 2\\]](<https://iiif.example.org/p2.jpg>) und",
     "Naturforscher [\\[page 2\\]](<https://iiif.example.org/p2.jpg>) und"),
    ("<p>end.<pb n='3'/> Next</p>", "end. \\[page 3\\] Next", "end. \\[page 3\\] Next"),
    ("<p><q>Ja</q></p>", "“Ja”", "“Ja”"),
    ("<p>a <gap reason='illegible'/> b</p>", "a \\[illegible\\] b", "a \\[illegible\\] b"),
]


@pytest.mark.parametrize(("body", "reading", "diplomatic"), MARKDOWN)
def test_markdown_rules(body, reading, diplomatic):
    assert body_md(body, "reading") == reading
    assert body_md(body, "diplomatic") == diplomatic


def test_markdown_quotes_by_language():
    assert body_md("<p><q>Ja</q></p>", lang="de") == "„Ja“"


def test_the_header_panel_is_a_list_of_fields():
    out = render(tei("<p>t</p>", "<editor>A. Editor</editor>"), "markdown")
    assert out.startswith("# T\n\n- **Editor:** A. Editor\n\n")


def test_a_note_whose_call_the_view_hides_is_still_shown():
    # a letterhead (fw) is seen in the diplomatic view only; its note must not vanish from the reading view
    body = "<p><fw type='letterhead'>Hotel<note>printed</note></fw> text</p>"
    reading = render(tei(body), "markdown", "reading")
    assert "printed" in shown(reading) and "[^1]:" not in reading
    diplomatic = render(tei(body), "markdown", "diplomatic")
    assert "[^1]: printed" in diplomatic


def test_the_register_lists_entries_with_their_authority_links():
    doc = tei("<p><persName ref='#p1'>Anna</persName></p>"
              "</body><back><listPerson><person xml:id='p1'><persName>Anna Muster</persName>"
              "<idno>https://d-nb.info/gnd/1</idno></person></listPerson></back><body>")
    out = render(doc, "markdown")
    assert "## Register\n\n### People\n\n- **Anna Muster**: <https://d-nb.info/gnd/1>" in out


def test_writers_are_one_table():
    assert tuple(WRITERS) == FORMATS and {"html", "text", "markdown"} <= set(FORMATS)
    assert len({w.suffix for w in WRITERS.values()}) == len(WRITERS)


def test_the_view_marks_what_each_view_shows():
    doc = build_view(tei("<p>a <choice><sic>teh</sic><corr>the</corr></choice> <supplied>b</supplied></p>"))
    para = doc.body[0].children[0].children[0]  # text → body → p
    assert para.kind == "para" and plain(para.children, READING) == "a the [b]"
    assert plain(para.children, DIPLOMATIC) == "a teh [b]"
    supplied = para.children[-1]
    assert supplied.tei == "supplied" and [c.role for c in supplied.children if not isinstance(c, str)] == [SIGN] * 2
    assert not para.get("blocks")


def _words_kept(tree: etree._ElementTree, view: str) -> tuple[int, int]:
    """How many of the text view's words a Markdown reader shows (note labels left out: Markdown numbers its
    footnotes itself)."""
    doc = build_view(tree)
    parts = text_parts(doc, view)
    labels = {v.label for v in doc.apparatus} | {n.label for n in doc.notes} | {str(n.number) for n in doc.notes}
    text = urllib.parse.unquote(" ".join([parts.title, *parts.blocks, *parts.notes, *parts.variants,
                                          *parts.register]))  # a Markdown reader shows links decoded
    expected = Counter(w for w in WORD.findall(text) if w not in labels)
    found = Counter(WORD.findall(shown(render(tree, "markdown", view))))
    return sum(expected.values()) - sum((expected - found).values()), sum(expected.values())


@needs_corpora
@pytest.mark.parametrize("folder", sorted(p.name for p in CORPORA.iterdir() if p.is_dir())
                         if CORPORA.is_dir() else [])
def test_markdown_of_every_corpus_file_shows_the_texts_words(folder):
    for path in sorted((CORPORA / folder).rglob("*.xml")):
        tree, _ = load_for_reading(path)
        for view in ("reading", "diplomatic"):
            kept, total = _words_kept(tree, view)
            assert kept >= 0.995 * total, f"{path} ({view}): {kept}/{total}"
