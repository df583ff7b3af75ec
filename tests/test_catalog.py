"""TEI schemas offline: the shipped tei_all behind the Consortium's addresses, and users' OASIS XML catalogs."""

from __future__ import annotations

import gzip
import hashlib
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from teitools.catalog import Catalog
from teitools.errors import ResourceError
from teitools.resources import gunzip

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "schemas" / "tei_all-4.12.0.rng.gz"
SHARED_4_12 = ROOT.parent / "shared" / "schemas" / "tei_all-4.12.0.rng"
CORPORA = ROOT.parent / "shared" / "corpora"
LETTER_TXT = ROOT / "samples" / "letter-1949.txt"
CAT_NS = "urn:oasis:names:tc:entity:xmlns:xml:catalog"


def run(*args, env=None, cwd=None):
    return subprocess.run([sys.executable, "-m", "teitools.cli", *map(str, args)], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, cwd=cwd, timeout=120)


@pytest.mark.parametrize("url", [
    "http://www.tei-c.org/release/xml/tei/custom/schema/relaxng/tei_all.rng",
    "https://www.tei-c.org/release/xml/tei/custom/schema/relaxng/tei_all.rng",
    "https://tei-c.org/release/xml/tei/custom/schema/relaxng/tei_all.rng",
    "http://tei-c.org/release/xml/tei/custom/schema/relaxng/tei_all.rng",
    "https://www.tei-c.org/Vault/P5/4.12.0/xml/tei/custom/schema/relaxng/tei_all.rng",
    "http://www.tei-c.org/Vault/P5/current/xml/tei/custom/schema/relaxng/tei_all.rng",
])
def test_the_consortiums_addresses_of_tei_all_map_to_the_shipped_copy(url):
    assert Path(Catalog().resolve(url)).resolve() == SHIPPED.resolve()


def test_other_releases_and_addresses_are_not_mapped():
    catalog = Catalog()
    assert catalog.resolve("https://www.tei-c.org/Vault/P5/4.3.0/xml/tei/custom/schema/relaxng/tei_all.rng") is None
    assert catalog.resolve("https://example.org/tei_all.rng") is None
    assert catalog.resolve("https://www.tei-c.org/release/xml/tei/custom/schema/relaxng/tei_lite.rng") is None


def test_shipped_copy_is_the_release_unchanged():
    data = gzip.decompress(SHIPPED.read_bytes())
    assert hashlib.sha256(data).hexdigest() == "b0f115095ead2ccc6933aa3365c6f4a82cba3b2ec7eee7f76bb616d7a63b7e48"
    assert "TEI Edition: P5 Version\u00a04.12.0.".encode() in data[:3000]
    note = (ROOT / "schemas" / "TEI-SCHEMA.md").read_text(encoding="utf-8")
    assert "4.12.0" in note and "BSD 2-Clause" in note
    if SHARED_4_12.is_file():
        assert data == SHARED_4_12.read_bytes()


def test_converted_letter_validates_offline(tmp_path):
    out = tmp_path / "letter.xml"
    assert run("convert", LETTER_TXT, "-o", out).returncode == 0
    assert "tei-c.org/release/xml/tei/custom/schema/relaxng/tei_all.rng" in out.read_text(encoding="utf-8")
    r = run("validate", out, "-v", env={"TEITOOLS_CACHE": str(tmp_path / "no-cache")})
    assert r.returncode == 0, r.stdout + r.stderr
    assert "1 valid" in r.stdout and "(lxml)" in r.stdout


def test_a_schema_that_cannot_be_had_is_a_usage_error_with_the_remedy(tmp_path):
    doc = tmp_path / "a.xml"
    doc.write_text('<?xml-model href="https://example.org/custom.rng" schematypens="http://relaxng.org/ns/structure/'
                   '1.0"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0"/>', encoding="utf-8")
    r = run("validate", doc, "--no-rules", env={"TEITOOLS_CACHE": str(tmp_path / "no-cache")})
    assert r.returncode == 2 and "--allow-network" in r.stdout and "--catalog" in r.stdout


def catalog_file(path: Path, body: str) -> Path:
    path.write_text(f'<?xml version="1.0"?>\n<catalog xmlns="{CAT_NS}">{body}</catalog>', encoding="utf-8")
    return path


def local_schema(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    schema = folder / "custom.rng"
    schema.write_text('<element name="TEI" ns="http://www.tei-c.org/ns/1.0" xmlns="http://relaxng.org/ns/structure/'
                      '1.0"><empty/></element>', encoding="utf-8")
    return schema


def doc_naming(tmp_path: Path, url: str, body: str = "") -> Path:
    doc = tmp_path / "a.xml"
    doc.write_text(f'<?xml-model href="{url}" schematypens="http://relaxng.org/ns/structure/1.0"?>\n'
                   f'<TEI xmlns="http://www.tei-c.org/ns/1.0">{body}</TEI>', encoding="utf-8")
    return doc


def test_users_catalog_on_the_command_line_and_in_the_environment(tmp_path):
    local_schema(tmp_path / "schemas")
    cat = catalog_file(tmp_path / "catalog.xml", '<uri name="https://example.org/custom.rng" '
                                                 'uri="schemas/custom.rng"/>')
    good, env = doc_naming(tmp_path, "https://example.org/custom.rng"), {"TEITOOLS_CACHE": str(tmp_path / "c")}
    assert run("validate", good, "--no-rules", "--catalog", cat, env=env).returncode == 0
    assert run("validate", good, "--no-rules", env={**env, "XML_CATALOG_FILES": cat.as_uri()}).returncode == 0
    bad = doc_naming(tmp_path, "https://example.org/custom.rng", "<p/>")
    r = run("validate", bad, "--no-rules", "--catalog", cat, env=env)
    assert r.returncode == 1 and "[schema]" in r.stdout


def test_rewrite_suffix_group_base_and_next_catalog(tmp_path):
    schema = local_schema(tmp_path / "deep" / "schemas")
    (tmp_path / "deep" / "schemas" / "x.rng").write_bytes(schema.read_bytes())
    nxt = catalog_file(tmp_path / "deep" / "next.xml",
                       '<group xml:base="schemas/"><uri name="urn:x:grouped" uri="custom.rng"/></group>'
                       '<uriSuffix uriSuffix="/odd/custom.rng" uri="schemas/custom.rng"/>'
                       '<nextCatalog catalog="../first.xml"/>')  # a loop back to the first: followed once
    first = catalog_file(tmp_path / "first.xml",
                         '<rewriteURI uriStartString="https://example.org/" rewritePrefix="deep/schemas/"/>'
                         '<rewriteURI uriStartString="https://example.org/long/" rewritePrefix="nowhere/"/>'
                         '<nextCatalog catalog="deep/next.xml"/>')
    catalog = Catalog([str(first)], built_in=False)
    assert catalog.resolve("https://example.org/x.rng") == str(tmp_path / "deep" / "schemas" / "x.rng")
    assert catalog.resolve("https://example.org/long/x.rng") == str(tmp_path / "nowhere" / "x.rng")  # longest
    assert catalog.resolve("urn:x:grouped") == str(schema)
    assert catalog.resolve("https://a.example/project/odd/custom.rng") == str(schema)
    assert catalog.resolve("https://elsewhere.example/y.rng") is None
    assert Catalog([str(nxt)], built_in=False).resolve("https://example.org/x.rng") == \
        str(tmp_path / "deep" / "schemas" / "x.rng")


def test_hostile_catalogs_are_refused(tmp_path):
    bomb = tmp_path / "bomb.xml"
    bomb.write_text(f'<!DOCTYPE catalog [<!ENTITY e SYSTEM "/etc/passwd">]><catalog xmlns="{CAT_NS}">&e;</catalog>')
    with pytest.raises(ResourceError, match="entity"):
        Catalog([str(bomb)]).resolve("https://example.org/x")
    other = tmp_path / "other.xml"
    other.write_text("<notacatalog/>")
    with pytest.raises(ResourceError, match="not an OASIS XML catalog"):
        Catalog([str(other)]).resolve("https://example.org/x")
    doc = doc_naming(tmp_path, "https://example.org/custom.rng")
    r = run("validate", doc, "--catalog", bomb)
    assert r.returncode == 2 and "Traceback" not in r.stderr and "root:" not in r.stdout + r.stderr


def test_gzip_bomb_is_bounded():
    bomb = gzip.compress(b"\0" * 10_000_000)
    assert len(gunzip(bomb, "b.gz", 10_000_000, "schema")) == 10_000_000
    with pytest.raises(ResourceError, match="resource-size"):
        gunzip(bomb, "b.gz", 1_000_000, "schema")


@pytest.mark.skipif(not CORPORA.is_dir(), reason="../shared/corpora is not present")
def test_corpus_files_naming_tei_all_validate_offline(tmp_path):
    files = [p for p in sorted(CORPORA.rglob("*.xml")) if b"relaxng/tei_all.rng" in p.read_bytes()[:3000]]
    assert files
    r = run("validate", *files, "--no-rules", "-q", env={"TEITOOLS_CACHE": str(tmp_path / "no-cache")})
    assert "schema-unavailable" not in r.stdout and r.returncode in (0, 1), r.stdout[-2000:]


def test_the_wheel_carries_the_schema_and_catalog(tmp_path):
    r = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    names = zipfile.ZipFile(next(tmp_path.glob("*.whl"))).namelist()
    for name in ("tei_all-4.12.0.rng.gz", "catalog.xml", "TEI-SCHEMA.md", "xml.xsd", "teitools-profile.xsd"):
        assert f"teitools/schemas/{name}" in names
