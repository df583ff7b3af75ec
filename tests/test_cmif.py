"""CMIF: letters' metadata read from TEI (fixture table: TEI → CMIF correspDesc), the CMIF v1 checks (each rule
made to fail), the command end to end, and over the correspondence corpora of ../shared: the files pass the
checks, the CMIF RELAX NG (our validator, and jing when installed) and the CMIF Schematron, and give back their
letters' senders, recipients, dates and places."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from teitools.cmif import CmifHeader, cmif_bytes, cmif_problems, cmif_tree, edition_id, letters_of
from teitools.xml import parse_bytes

from .conftest import SHARED

T = "{http://www.tei-c.org/ns/1.0}"
CORPORA = SHARED / "corpora"
CMIF_RNG = SHARED / "odd" / "cmif" / "schema" / "cmi-customization.rng"
CMIF_SCH = SHARED / "schematron" / "cmif" / "odd" / "cmif.sch"
HEADER = CmifHeader("Letters", "A. Editor", "A Press", "https://example.org/cmif.xml", "2026-12-02T10:00:00Z",
                    "The Letters of Nobody", email="ae@example.org")


def tei(profile: str, back: str = "", encoding: str = "", text: str = "<p>Dear friend.</p>") -> bytes:
    return (f'<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>x</title></titleStmt>'
            f'<publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc>{encoding}'
            f'<profileDesc>{profile}</profileDesc></teiHeader><text><body>{text}</body>'
            f'<back>{back}</back></text></TEI>').encode()


def cmif_desc(source: bytes, base_url: str | None = None, page: str | None = None) -> str:
    """The first correspDesc of the CMIF written from ``source``, without namespaces and its @source."""
    letters = letters_of(parse_bytes(source).getroot(), page)
    tree = cmif_tree(letters, HEADER, base_url=base_url)
    desc = tree.getroot().find(f"{T}teiHeader/{T}profileDesc/{T}correspDesc")
    for el in desc.iter():
        el.tag = el.tag.split("}")[1]
    del desc.attrib["source"]
    etree.cleanup_namespaces(desc)
    return etree.tostring(desc, encoding="unicode").replace(' xmlns="http://www.tei-c.org/ns/1.0"', "")


PERSONS = ('<listPerson><person xml:id="p1"><persName>Anna Berg</persName>'
           '<idno type="wikidata">http://www.wikidata.org/entity/Q1</idno>'
           '<idno type="gnd">https://d-nb.info/gnd/123</idno><idno type="local">B-7</idno></person>'
           '<person xml:id="p2"><persName type="pref">Carl Dahl</persName><persName>C. D.</persName>'
           '<birth><placeName>Oslo</placeName><idno>http://www.geonames.org/999</idno></birth></person></listPerson>'
           '<listPlace><place xml:id="l1"><placeName>Lund</placeName>'
           '<idno type="geonames">https://www.geonames.org/2693678</idno></place></listPlace>')
PREFIXES = ('<encodingDesc><listPrefixDef><prefixDef ident="gnd" matchPattern="([0-9X-]+)" '
            'replacementPattern="https://d-nb.info/gnd/$1"/></listPrefixDef></encodingDesc>')

LETTERS = [
    # names as written; authority URIs of the entry its @ref points to, GND before Wikidata, no local ids
    ('<correspDesc><correspAction type="sent"><persName ref="#p1">A. Berg</persName><placeName ref="#l1">Lund'
     '</placeName><date when="1920-05-12">12 May 1920</date></correspAction><correspAction type="received">'
     '<persName>Town Council</persName></correspAction></correspDesc>', PERSONS, "",
     '<correspDesc><correspAction type="sent"><persName ref="https://d-nb.info/gnd/123 '
     'http://www.wikidata.org/entity/Q1">A. Berg</persName><placeName ref="https://www.geonames.org/2693678">Lund'
     '</placeName><date when="1920-05-12"/></correspAction><correspAction type="received"><persName>Town Council'
     '</persName></correspAction></correspDesc>'),
    # a name that only points takes the entry's preferred name; an idno of its birth place is not its own
    ('<correspDesc><correspAction type="sent"><persName ref="#p2"/></correspAction><correspAction type="received">'
     '<persName ref="https://viaf.org/viaf/42">Eva</persName></correspAction></correspDesc>', PERSONS, "",
     '<correspDesc><correspAction type="sent"><persName>Carl Dahl</persName></correspAction><correspAction '
     'type="received"><persName ref="https://viaf.org/viaf/42">Eva</persName></correspAction></correspDesc>'),
    # a prefix the document defines is expanded; one it does not define is left out
    ('<correspDesc><correspAction type="sent"><persName ref="gnd:118609807 pmb:12">Arthur</persName>'
     '</correspAction><correspAction type="received"><persName ref="#nobody">Olga</persName></correspAction>'
     '</correspDesc>', "", PREFIXES,
     '<correspDesc><correspAction type="sent"><persName ref="https://d-nb.info/gnd/118609807">Arthur</persName>'
     '</correspAction><correspAction type="received"><persName>Olga</persName></correspAction></correspDesc>'),
    # dates: bounds kept; a time of day cut off; a date without a year not taken (the next one is); uncertainty and conjecture kept
    ('<correspDesc><correspAction type="sent"><persName>A</persName><date notBefore="1889-08-03" '
     'notAfter="1889-08-07" cert="medium" evidence="conjecture">[3.–7. 8. 1889?]</date></correspAction>'
     '<correspAction type="received"><persName>B</persName><date when-iso="1950-01-02T10:00:00+01:00"/>'
     '</correspAction></correspDesc>', "", "",
     '<correspDesc><correspAction type="sent"><persName>A</persName><date cert="low" evidence="conjecture" '
     'notBefore="1889-08-03" notAfter="1889-08-07"/></correspAction><correspAction type="received"><persName>B'
     '</persName><date when="1950-01-02"/></correspAction></correspDesc>'),
    ('<correspDesc><correspAction type="sent"><persName>A</persName><date when="--05-12"/><date when="1920-05"/>'
     '</correspAction><correspAction type="received"><persName>B</persName><date from="1920" to="1921-02"/>'
     '</correspAction></correspDesc>', "", "",
     '<correspDesc><correspAction type="sent"><persName>A</persName><date when="1920-05"/></correspAction>'
     '<correspAction type="received"><persName>B</persName><date from="1920" to="1921-02"/></correspAction>'
     '</correspDesc>'),
    # the types of another vocabulary; transmitted is not a CMIF action; a missing recipient is "Unknown"
    ('<correspDesc><correspAction type="sentBy"><name type="org">The Firm</name><settlement>Venice</settlement>'
     '</correspAction><correspAction type="transmitted"><persName>Courier</persName></correspAction>'
     '</correspDesc>', "", "",
     '<correspDesc><correspAction type="sent"><orgName>The Firm</orgName><placeName>Venice</placeName>'
     '</correspAction><correspAction type="received"><persName>Unknown</persName></correspAction></correspDesc>'),
    ('<correspDesc><correspAction type="deliveredTo"><name>Eva</name><orgName>Town Council</orgName>'
     '</correspAction><correspAction type="sent"><persName>A</persName></correspAction><correspAction type="sent">'
     '<persName>B</persName><placeName>Rome</placeName></correspAction></correspDesc>', "", "",
     '<correspDesc><correspAction type="sent"><persName>A</persName><persName>B</persName><placeName>Rome'
     '</placeName></correspAction><correspAction type="received"><persName>Eva</persName><orgName>Town Council'
     '</orgName></correspAction></correspDesc>'),
]


@pytest.mark.parametrize("profile, back, encoding, expected", LETTERS)
def test_letter_metadata(profile, back, encoding, expected):
    assert cmif_desc(tei(profile, back, encoding)) == expected


def test_letter_url_own_then_page_else_key():
    own = ('<correspDesc ref="https://edition.example/L1" key="7"><correspAction type="sent"><persName>A</persName>'
           '</correspAction></correspDesc>')
    assert cmif_desc(tei(own), "https://site.example/", "a b.html").startswith(
        '<correspDesc ref="https://edition.example/L1">')
    bare = own.replace(' ref="https://edition.example/L1"', "")
    assert cmif_desc(tei(bare), "https://site.example/", "dir/a b.html").startswith(
        '<correspDesc ref="https://site.example/dir/a%20b.html">')
    assert cmif_desc(tei(bare)).startswith('<correspDesc key="7">')


def test_no_correspdesc_no_letter():
    assert letters_of(parse_bytes(tei("<langUsage><language ident='en'/></langUsage>")).getroot()) == []
    assert letters_of(parse_bytes(tei('<correspDesc><correspAction type="redirected"><persName>A</persName>'
                                      '</correspAction></correspDesc>')).getroot()) == []


def test_edition_id_is_a_stable_xml_id():
    one = edition_id("https://example.org/cmif.xml")
    assert one == edition_id("https://example.org/cmif.xml") != edition_id("https://example.org/other.xml")
    assert one[0].isalpha() and len(one) == 36


def written(letters_xml: bytes = b"") -> etree._Element:
    source = letters_xml or tei('<correspDesc><correspAction type="sent"><persName>A</persName><date when="1900"/>'
                                '</correspAction><correspAction type="received"><persName>B</persName>'
                                '</correspAction></correspDesc>')
    data = cmif_bytes(cmif_tree(letters_of(parse_bytes(source).getroot()), HEADER))
    return parse_bytes(data).getroot()


def test_written_header_keeps_the_rules():
    root = written()
    assert cmif_problems(root) == []
    ns = {"t": T[1:-1]}
    assert root.xpath("string(//t:editor/t:email)", namespaces=ns) == "ae@example.org"
    assert root.xpath("string(//t:publicationStmt/t:date/@when)", namespaces=ns) == "2026-12-02T10:00:00Z"
    assert root.xpath("//t:sourceDesc/t:bibl/@type", namespaces=ns) == ["print"]


MUTATIONS = [
    ("//t:titleStmt/t:title", "drop", "titleStmt/title is missing or empty"),
    ("//t:titleStmt/t:editor", "drop", "titleStmt/editor is missing or empty"),
    ("//t:publicationStmt/t:publisher", "drop", "publicationStmt/publisher is missing or empty"),
    ("//t:publicationStmt/t:idno", "text:not a url", "publicationStmt/idno[@type='url'] must be"),
    ("//t:publicationStmt/t:date", "when:2026-12-02", "publicationStmt/date/@when must be an xsd:dateTime"),
    ("//t:licence", "target:https://example.org/licence", "availability/licence/@target must be"),
    ("//t:sourceDesc/t:bibl", "type:book", "bibl/@type must be print, online or hybrid"),
    ("//t:correspDesc", "source:#elsewhere", "does not point to a sourceDesc/bibl"),
    ("//t:correspAction[@type='received']", "drop", "0 correspAction of type 'received'"),
    ("//t:correspAction[@type='sent']", "type:forwarded", "is not sent or received"),
    ("//t:correspAction[@type='sent']/t:persName", "text:", "persName is empty"),
    ("//t:correspAction[@type='received']/t:persName", "drop", "names no persName or orgName"),
    ("//t:correspAction[@type='sent']/t:persName", "ref:#p1", "@ref '#p1' is not an http(s) URI"),
    ("//t:correspAction[@type='sent']/t:date", "when:1900-13", "is not YYYY, YYYY-MM or YYYY-MM-DD"),
    ("//t:correspAction[@type='sent']/t:date", "when:", "is not YYYY, YYYY-MM or YYYY-MM-DD"),
    ("//t:correspAction[@type='sent']/t:date", "unwhen", "date has none of @when"),
    ("//t:correspAction[@type='sent']/t:date", "wrap:note", "note is not allowed in correspAction"),
    ("//t:correspAction[@type='sent']/t:date", "tail:on a Monday", "correspAction holds text of its own"),
]


@pytest.mark.parametrize("path, change, message", MUTATIONS)
def test_each_cmif_rule_fires(path, change, message):
    root = written()
    el = root.xpath(path, namespaces={"t": T[1:-1]})[0]
    verb, _, value = change.partition(":")
    if verb == "drop":
        el.getparent().remove(el)
    elif verb == "text":
        el.text = value
    elif verb == "unwhen":
        del el.attrib["when"]
    elif verb == "wrap":
        el.tag = f"{T}{value}"
    elif verb == "tail":
        el.tail = value
    else:
        el.set(verb, value)
    problems = cmif_problems(root)
    assert any(message in m for _, m in problems), problems
    assert all(line is not None for line, _ in problems)


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "teitools.cli", *args], capture_output=True,
                          env={**os.environ, **(env or {})})


HEAD_ARGS = ("--title", "Letters", "--editor", "A. Editor", "--url", "https://example.org/cmif.xml")


def letter_files(folder: Path) -> Path:
    folder.mkdir()
    (folder / "a.xml").write_bytes(tei(LETTERS[0][0], PERSONS).replace(b"<p/></publicationStmt>",
                                                                        b"<publisher>A Press</publisher></publicationStmt>"))
    (folder / "b.xml").write_bytes(tei(LETTERS[3][0]).replace(b"<p/></publicationStmt>",
                                                               b"<publisher>A Press</publisher></publicationStmt>"))
    return folder


def test_cli_writes_a_reproducible_checked_file(tmp_path):
    src = letter_files(tmp_path / "letters")
    out1, out2 = tmp_path / "one.xml", tmp_path / "two.xml"
    env = {"SOURCE_DATE_EPOCH": "1764669600"}
    r = run("cmif", str(src), "-o", str(out1), *HEAD_ARGS, "--base-url", "https://example.org/letters/", env=env)
    assert r.returncode == 0, r.stderr
    assert b"2 letters from 2 files" in r.stderr
    assert run("cmif", str(src), "-o", str(out2), *HEAD_ARGS, "--base-url", "https://example.org/letters/",
               env=env).returncode == 0
    assert out1.read_bytes() == out2.read_bytes()
    root = parse_bytes(out1.read_bytes()).getroot()
    assert cmif_problems(root) == []
    ns = {"t": T[1:-1]}
    assert root.xpath("//t:correspDesc/@ref", namespaces=ns) == ["https://example.org/letters/a.html",
                                                                "https://example.org/letters/b.html"]
    assert root.xpath("string(//t:publisher)", namespaces=ns) == "A Press"  # the one every file names
    assert root.xpath("string(//t:publicationStmt/t:date/@when)", namespaces=ns) == "2025-12-02T10:00:00Z"
    assert str(tmp_path) not in out1.read_text()
    r = run("cmif", str(src), "-o", str(out1), *HEAD_ARGS)
    assert r.returncode == 1 and b"--force" in r.stderr


def test_cli_refuses_what_it_cannot_write_right(tmp_path):
    src = letter_files(tmp_path / "letters")
    r = run("cmif", str(src), "--title", "L", "--editor", "E")
    assert r.returncode == 2 and b"--url" in r.stderr
    r = run("cmif", str(src), *HEAD_ARGS[:4], "--url", "cmif.xml")
    assert r.returncode == 2 and b"not an http(s) URL" in r.stderr
    r = run("cmif", str(src), *HEAD_ARGS, "--timestamp", "yesterday")
    assert r.returncode == 2 and b"xsd:dateTime" in r.stderr
    (src / "b.xml").write_bytes(tei(LETTERS[3][0]).replace(  # the files no longer agree on one publisher
        b"<p/></publicationStmt>", b"<publisher>B Press</publisher></publicationStmt>"))
    r = run("cmif", str(src), *HEAD_ARGS)
    assert r.returncode == 2 and b"--publisher" in r.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "c.xml").write_bytes(tei(""))
    out = tmp_path / "none.xml"
    r = run("cmif", str(empty), "-o", str(out), *HEAD_ARGS, "--publisher", "P")
    assert r.returncode == 1 and b"no letters" in r.stderr and not out.exists()


def test_cli_broken_file_is_named_and_the_rest_written(tmp_path):
    src = letter_files(tmp_path / "letters")
    (src / "broken.xml").write_bytes(b"<TEI>\n<teiHeader>\n</TEI>")
    out = tmp_path / "cmif.xml"
    r = run("cmif", str(src), "-o", str(out), *HEAD_ARGS, "--publisher", "P")
    assert r.returncode == 1
    assert b"broken.xml:3:" in r.stderr and b"Traceback" not in r.stderr
    assert len(parse_bytes(out.read_bytes()).getroot().findall(f".//{T}correspDesc")) == 2


CORRESPONDENCE = ["schnitzler-briefe", "tillich-briefe", "suriano-dispatches", "auden-musulin-papers",
                  "family-letters", "correspdesc-examples", "cmif-schnitzler", "cmif-examples", "letters-sample"]


@pytest.fixture(scope="module")
def corpus_cmif(tmp_path_factory):
    if not CORPORA.is_dir():
        pytest.skip("../shared/corpora is not present")
    out = tmp_path_factory.mktemp("cmif")
    made = {}
    for name in CORRESPONDENCE:
        target = out / f"{name}.xml"
        r = run("cmif", str(CORPORA / name), "-o", str(target), *HEAD_ARGS, "--publisher", "P", "-j", "2",
                "--base-url", "https://example.org/", "--timestamp", "2026-12-02T10:00:00Z")
        assert r.returncode == 0, r.stderr
        made[name] = target
    return made


@pytest.mark.parametrize("name", CORRESPONDENCE)
def test_corpus_cmif_keeps_the_rules(corpus_cmif, name):
    root = parse_bytes(corpus_cmif[name].read_bytes()).getroot()
    assert cmif_problems(root) == []


def test_corpus_cmif_valid_against_the_cmif_schema(corpus_cmif):
    if not CMIF_RNG.is_file():
        pytest.skip("the CMIF schema is not in ../shared")
    files = [str(p) for p in corpus_cmif.values()]
    r = run("validate", *files, "--schema", str(CMIF_RNG), "--no-rules")
    assert r.returncode == 0, r.stderr.decode()[-2000:]
    if shutil.which("jing"):  # the reference validator agrees
        j = subprocess.run(["jing", str(CMIF_RNG), *files], capture_output=True)
        assert j.returncode == 0, j.stdout.decode()[-2000:]


def test_corpus_cmif_passes_the_cmif_schematron(corpus_cmif):
    if not CMIF_SCH.is_file():
        pytest.skip("the CMIF Schematron is not in ../shared")
    # every file but the 6,450 letters of cmif-schnitzler (44 s: its @source test searches the file per letter)
    small = [str(path) for name, path in corpus_cmif.items() if name != "cmif-schnitzler"]
    r = run("validate", *small, "--schema", str(CMIF_RNG), "--schematron", str(CMIF_SCH), "--no-rules")
    assert r.returncode == 0 and f"{len(small)} valid".encode() in r.stdout, r.stdout.decode()[-2000:]
    broken = Path(small[0]).with_name("broken.xml")  # and it does look: a @source that points nowhere is found
    broken.write_bytes(Path(small[0]).read_bytes().replace(b'source="#', b'source="#x', 1))
    r = run("validate", str(broken), "--schema", str(CMIF_RNG), "--schematron", str(CMIF_SCH), "--no-rules")
    assert r.returncode == 1 and b"E0003" in r.stdout, r.stdout.decode()[-2000:]


def _names(action: etree._Element | None) -> list[str]:
    if action is None:
        return []
    return [" ".join("".join(n.itertext()).split()) for n in action
            if isinstance(n.tag, str) and n.tag.split("}")[1] in ("persName", "orgName", "name")]


def _places(action: etree._Element | None) -> list[str]:
    if action is None:
        return []
    places = [" ".join("".join(n.itertext()).split()) for n in action
              if isinstance(n.tag, str) and n.tag.split("}")[1] in ("placeName", "settlement")]
    return [p for p in places if p]  # an empty placeName names no place


@pytest.mark.parametrize("name", ["schnitzler-briefe", "tillich-briefe", "suriano-dispatches", "cmif-examples"])
def test_corpus_cmif_gives_back_the_letters(corpus_cmif, name):
    """Read independently of the reader: each letter's sent and received names, places and @when, in order."""
    ns = {"t": T[1:-1]}
    expected = []
    for path in sorted((CORPORA / name).rglob("*.xml")):
        root = etree.parse(str(path)).getroot()
        for desc in root.iterfind(f"{T}teiHeader/{T}profileDesc/{T}correspDesc"):
            entry = []
            for kind in ("sent", "received"):
                action = desc.find(f"{T}correspAction[@type='{kind}']")
                date = action.find(f"{T}date") if action is not None else None
                names = _names(action)
                entry.append((names if all(names) and names else None, _places(action),
                              date.get("when") if date is not None else None))
            expected.append(entry)
    got = []
    for desc in parse_bytes(corpus_cmif[name].read_bytes()).getroot().iterfind(".//t:correspDesc", ns):
        entry = []
        for kind in ("sent", "received"):
            action = desc.find(f"{T}correspAction[@type='{kind}']")
            date = action.find(f"{T}date")
            entry.append((_names(action), _places(action), date.get("when") if date is not None else None))
        got.append(entry)
    assert len(got) == len(expected) > 0
    for want, have in zip(expected, got, strict=True):
        for (names, places, when), (got_names, got_places, got_when) in zip(want, have, strict=True):
            if names is not None:
                assert got_names == names
            assert got_places == places and got_when == when
