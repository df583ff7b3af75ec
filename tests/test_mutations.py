"""A mutation suite against jing: one error each in real TEI files of the corpora, generated here.

Each file of ``letters-sample`` (letters of six editions; most valid against tei_all) and a few files of four more
editions (letters, plays, novels, diplomatic papers) gets one mutation of each kind, and an unchanged control. teitools and jing (the oracle; the test skips without it) validate all of
them against tei_all 4.12.0: the verdicts must be jing's, and the first error's line jing's in at least 95 % of
the invalid files; a removed required element must be named.
"""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT.parent / "shared" / "corpora" / "letters-sample"
TEI_ALL = ROOT.parent / "shared" / "schemas" / "tei_all-4.12.0.rng"
TEI = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"

pytestmark = pytest.mark.skipif(not (SAMPLE.is_dir() and TEI_ALL.is_file() and shutil.which("jing")),
                                reason="needs ../shared/corpora, tei_all 4.12.0 and jing")


def _tei(root: etree._Element, name: str) -> etree._Element | None:
    return root.find(f".//{{{TEI}}}{name}")


def _mutate(kind: str, tree: etree._ElementTree, rng: random.Random) -> bool:
    root = tree.getroot()
    inner = [e for e in root.iter(f"{{{TEI}}}*") if e.getparent() is not None]
    if kind == "unknown-element":
        e = rng.choice(inner)
        new = etree.Element(f"{{{TEI}}}zzUnknown")
        e.addnext(new)
        new.tail, e.tail = e.tail, None
    elif kind == "unknown-attribute":
        rng.choice(inner).set("zzAttr", "1")
    elif kind == "bad-datatype":
        dates = [d for d in root.iter(f"{{{TEI}}}date")]
        if not dates:
            return False
        rng.choice(dates).set("when", "1999-13-45")
    elif kind == "missing-child":
        source = _tei(root, "sourceDesc")
        if source is None:
            return False
        source.getparent().remove(source)
    elif kind == "wrong-order":
        kids = [c for c in _tei(root, "fileDesc") if isinstance(c.tag, str)]
        kids[1].addnext(kids[0])
    elif kind == "text-not-allowed":
        first = next(c for c in _tei(root, "fileDesc") if isinstance(c.tag, str))
        first.tail = (first.tail or "") + "stray text"
    elif kind == "misplaced":
        etree.SubElement(_tei(root, "teiHeader"), f"{{{TEI}}}p").text = "x"
    elif kind == "foreign-namespace":
        rng.choice([e for e in inner if e.tag == f"{{{TEI}}}p"] or inner).insert(0, etree.Element("{urn:zz}foo"))
    elif kind == "duplicate-id":
        with_id = [e for e in inner if e.get(XML_ID)]
        if not with_id:
            return False
        rng.choice([e for e in inner if not e.get(XML_ID)]).set(XML_ID, rng.choice(with_id).get(XML_ID))
    return True


KINDS = ["control", "unknown-element", "unknown-attribute", "bad-datatype", "missing-child", "wrong-order",
         "text-not-allowed", "misplaced", "foreign-namespace", "duplicate-id"]


def _sources() -> list[Path]:
    """The letters sample (six editions) and files of four more: letters, plays, novels, diplomatic papers."""
    corpora = SAMPLE.parent
    more = [f for folder, n in (("cody-letters", 4), ("gerdracor", 3), ("frus", 2), ("eltec-eng", 2))
            for f in sorted((corpora / folder).glob("*.xml"), key=lambda p: p.stat().st_size)[:n]]
    return [*sorted(SAMPLE.glob("*.xml")), *more]


def test_verdicts_and_first_error_lines_are_jings(tmp_path):
    rng = random.Random(7)
    mutants = []
    sources = _sources()
    assert len({p.name.split("__")[0] if "__" in p.name else p.parent.name for p in sources}) >= 9
    for source in sources:
        for kind in KINDS:
            tree = etree.parse(str(source))
            if _mutate(kind, tree, rng):
                path = tmp_path / f"{source.stem}--{kind}.xml"
                path.write_bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))
                mutants.append(path)
    assert len(mutants) > 350
    jing = subprocess.run(["jing", str(TEI_ALL), *map(str, mutants)], capture_output=True, text=True, timeout=600)
    jing_first: dict[str, int] = {}
    for row in jing.stdout.splitlines():
        m = re.match(r"(.+?):(\d+):(\d+): (?:fatal )?error:", row)
        if m:
            jing_first.setdefault(str(Path(m.group(1)).resolve()), int(m.group(2)))
    # jing does not run the Schematron tei_all carries: the grammar's verdicts are compared
    ours = subprocess.run([sys.executable, "-m", "teitools.cli", "validate", "--schema", str(TEI_ALL), "--no-rules",
                           "--no-embedded-rules", "--format", "json", "-j", "2", *map(str, mutants)],
                          capture_output=True, text=True, timeout=600)
    files = json.loads(ours.stdout)["files"]
    verdicts_differ, lines_agree, invalid, unnamed = [], 0, 0, []
    for report in files:
        path = str(Path(report["path"]).resolve())
        jing_line = jing_first.get(path)
        if report["valid"] != (jing_line is None):
            verdicts_differ.append(Path(path).name)
        if jing_line is None:
            continue
        invalid += 1
        errors = [f for f in report["findings"] if f["severity"] == "error"]
        lines_agree += bool(errors) and errors[0]["line"] == jing_line
        if path.endswith("--missing-child.xml") and not any("<sourceDesc>" in f["message"] for f in errors):
            unnamed.append(Path(path).name)
    assert not verdicts_differ
    print(f"{len(mutants)} mutants of {len(sources)} files; first-error line as jing's in {lines_agree} of {invalid}")
    assert lines_agree >= 0.95 * invalid, f"{lines_agree} of {invalid}"
    assert not unnamed
    controls = [r for r in files if r["path"].endswith("--control.xml")]
    assert len(controls) == len(sources)  # unchanged files: their verdicts are jing's too
