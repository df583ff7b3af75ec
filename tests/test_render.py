"""Rendering: views, element rules, safety, HTML validity, and every file of ../shared/corpora."""

from __future__ import annotations

import re
from pathlib import Path

import html5lib
import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree
from lxml import html as lhtml

from teitools.rendering import render
from teitools.rendering.fidelity import kept_words
from teitools.xml import parse_bytes, parse_file

from .conftest import SHARED

CORPORA = SHARED / "corpora"
SAMPLES = Path(__file__).resolve().parent.parent / "samples"
needs_corpora = pytest.mark.skipif(not CORPORA.is_dir(), reason="../shared/corpora is not present")


def tei(body: str, header: str = "", lang: str = "en") -> etree._ElementTree:
    return parse_bytes(f"""<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="{lang}"><teiHeader><fileDesc>
      <titleStmt><title>T</title>{header}</titleStmt><publicationStmt><p>p</p></publicationStmt>
      <sourceDesc><p>s</p></sourceDesc></fileDesc></teiHeader><text><body>{body}</body></text></TEI>""".encode())


def text(body: str, view: str = "reading") -> str:
    out = render(tei(body), "text", view)
    return out.split("\n\n", 1)[1].strip()  # without the title


RULES = [
    # body, reading view, diplomatic view
    ("<p>a <choice><sic>teh</sic><corr>the</corr></choice> b</p>", "a the b", "a teh b"),
    ("<p><choice><orig>vnto</orig><reg>unto</reg></choice></p>", "unto", "vnto"),
    ("<p><choice><abbr>Dr.</abbr><expan>Doctor</expan></choice></p>", "Doctor", "Dr."),
    ("<p>a <supplied>word</supplied></p>", "a [word]", "a [word]"),
    ("<p>a <gap reason='illegible'/> b</p>", "a [illegible] b", "a [illegible] b"),
    ("<p>a <gap/> b</p>", "a […] b", "a […] b"),
    ("<p>a <del>old</del><add>new</add></p>", "a new", "a ⟦old⟧⟨new⟩"),
    ("<p>a <unclear>b</unclear></p>", "a b", "a b"),
    ("<p>line one<lb/>line two</p>", "line one line two", "line one\nline two"),
    ("<p><hi rend='italic'>it</hi> and <emph>em</emph></p>", "it and em", "it and em"),
    ("<p><app><lem>main</lem><rdg>other</rdg></app></p>", "main[a]\n\nApparatus\n\n[a] main] other",
     "main[a]\n\nApparatus\n\n[a] main] other"),
    ('<p><app><lem wit="#A">main</lem><rdg wit="#B #C">other</rdg></app></p>',
     "main[a]\n\nApparatus\n\n[a] main A] other B C", "main[a]\n\nApparatus\n\n[a] main A] other B C"),
    ("<p>x<note place='inline' type='gloss'>gloss</note></p>", "x[gloss]", "x[gloss]"),
    ("<p>x<note>a note</note></p>", "x[1]\n\nNotes\n\n[1] a note", "x[1]\n\nNotes\n\n[1] a note"),
    ("<p>Page<pb n='2'/>two</p>", "Pagetwo", "Pagetwo"),
    ("<list><item>one</item><item>two</item></list>", "one\n\ntwo", "one\n\ntwo"),
    ("<table><row><cell>a</cell><cell>b</cell></row></table>", "a | b", "a | b"),
    ("<lg><l>verse one</l><l>verse two</l></lg>", "verse one\n\nverse two", "verse one\n\nverse two"),
    ("<sp><speaker>A.</speaker><p>Hello.</p></sp><stage>exit</stage>", "A.\n\nHello.\n\nexit",
     "A.\n\nHello.\n\nexit"),
    ("<p><unknownElement>kept</unknownElement></p>", "kept", "kept"),
    ("<opener><dateline>Vienna, 1 May</dateline><salute>Dear X,</salute></opener><p>t</p>"
     "<closer><signed>Y</signed></closer>", "Vienna, 1 May\n\nDear X,\n\nt\n\nY", "Vienna, 1 May\n\nDear X,\n\nt\n\nY"),
]


@pytest.mark.parametrize(("body", "reading", "diplomatic"), RULES)
def test_element_rules(body, reading, diplomatic):
    assert text(f"<div>{body}</div>", "reading") == reading
    assert text(f"<div>{body}</div>", "diplomatic") == diplomatic


def test_width_wraps():
    out = render(tei("<p>" + "word " * 40 + "</p>"), "text", width=30)
    assert max(len(line) for line in out.splitlines()) <= 30


def page(body: str, header: str = "") -> lhtml.HtmlElement:
    return lhtml.fromstring(render(tei(body, header), "html"))


@pytest.mark.parametrize("target", ["javascript:alert(1)", "data:text/html,&lt;b&gt;x", "JAVASCRIPT:x",
                                    "vbscript:x", "//evil.example/x"])
def test_unsafe_links_are_not_links(target):
    doc = page(f"<p><ref target='{target}'>click</ref></p>")
    assert all(not a.get("href", "").lower().startswith(("javascript", "data", "vbscript", "//"))
               for a in doc.iter("a"))


def test_safe_links_and_images():
    doc = page("<p><ref target='https://example.org/'>x</ref> <ref target='mailto:a@b.c'>m</ref>"
               "<figure><graphic url='img/a.png'/><figDesc>A letter</figDesc></figure>"
               "<figure><graphic url='https://example.org/a.png'/></figure>"
               "<figure><graphic url='../secret.png'/></figure></p>")
    hrefs = [a.get("href") for a in doc.iter("a") if a.get("class", "").startswith("tei-ref")]
    assert hrefs == ["https://example.org/", "mailto:a@b.c"]
    assert [i.get("src") for i in doc.iter("img")] == ["img/a.png"]


# what XML allows in text and attributes (no NUL, no C0 controls but tab, newline, carriage return)
XML_TEXT = st.text(st.sampled_from(" \t\n\r&<>\"'%#a\x7f\xa0é\u2028😀") | st.characters(
    blacklist_categories=("Cs",), blacklist_characters="\x00").filter(
    lambda c: c in "\t\n\r" or ord(c) >= 0x20 and c not in "\ufffe\uffff"))


@given(XML_TEXT, XML_TEXT, XML_TEXT)
def test_markup_is_written_as_lxml_serializes_it(content, value, url):
    from teitools.rendering.html import attr, esc, uri_attr

    el = etree.Element("a", {"href": url, "title": value})
    el.text = content
    assert etree.tostring(el, encoding="unicode", method="html") == \
        f"<a href{uri_attr(url)} title{attr(value)}>{esc(content)}</a>"


@pytest.mark.parametrize("target", [" ", "", "  \n "])
def test_a_blank_link_target_is_no_link(target):
    doc = page(f"<p><ref target='{target}'>here</ref> <ptr target='{target}'/></p>")
    assert [a.get("href") for a in doc.iter("a") if "tei-ref" in a.get("class", "")] == []
    assert "here" in doc.text_content()


def test_everything_is_escaped():
    out = render(tei("<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; <hi rend='x\"onmouseover'>y</hi></p>"), "html")
    assert "<script>alert" not in out and "onmouseover=" not in out


def test_footnotes_link_there_and_back():
    doc = page("<p>text<note>the note</note> more</p>")
    call = doc.get_element_by_id("fnref-1")
    assert call.get("href") == "#fn-1"
    note = doc.get_element_by_id("fn-1")
    assert "the note" in note.text_content() and note.find(".//a[@href='#fnref-1']") is not None


def test_register_links_names():
    body = "<p><persName ref='#p1'>Anna</persName></p>"
    out = render(parse_bytes(f"""<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt>
      <title>T</title></titleStmt><publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc>
      </teiHeader><standOff><listPerson><person xml:id="p1"><persName>Anna Berg</persName>
      <idno type="URI">https://example.org/anna</idno></person></listPerson></standOff>
      <text><body>{body}</body></text></TEI>""".encode()), "html")
    doc = lhtml.fromstring(out)
    assert doc.find(".//a[@href='#reg-p1']").text == "Anna"
    assert doc.get_element_by_id("reg-p1").text == "Anna Berg"


def test_not_tei_is_refused():
    from teitools.rendering.document import NotTEI

    with pytest.raises(NotTEI):
        render(parse_bytes(b"<a/>"), "html")


def check_page(html: str) -> None:
    """HTML5 without parse errors, lang, a title, headings in order, no empty links; and markup that an HTML
    parser reads back as written (the renderer writes strings, not a tree)."""
    parser = html5lib.HTMLParser(strict=True)
    parser.parse(html)
    doc = lhtml.document_fromstring(html)
    assert "<!DOCTYPE html>\n" + etree.tostring(doc, encoding="unicode", method="html") + "\n" == html
    assert doc.get("lang") and doc.find(".//title").text_content().strip()
    levels = [int(h.tag[1]) for h in doc.iter("h1", "h2", "h3", "h4", "h5", "h6")]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), levels
    for a in doc.iter("a"):
        assert a.text_content().strip() or a.get("aria-label"), lhtml.tostring(a)
    ids = [e.get("id") for e in doc.iter() if e.get("id")]
    assert len(ids) == len(set(ids))
    for a in doc.iter("a"):
        if a.get("href", "").startswith("#"):
            assert a.get("href")[1:] in ids, a.get("href")


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.xml")), ids=lambda p: p.name)
def test_own_samples_pages(path):
    check_page(render(parse_file(path), "html"))


def corpus_files(folder: str) -> list[Path]:
    return sorted((CORPORA / folder).rglob("*.xml")) if CORPORA.is_dir() else []


@needs_corpora
@pytest.mark.parametrize("path", corpus_files("letters-sample"), ids=lambda p: p.name)
def test_letters_sample_pages_and_words(path):
    tree = parse_file(path)
    check_page(render(tree, "html"))
    kept, total = kept_words(tree, "diplomatic")
    assert kept >= 0.995 * total, f"{kept}/{total}"


@needs_corpora
@pytest.mark.parametrize("folder", sorted(p.name for p in CORPORA.iterdir() if p.is_dir())
                         if CORPORA.is_dir() else [])
def test_every_corpus_file_renders(folder):
    for path in corpus_files(folder):
        tree = parse_file(path)
        page_html = render(tree, "html")
        assert re.search(r"<html lang=\"[^\"]+\">", page_html), path
        assert lhtml.document_fromstring(page_html).find("body/div/main/article") is not None, path
        for view in ("reading", "diplomatic"):
            assert render(tree, "text", view).strip(), path


@pytest.mark.parametrize("titles,expected", [
    ("<title>Only</title>", "Only"),
    ("<title type='sub'>Sub</title><title type='main'>Main</title>", "Main"),
    ("<title>First</title><title type='main'>Main <hi>styled</hi></title>", "Main styled"),
    ("<title type='main'><choice><sic>Teh</sic><corr>The</corr></choice> letter</title>", "The letter"),
    # a letter of an edition: its own (analytic) title, never the series' or the date's
    ("<title level='s'>Briefwechsel</title><title type='iso-date'>1889-08-02</title>"
     "<title level='a'>A an B, 2. 8. 1889</title>", "A an B, 2. 8. 1889"),
    ("<title level='m'>The Volume</title><title>The Letter</title>", "The Letter"),
    ("<title level='j'>The Journal</title>", "The Journal"),
])
def test_the_title_is_the_main_one_read_as_the_reading_view(titles, expected):
    from teitools.rendering.document import summary

    doc = etree.fromstring(f'<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt>{titles}'
                           f"</titleStmt></fileDesc></teiHeader><text><body><p>x</p></body></text></TEI>")
    assert summary(doc).title == expected
    html = render(doc.getroottree(), "html")
    assert f"<title>{expected}</title>" in html
    assert reading_text(lhtml.fromstring(html).find(".//h1")) == expected


def reading_text(el) -> str:
    """What the reading view shows of an element: without the parts marked diplomatic-only (class d)."""
    parts: list[str] = []

    def walk(e):
        if "d" in (e.get("class") or "").split():
            parts.append(e.tail or "")
            return
        parts.append(e.text or "")
        for c in e:
            walk(c)
        parts.append(e.tail or "")

    walk(el)
    parts[-1] = ""  # the element's own tail is not its text
    return " ".join("".join(parts).split())


@pytest.mark.parametrize(("declared", "lang"), [
    ('<text xml:lang="de-AT">', "de-AT"), ("<langUsage><language ident='deu'>Deutsch</language></langUsage>", "de"),
    ("<langUsage><language ident='it'>Italiano</language><language ident='la'/></langUsage>", "it"),
    ("", "und"),
])
def test_the_page_language_is_the_documents(declared, lang):
    text_start = declared if declared.startswith("<text") else "<text>"
    profile = "" if declared.startswith("<text") else f"<profileDesc>{declared}</profileDesc>"
    doc = etree.fromstring(f'<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>T'
                           f"</title></titleStmt></fileDesc>{profile}</teiHeader>{text_start}<body><p>x</p></body>"
                           f"</text></TEI>")
    assert lhtml.fromstring(render(doc.getroottree(), "html")).get("lang") == lang


@pytest.mark.parametrize("target", ["#tn1", "tn1"])
def test_a_ptr_or_ref_to_a_note_is_its_call(target):
    body = (f'<div><p>nello Stato<ptr target="{target}" n="1"/> riempir<ref target="{target}">*</ref></p></div>'
            '<div type="notes"><note xml:id="tn1"><p>Followed by "rimp-" crossed out.</p></note></div>')
    p = page(body)
    calls = p.findall(".//sup[@class='fnref']/a")
    assert [a.text for a in calls] == ["1", "*"] and {a.get("href") for a in calls} == {"#fn-1"}
    notes = p.findall(".//section[@class='footnotes']//li")
    assert len(notes) == 1 and "rimp-" in notes[0].text_content()
    assert "[#tn1]" not in p.text_content() and "rimp-" not in p.find(".//article").text_content()


@given(st.text(st.sampled_from(" \t\n\r\u00a0\u2003\u2028\x85ab")))
def test_white_space_is_folded_as_the_rule_says(value):
    from teitools.rendering.text import one_line

    assert one_line(value) == re.sub(r"[ \t\u00a0\r\n]+", " ", value).strip()


@pytest.mark.parametrize(("body", "tag"), [
    ("<p>a <hi>b</hi> <ref target='#x'>c</ref></p>", "p"),
    ("<p>a <list><item>b</item></list></p>", "p"),  # a list in running text runs with it
    ("<p>a <opener><salute>b</salute></opener></p>", "div"),  # an HTML p cannot hold the opener's div
    ("<p>a <hi><closer><signed>b</signed></closer></hi></p>", "div"),  # however deep
    ("<p>a<note><p>a note's own paragraph</p></note></p>", "p"),  # the note goes to the foot of the page
])
def test_a_paragraph_holding_blocks_becomes_a_div(body, tag):
    el = next(e for e in page(body).iter() if "tei-p" in (e.get("class") or "").split())
    assert el.tag == tag and el.get("class") == ("tei-p" if tag == "p" else "tei-p p")


def test_text_of_is_all_the_text_of_an_element():
    from teitools.xml import text_of

    docs = [etree.fromstring(b"<a>x<!--c-->y<?pi z?><b>q<!--c2--><c/>r</b>t&#233;&#13;<![CDATA[<cd>&]]>"
                             b"<d>s</d>u</a>")]
    docs += [parse_file(p).getroot() for p in corpus_files("letters-sample")]
    for doc in docs:
        for el in doc.iter(etree.Element):
            assert text_of(el) == "".join(el.itertext())


@pytest.mark.parametrize("path", ["teiHeader", "teiHeader/fileDesc/titleStmt/title", "text/body/div/p",
                                  "teiHeader/fileDesc/sourceDesc/bibl", "text/back", "nothing/here"])
def test_child_at_finds_what_elementpath_finds(path):
    from teitools.xml import child_at, children_at

    t = "{http://www.tei-c.org/ns/1.0}"
    tags = [t + step for step in path.split("/")]
    docs = [tei("<div><p>a</p><p>b</p></div><div><p>c</p></div>").getroot()]
    docs += [parse_file(p).getroot() for p in corpus_files("letters-sample")]
    for doc in docs:
        assert list(children_at(doc, *tags)) == list(doc.iterfind("/".join(tags)))
        assert child_at(doc, *tags) == doc.find("/".join(tags))


def test_back_lists_are_the_register_only_with_backlinks():
    back = ('<back><listPlace><place xml:id="pl1"><placeName>Wien</placeName><location><geo>48,2 16,37</geo>'
            '</location><idno type="geonames">https://www.geonames.org/2761369</idno></place></listPlace></back>')
    doc = parse_bytes(f"""<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>T</title>
      </titleStmt></fileDesc></teiHeader><text><body><p>In <placeName ref="#pl1">Wien</placeName> and
      <placeName ref="#pl1">Vienna</placeName>.</p></body>{back}</text></TEI>""".encode())
    p = lhtml.fromstring(render(doc, "html"))
    article = " ".join(p.find(".//article").text_content().split())
    assert "48,2" not in article and "geonames" not in article  # not printed after the letter
    register = p.find(".//section[@class='register']")
    assert "48,2 16,37" in register.text_content()
    assert register.find(".//a[@href='https://www.geonames.org/2761369']") is not None
    back_links = [a.get("href") for a in register.findall(".//span[@class='backrefs ui']/a")]
    assert back_links == ["#nm-pl1-1", "#nm-pl1-2"]
    assert {p.get_element_by_id(h[1:]).text for h in back_links} == {"Wien", "Vienna"}
    # the text views keep the register's words, after the text
    assert "Register" in render(doc, "text") and "48,2 16,37" in render(doc, "text")


@pytest.mark.parametrize(("pb", "facsimile", "href"), [
    ('<pb n="2" facs="https://iiif.example.org/img/p2/"/>', "", "https://iiif.example.org/img/p2/"),
    ('<pb n="3" facs="#s3"/>', '<facsimile><surface xml:id="s3"><graphic url="https://img.example.org/3.jpg"/>'
                               '</surface></facsimile>', "https://img.example.org/3.jpg"),
])
def test_a_page_break_links_its_facsimile(pb, facsimile, href):
    doc = parse_bytes(f"""<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>T</title>
      </titleStmt></fileDesc></teiHeader>{facsimile}<text><body><p>a {pb} b</p></body></text></TEI>""".encode())
    link = lhtml.fromstring(render(doc, "html")).find(".//a[@class='tei-pb facs ui']")
    assert link is not None and link.get("href") == href and link.text.startswith("[page ")


def test_a_page_break_to_an_unsafe_or_local_facsimile_is_no_link():
    doc = parse_bytes(b"""<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>T</title>
      </titleStmt></fileDesc></teiHeader><text><body><p>a <pb facs="javascript:x"/> <pb facs="MS-0003"/> b</p>
      </body></text></TEI>""")
    assert lhtml.fromstring(render(doc, "html")).find(".//a[@class='tei-pb facs ui']") is None


def _meta_rows(doc) -> dict[str, str]:
    p = lhtml.fromstring(render(doc, "html"))
    dl = p.find(".//dl[@class='meta']")
    return {dt.text: " ".join(dt.getnext().text_content().split()) for dt in dl.findall("dt")}


def _doc(header_extra: str = "", profile: str = "") -> etree._ElementTree:
    return parse_bytes(f"""<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>T</title>
      <editor><name>Müller, Martin</name><name>Susen, Gerd</name></editor></titleStmt>
      <publicationStmt><availability><licence target="https://creativecommons.org/licenses/by/4.0/"><p>You may
      share and adapt the material for any purpose, even commercially, under the following terms.</p></licence>
      </availability></publicationStmt><sourceDesc><p>s</p></sourceDesc>{header_extra}</fileDesc>
      <profileDesc>{profile}</profileDesc></teiHeader><text><body><p>x</p></body></text></TEI>""".encode())


@pytest.mark.parametrize(("date", "shown"), [
    ('<date when="1889-08-02">2. 8. 1889</date>', "2. 8. 1889"),
    ('<date from="1889-08-03" to="1889-08-07"/>', "1889-08-03 – 1889-08-07"),
    ('<date notBefore="1889-08-03"/>', "not before 1889-08-03"),
    ('<date notBefore="1889-08-03" notAfter="1889-08-07"/>', "between 1889-08-03 and 1889-08-07"),
    ('<date when="1889" cert="low"/>', "1889 (uncertain)"),
])
def test_dates_in_the_panel_say_what_the_date_says(date, shown):
    rows = _meta_rows(_doc(profile=f'<correspDesc><correspAction type="sent"><persName>A</persName>{date}'
                                   '</correspAction></correspDesc>'))
    assert rows["From"] == f"A, {shown}"


def test_the_panel_resolves_refs_and_shows_summary_context_editors_and_a_folded_licence():
    rows = _meta_rows(_doc(profile="""<particDesc><listPerson><person xml:id="BS"><persName>Bona Sforza</persName>
      </person></listPerson></particDesc><correspDesc><correspAction type="sent"><persName ref="#BS"/>
      </correspAction><note>Elaborates on the costs.</note><correspContext>
      <ref type="withinCorrespondence" subtype="previous_letter" target="L1">A an B, 1. 1. 1889</ref></correspContext>
      </correspDesc>"""))
    assert rows["From"] == "Bona Sforza"
    assert rows["Summary"] == "Elaborates on the costs."
    assert rows["Previous letter (correspondence)"] == "A an B, 1. 1. 1889"
    assert rows["Editors"] == "Müller, Martin; Susen, Gerd"
    p = lhtml.fromstring(render(_doc(), "html"))
    details = p.find(".//dl[@class='meta']//details[@class='licence']")
    assert details is not None and details.get("open") is None
    assert details.find("summary/a").get("href") == "https://creativecommons.org/licenses/by/4.0/"
    assert all(dt.getnext().text_content().strip() for dt in p.findall(".//dl[@class='meta']/dt"))  # no empty rows


def test_variants_are_a_numbered_apparatus_linked_both_ways():
    p = page('<p>the <app><lem wit="#A">jumper</lem><rdg wit="#B">jacket</rdg></app> and '
             '<app loc="2" cert="low"><rdg>pants</rdg></app></p>')
    calls = p.findall(".//article//sup[@class='appref']/a")
    assert [a.text for a in calls] == ["a", "b"] and [a.get("href") for a in calls] == ["#app-1", "#app-2"]
    entries = p.findall(".//section[@class='apparatus']//li")
    assert [" ".join(e[0].text_content().split()) for e in entries] == ["jumper A] jacket B", "pants loc. 2, cert. low"]
    assert [e.find("a[@class='fn-back']").get("href") for e in entries] == ["#appref-1", "#appref-2"]
    assert "jacket" not in p.find(".//article").text_content()  # a reading is not run into the text


@pytest.mark.parametrize(("lang", "shown"), [("de", "„Ja“"), ("fr", "« Ja »"), ("it", "«Ja»"), ("en", "“Ja”")])
def test_quotations_are_marked_as_the_texts_language_marks_them(lang, shown):
    doc = parse_bytes(f"""<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>T</title>
      </titleStmt></fileDesc></teiHeader><text xml:lang="{lang}"><body><p>Er sagte <q>Ja</q>.</p>
      <p><q>»Nein«</q></p></body></text></TEI>""".encode())
    out = render(doc, "text")
    assert f"Er sagte {shown}." in out and "»Nein«" in out and "„»" not in out
    assert lhtml.fromstring(render(doc, "html")).get("lang") == lang  # the browser marks q by the page's lang


@pytest.mark.parametrize(("body", "reading"), [
    ("<p>partio-<lb/>nevoli</p>", "partionevoli"),
    ("<p>li partio-<lb/>\nnevoli dei</p>", "li partionevoli dei"),
    ('<p>Ham-<lb break="no"/>burg</p>', "Hamburg"),
    ("<p>one<lb/>two</p>", "one two"),
    ("<p>Anti-<lb/>Dühring</p>", "Anti- Dühring"),  # a capital after the hyphen: a compound, kept
])
def test_line_ends_in_the_reading_view(body, reading):
    assert text(body) == reading


def test_an_address_keeps_its_lines_in_the_reading_view():
    assert text("<closer><address><addrLine>Herrn A<lb/>Wien</addrLine></address></closer>") == "Herrn A\nWien"


LISTING = """<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>Letters</title></titleStmt>
<publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p></sourceDesc></fileDesc><profileDesc>
<correspDesc ref="https://example.org/letters/2"><correspAction type="sent">
 <persName ref="http://d-nb.info/gnd/118629662">Weber, Carl Maria von</persName>
 <placeName ref="http://www.geonames.org/2935022">Dresden</placeName><date when="1825-05-07"/></correspAction>
 <correspAction type="received"><persName>Dietrichstein, Moritz von</persName></correspAction></correspDesc>
<correspDesc key="1"><correspAction type="sent"><persName>Gänsbacher, Johann</persName>
 <date notBefore="1810-07-11" notAfter="1810-07-18" cert="low"/></correspAction>
 <correspAction type="received"><persName>Weber, Carl Maria von</persName></correspAction></correspDesc>
<correspDesc><correspAction type="sent"><persName>Anonymous</persName></correspAction></correspDesc>
</profileDesc></teiHeader><text><body><p/></body></text></TEI>""".encode()


def test_a_header_listing_letters_is_a_table_in_date_order():
    """Several correspDesc: the letters as a table (date, sender, place, addressee, letter), dated ones in order and
    the undated last, authority URIs linked under their register's name; the metadata panel does not list them."""
    page = lhtml.fromstring(render(parse_bytes(LISTING)))
    rows = [[" ".join(td.text_content().split()) for td in tr.findall("td")]
            for tr in page.xpath("//table[@class='letters']/tbody/tr")]
    assert rows == [
        ["1810-07-11–1810-07-18 ?", "Gänsbacher, Johann", "", "Weber, Carl Maria von", "No. 1"],
        ["1825-05-07", "Weber, Carl Maria von GND", "Dresden GeoNames", "Dietrichstein, Moritz von", "edition"],
        ["", "Anonymous", "", "", ""],
    ]
    assert page.xpath("//a[@class='authority']/@href") == ["http://d-nb.info/gnd/118629662",
                                                           "http://www.geonames.org/2935022"]
    assert page.xpath("//table[@class='letters']//a[.='edition']/@href") == ["https://example.org/letters/2"]
    assert not page.xpath("//dl[@class='meta']/dt[.='From' or .='To']")
    text = render(parse_bytes(LISTING), to="text")
    assert "1825-05-07 | Weber, Carl Maria von GND | Dresden GeoNames | Dietrichstein, Moritz von | edition" in text


def _play(acts: int) -> bytes:
    divs = "".join(f'<div type="act"><head>Act {k}</head><sp><speaker>A</speaker><l>line {k}</l></sp></div>'
                   for k in range(1, acts + 1))
    return (f'<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>P</title></titleStmt>'
            f'<publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p></sourceDesc></fileDesc></teiHeader>'
            f'<text><front><castList><castItem><role>HAMLET</role><roleDesc>son to the late king</roleDesc></castItem>'
            f'</castList></front><body>{divs}<div><head>Songs</head><lg><l>one</l><l>two</l></lg><lg><l>three</l>'
            f'</lg></div></body></text></TEI>').encode()


def test_a_long_document_has_a_table_of_contents_linking_its_headings():
    page = lhtml.fromstring(render(parse_bytes(_play(4))))
    entries = [(a.text_content(), a.get("href")) for a in page.xpath("//nav[@class='contents']//a")]
    assert [text for text, _ in entries] == ["Act 1", "Act 2", "Act 3", "Act 4", "Songs"]
    ids = set(page.xpath("//@id"))
    assert all(href[1:] in ids for _, href in entries)
    assert page.xpath(f"//*[@id='{entries[1][1][1:]}']")[0].text_content() == "Act 2"
    short = lhtml.fromstring(render(parse_bytes(_play(1))))
    assert not short.xpath("//nav[@class='contents']")  # two headings: no table of contents


def test_cast_lists_and_stanzas_are_known_elements():
    page = lhtml.fromstring(render(parse_bytes(_play(1))))
    assert page.xpath("//span[@class='tei-role']/text()") == ["HAMLET"]
    assert not page.xpath("//*[contains(@class, 'tei-unknown')]")
    assert len(page.xpath("//div[@class='tei-lg']")) == 2
    text = render(parse_bytes(_play(1)), to="text")
    assert "HAMLET" in text and "son to the late king" in text


def test_the_word_measure_counts_note_calls_and_adjacent_variants_as_the_page_shows_them():
    """A ref whose text is its note's call mark is the call (left out with the notes' marks); two apps written
    together are two places of variation, each with its call, not one word: both once cost real files (a Cody
    letter, a family letter) their 99.5 %."""
    doc = parse_bytes(b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/><text><body><p>To Brennan '
                      b'<ref target="n01">1</ref> and <app loc="1"><rdg>him</rdg></app><app loc="2"><rdg>her</rdg></app> too</p>'
                      b'<note xml:id="n01">Note 1: a superintendent.</note></body></text></TEI>')
    kept, total = kept_words(doc)
    assert kept == total and total >= 9


def _edition_with_shared_register(tmp_path: Path) -> Path:
    edition = tmp_path / "edition"
    (edition / "letters").mkdir(parents=True)
    (edition / "registers").mkdir()
    (edition / "registers" / "persons.xml").write_text(
        '<listPerson xmlns="http://www.tei-c.org/ns/1.0">'
        + "".join(f'<person xml:id="p{k}"><persName>Person {k}</persName></person>' for k in range(1, 301))
        + "</listPerson>", encoding="utf-8")
    (edition / "letters" / "l1.xml").write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:xi="http://www.w3.org/2001/XInclude"><teiHeader><fileDesc>'
        '<titleStmt><title>L1</title></titleStmt><publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p>'
        '</sourceDesc></fileDesc><profileDesc><particDesc><xi:include href="../registers/persons.xml"/></particDesc>'
        '</profileDesc></teiHeader><text><body><p>To <persName ref="#p7">him</persName> and '
        '<persName ref="#p42">her</persName>.</p></body></text></TEI>', encoding="utf-8")
    return edition


def test_a_register_an_edition_includes_shows_the_entries_the_letter_names(tmp_path):
    """Rendered from the edition's folder, a letter's included register (300 people) is read as validation reads
    it, and its register shows the two people the letter names; rendered alone, it is shown without the include,
    and a warning says so."""
    import subprocess
    import sys

    edition = _edition_with_shared_register(tmp_path)
    out = tmp_path / "site"
    # the register file itself is not a TEI document: named as such, the letter rendered all the same
    run = subprocess.run([sys.executable, "-m", "teitools.cli", "render", str(edition), "-o", str(out), "-q"],
                         capture_output=True, text=True)
    assert "persons.xml:1: root element is" in run.stderr and "warning" not in run.stderr, run.stderr
    page = lhtml.parse(str(out / "letters" / "l1.html")).getroot()
    entries = [" ".join(dt.text_content().split()) for dt in page.xpath("//section[contains(@class, 'register')]//dt")]
    assert sorted(entries) == ["Person 42", "Person 7"]
    alone = subprocess.run([sys.executable, "-m", "teitools.cli", "render", str(edition / "letters" / "l1.xml")],
                           capture_output=True, text=True)
    assert alone.returncode == 0 and "warning:" in alone.stderr and "shown without what it includes" in alone.stderr
    assert "<h1>L1</h1>" in alone.stdout
    wider = subprocess.run([sys.executable, "-m", "teitools.cli", "render", str(edition / "letters" / "l1.xml"),
                            "--allow-outside"], capture_output=True, text=True)
    assert "warning" not in wider.stderr and "Person 42" in wider.stdout
