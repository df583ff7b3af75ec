"""teitools site: pages with their place in the edition, registers with backlinks, the index, the search index,
and incremental rebuilds — on an edition of letters made here."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import html as lhtml

from teitools.files import gather
from teitools.site import MANIFEST, build_site

LETTER = """<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="{id}"><teiHeader><fileDesc><titleStmt>
<title type="main">{title}</title></titleStmt><publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p>
</sourceDesc></fileDesc><profileDesc><correspDesc><correspAction type="sent"><persName ref="#anna">Anna</persName>
<date when="{date}"/></correspAction><correspAction type="received"><persName ref="#bert">Bert</persName>
</correspAction>{context}</correspDesc></profileDesc></teiHeader><text><body><p>{words} in
<placeName ref="https://www.geonames.org/2950159">Berlin</placeName>, with <persName ref="#carl">Carl</persName>.</p>
</body></text><back><listPerson><person xml:id="anna"><persName>Anna Adler</persName>
<idno type="GND">https://d-nb.info/gnd/1</idno></person><person xml:id="bert"><persName>Bert Brand</persName></person>
<person xml:id="carl"><persName>Carl Clay</persName></person></listPerson></back></TEI>
"""


def letter(folder: Path, name: str, date: str, words: str, context: str = "") -> Path:
    path = folder / f"{name}.xml"
    path.write_text(LETTER.format(id=name, title=f"Letter {name}", date=date, words=words, context=context),
                    encoding="utf-8")
    return path


@pytest.fixture
def edition(tmp_path: Path) -> Path:
    folder = tmp_path / "letters"
    folder.mkdir()
    letter(folder, "l1", "1900-01-01", "First words")
    letter(folder, "l3", "1900-03-01", "Third words")
    # l2 says which letters surround it, against the date order (l3 is later, l1 earlier — and it names l3 first)
    letter(folder, "l2", "1900-02-01", "Second words",
           '<correspContext><ref type="prev" target="l3.xml">3</ref><ref type="next" target="#l1">1</ref>'
           '</correspContext>')
    return folder


def build(folder: Path, site: Path, **options):
    unreadable: list[str] = []
    pairs = gather([str(folder)], ".xml", unreadable=unreadable)
    assert not unreadable
    return build_site(pairs, site, search=False, **options)


def page(site: Path, name: str):
    return lhtml.parse(str(site / name)).getroot()


def test_pages_link_the_index_registers_and_neighbouring_letters(edition, tmp_path):
    site = tmp_path / "site"
    result = build(edition, site, title="The letters")
    assert (result.pages, result.rendered, result.failed) == (3, 3, [])
    one = page(site, "l1.html")
    assert one.xpath("//nav[@class='site ui']//a[@rel='next']/@href") == ["l2.html"]  # by date
    assert not one.xpath("//a[@rel='prev']")
    two = page(site, "l2.html")  # as its correspContext says
    assert two.xpath("//a[@rel='prev']/@href") == ["l3.html"] and two.xpath("//a[@rel='next']/@href") == ["l1.html"]
    for href in two.xpath("//nav[@class='site ui']//a/@href"):
        assert (site / href).is_file(), href
    index = page(site, "index.html")
    assert index.findtext(".//h1") == "The letters"
    assert index.xpath("//tbody/tr/td[2]/a/@href") == ["l1.html", "l2.html", "l3.html"]


def test_registers_list_each_entity_once_with_the_letters_naming_it(edition, tmp_path):
    site = tmp_path / "site"
    build(edition, site)
    persons = page(site, "_registers/persons.html")
    entries = {dt.text_content().split(" GND")[0].strip(): dt.getnext().xpath("a/@href")
               for dt in persons.iter("dt")}
    assert entries == {"Anna Adler": ["../l1.html", "../l2.html", "../l3.html"],
                       "Bert Brand": ["../l1.html", "../l2.html", "../l3.html"],
                       "Carl Clay": ["../l1.html", "../l2.html", "../l3.html"]}
    assert persons.xpath("//dt[@id='person-anna']/a[@class='authority']/@href") == ["https://d-nb.info/gnd/1"]
    places = page(site, "_registers/places.html")
    assert [dt.text_content().strip() for dt in places.iter("dt")] == ["Berlin GeoNames"]


def test_a_second_build_renders_only_what_changed(edition, tmp_path):
    site = tmp_path / "site"
    build(edition, site)
    manifest = (site / MANIFEST).read_text(encoding="utf-8")
    assert str(tmp_path) not in manifest  # no local path in the site
    assert build(edition, site).rendered == 0
    letter(edition, "l3", "1900-03-01", "Third words, changed")  # same size? no: different words
    again = build(edition, site)
    assert again.rendered == 1 and "changed" in (site / "l3.html").read_text(encoding="utf-8")
    (edition / "l1.xml").unlink()  # a letter leaves: its page goes, and l2's links are made again
    gone = build(edition, site)
    assert not (site / "l1.html").exists() and gone.pages == 2
    # l2's next letter is gone: its neighbour in date order takes its place
    assert page(site, "l2.html").xpath("//a[@rel='next']/@href") == ["l3.html"]
    assert json.loads((site / MANIFEST).read_text(encoding="utf-8"))["pages"].keys() == {"l2.html", "l3.html"}


def test_a_folder_that_is_not_a_site_is_left_alone(edition, tmp_path):
    site = tmp_path / "mine"
    site.mkdir()
    (site / "notes.txt").write_text("my notes", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "teitools.cli", "site", str(edition), "-o", str(site), "-q",
                          "--no-search"], capture_output=True, text=True)
    assert run.returncode == 1 and "not a site teitools built" in run.stderr
    assert sorted(p.name for p in site.iterdir()) == ["notes.txt"]


def test_cli_builds_the_site_and_its_search_index(edition, tmp_path):
    pytest.importorskip("pagefind")
    site = tmp_path / "site"
    run = subprocess.run([sys.executable, "-m", "teitools.cli", "site", str(edition), "-o", str(site), "-j", "2"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "3 documents, 3 pages written, search index built; 0 failed" in run.stderr
    assert (site / "pagefind" / "pagefind-ui.js").is_file()
    assert page(site, "l1.html").xpath("//main[@data-pagefind-body]/span[@data-pagefind-filter='year']/text()") \
        == ["1900"]
    undated = edition / "undated.xml"  # a page without filters (no date, no correspondents) is searched all the same
    text = LETTER.format(id="u", title="Undated", date="", words="w", context="")
    undated.write_text(re.sub(r"<profileDesc>.*</profileDesc>", "", text, flags=re.DOTALL), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "teitools.cli", "site", str(edition), "-o", str(site), "-q"], check=True)
    assert page(site, "undated.html").xpath("//main/@data-pagefind-body") == [""]


def test_turning_the_search_on_or_off_makes_the_pages_again(edition, tmp_path):
    pytest.importorskip("pagefind")
    site = tmp_path / "site"
    build(edition, site)
    assert build_site(gather([str(edition)], ".xml"), site, search=True).rendered == 3  # now made for the search
    assert page(site, "l1.html").xpath("//main/@data-pagefind-body") == [""]
    assert build(edition, site).rendered == 3  # and without it again
    assert page(site, "l1.html").xpath("//main/@data-pagefind-body") == []


def test_a_doctored_manifest_cannot_remove_files_outside_the_site(edition, tmp_path):
    site = tmp_path / "site"
    build(edition, site)
    victim = tmp_path / "precious.html"
    victim.write_text("keep me", encoding="utf-8")
    manifest = json.loads((site / MANIFEST).read_text(encoding="utf-8"))
    manifest["pages"]["../precious.html"] = manifest["pages"]["l1.html"]
    (site / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    build(edition, site)
    assert victim.read_text(encoding="utf-8") == "keep me"


def test_a_rebuild_indexes_again_only_the_search_shards_that_changed(edition, tmp_path):
    pytest.importorskip("pagefind")
    from teitools.site.search import bundle, plan, shard_count

    site = tmp_path / "site"
    pages = ["l1.html", "l2.html", "l3.html"]
    shards = shard_count(len(pages), 1)
    by_shard = plan(pages, shards)
    build_site(gather([str(edition)], ".xml"), site, shard_pages=1)
    bundles = sorted(bundle(k) for k in by_shard)
    assert sorted(p.name for p in site.glob("pagefind*") if p.is_dir()) == bundles
    script = re.search(r"new PagefindUI\(.*?\);", (site / "index.html").read_text(encoding="utf-8")).group(0)
    assert all(f'"../{b}/"' in script for b in bundles[1:])  # every other bundle merged into the first
    stamps = {b: (site / b / "pagefind-entry.json").stat().st_mtime_ns for b in bundles}
    letter(edition, "l1", "1900-01-01", "First words, changed")  # same date: the neighbours' pages stay
    build_site(gather([str(edition)], ".xml"), site, shard_pages=1)
    again = {b for b in bundles if (site / b / "pagefind-entry.json").stat().st_mtime_ns != stamps[b]}
    assert again == {next(bundle(k) for k, found in by_shard.items() if "l1.html" in found)}
    assert not list(site.glob(".pagefind*"))  # no staging or half-written bundle left
