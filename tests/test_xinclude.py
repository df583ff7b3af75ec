"""XInclude as jing resolves it: registers kept in shared files, read only where allowed."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from teitools.errors import ResourceError
from teitools.resources import Access
from teitools.xinclude import XIncludeError, expand
from teitools.xml import parse_bytes

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "corpora-dev" / "canneti-fiacchi"
DEV_RNG = ROOT.parent / "shared" / "odd" / "canneti-fiacchi" / "carteggio-cannetifiacchi-rng.rng"
XI = 'xmlns:xi="http://www.w3.org/2001/XInclude"'
TEI_NS = "http://www.tei-c.org/ns/1.0"


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "teitools.cli", "validate", *map(str, args)], capture_output=True,
                          text=True, cwd=cwd, timeout=300)


def letter(include: str) -> str:
    return (f'<TEI xmlns="{TEI_NS}" {XI}><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>'
            f"<publicationStmt><p>P</p></publicationStmt><sourceDesc><p>S</p></sourceDesc></fileDesc>"
            f"<profileDesc><particDesc>{include}</particDesc></profileDesc></teiHeader>\n"
            f'<text><body><p><persName ref="#p1">A</persName></p></body></text></TEI>')


REGISTER = (f'<listPerson xmlns="{TEI_NS}">\n<person xml:id="p1"><persName>A</persName></person>\n'
            f'<person xml:id="p2"><persName>B</persName></person></listPerson>')


@pytest.fixture
def edition(tmp_path):
    (tmp_path / "letters").mkdir()
    (tmp_path / "registers").mkdir()
    (tmp_path / "registers" / "persons.xml").write_text(REGISTER, encoding="utf-8")
    return tmp_path


def expanded(edition: Path, include: str, access: Access | None = None) -> etree._Element:
    path = edition / "letters" / "a.xml"
    path.write_text(letter(include), encoding="utf-8")
    tree = parse_bytes(path.read_bytes(), str(path))
    expand(tree, str(path), access or Access("folder", edition.resolve()))
    return tree.getroot()


def test_whole_document_with_its_base(edition):
    root = expanded(edition, '<xi:include href="../registers/persons.xml"/>')
    listed = root.find(f".//{{{TEI_NS}}}particDesc/{{{TEI_NS}}}listPerson")
    assert listed is not None and len(listed) == 2
    assert listed.get("{http://www.w3.org/XML/1998/namespace}base") == "../registers/persons.xml"
    assert listed[0].sourceline == 2  # lines are the included file's
    assert not root.findall(".//{http://www.w3.org/2001/XInclude}include")


@pytest.mark.parametrize("pointer", ["p2", "element(p2)", "xpointer(id('p2'))"])
def test_xpointer_to_an_id(edition, pointer):
    root = expanded(edition, f'<xi:include href="../registers/persons.xml" xpointer="{pointer}"/>')
    (person,) = root.find(f".//{{{TEI_NS}}}particDesc")
    assert person.get("{http://www.w3.org/XML/1998/namespace}id") == "p2" and person.tail is None


def test_text_include_and_fallback(edition):
    (edition / "registers" / "note.txt").write_text("a <plain> note", encoding="utf-8")
    root = expanded(edition, 'before <xi:include href="../registers/note.txt" parse="text"/> after '
                             '<xi:include href="../registers/missing.xml"><xi:fallback><p>none</p></xi:fallback>'
                             "</xi:include>!")
    partic = root.find(f".//{{{TEI_NS}}}particDesc")
    assert partic.text == "before a <plain> note after " and partic[0].tag == f"{{{TEI_NS}}}p"
    assert partic[0].tail == "!"


def test_missing_without_fallback_and_loops_are_refused(edition):
    with pytest.raises(XIncludeError, match="cannot be resolved"):
        expanded(edition, '<xi:include href="../registers/missing.xml"/>')
    (edition / "registers" / "loop.xml").write_text(f'<listPerson xmlns="{TEI_NS}" {XI}><xi:include '
                                                    f'href="loop.xml"/></listPerson>', encoding="utf-8")
    with pytest.raises(XIncludeError, match="includes itself"):
        expanded(edition, '<xi:include href="../registers/loop.xml"/>')


def test_outside_the_folder_and_the_network_need_their_switch(edition, tmp_path):
    with pytest.raises(XIncludeError, match="--allow-outside"):
        expanded(edition, '<xi:include href="../registers/persons.xml"/>',
                 Access("folder", (edition / "letters").resolve()))
    with pytest.raises(XIncludeError, match="--allow-network"):
        expanded(edition, '<xi:include href="http://127.0.0.1:9/persons.xml"/>', Access("local"))
    with pytest.raises(ResourceError):
        expanded(edition, '<xi:include href="../registers/persons.xml" xpointer="nobody"/>')


def test_command_line_resolves_pointers_and_places_findings(edition):
    (edition / "letters" / "a.xml").write_text(letter('<xi:include href="../registers/persons.xml"/>'),
                                               encoding="utf-8")
    bad = REGISTER.replace('<persName>B</persName>', '<persName>B</persName><persName ref="#gone">C</persName>')
    (edition / "registers" / "persons.xml").write_text(bad, encoding="utf-8")
    r = run(edition, "--format", "json", "--strict")
    report = json.loads(r.stdout)
    letter_report = next(f for f in report["files"] if f["path"].endswith("a.xml"))
    pointers = [f for f in letter_report["findings"] if f["rule"] == "pointer-resolves"]
    # "#p1" in the letter resolves through the register; the register's own "#gone" is found in the register
    assert [(f["line"], f["file"].endswith("persons.xml")) for f in pointers] == [(3, True)]
    alone = run(edition / "letters" / "a.xml", "--strict")  # its own folder only: the register is outside
    assert alone.returncode == 1 and "--allow-outside" in alone.stdout
    assert "#p1" in run(edition / "letters" / "a.xml", "--no-xinclude").stdout


@pytest.mark.skipif(not (DEV.is_dir() and DEV_RNG.is_file()), reason="../shared/corpora-dev is not present")
def test_the_xinclude_edition_validates_as_jing_says(tmp_path):
    r = run(DEV / "letters", "--schema", DEV_RNG, "--allow-outside", "--format", "json", "-j", "2")
    files = json.loads(r.stdout)["files"]
    assert len(files) == 50 and all(f["valid"] for f in files), [f for f in files if not f["valid"]][:1]
    registered = set()
    for register in (DEV / "entities").rglob("*.xml"):
        registered |= {el.get("{http://www.w3.org/XML/1998/namespace}id") for el in etree.parse(str(register)).iter()}
    including = [fr for fr in files if b"xi:include" in Path(fr["path"]).read_bytes()]
    assert len(including) == 48
    unresolved = [f for fr in including for f in fr["findings"] if f["rule"] == "pointer-resolves" and "file" not in f]
    assert unresolved and not [f for f in unresolved if f["message"].split('"#')[1].split('"')[0] in registered]
    before = run(DEV / "letters", "--schema", DEV_RNG, "--no-xinclude", "--no-rules", "-j", "2")
    assert "48 invalid" in before.stdout  # what teitools said before it resolved the includes
    if shutil.which("jing"):
        letters = sorted((DEV / "letters").rglob("*.xml"))
        out = subprocess.run(["jing", str(DEV_RNG), *map(str, letters)], capture_output=True, text=True,
                             timeout=300)
        assert out.returncode == 0, out.stdout[-2000:]


def test_in_a_folder_the_network_switch_alone_lets_an_include_come_from_the_web(tmp_path, monkeypatch):
    """A folder named for validation: local includes stay inside it, and ``--allow-network`` is the one switch an
    http include needs (it once needed ``--allow-outside`` too)."""
    import http.server
    import threading

    from teitools.validation import Options, Validator

    served = tmp_path / "served"
    served.mkdir()
    (served / "words.txt").write_text("words from the web", encoding="utf-8")
    handler = lambda *a: http.server.SimpleHTTPRequestHandler(*a, directory=str(served))  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("TEITOOLS_CACHE", str(tmp_path / "cache"))
    folder = tmp_path / "edition"
    folder.mkdir()
    letter = folder / "letter.xml"
    letter.write_text(f'<TEI xmlns="{TEI_NS}" {XI}><text><body><p><xi:include parse="text" '
                      f'href="http://127.0.0.1:{server.server_port}/words.txt"/></p></body></text></TEI>',
                      encoding="utf-8")
    try:
        refused, _ = Validator(Options(rules=False)).check_file(letter, folder)
        assert [f.rule for f in refused.findings] == ["xinclude"] and "--allow-network" in refused.findings[0].message
        allowed, _ = Validator(Options(rules=False, allow_network=True)).check_file(letter, folder)
        assert [f.rule for f in allowed.findings if f.severity != "info"] == []
    finally:
        server.shutdown()
