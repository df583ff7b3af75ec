"""The teitools TEI profile (schemas/teitools-profile.xsd).

It must accept what ``convert`` writes and the everyday TEI editors add, be a true subset of tei_all, and refuse
with a message and a line that say what is wrong.
"""

from __future__ import annotations

import importlib.resources
from pathlib import Path

import pytest
from lxml import etree

from teitools.conversion import convert
from teitools.validation import PROFILE, validate
from teitools.validation.schemas import RngIndex
from teitools.xml import parse_bytes, parse_file, serialize

from .conftest import SHARED, TEI_ALL, needs_shared, own_samples, shared_samples

FIXTURES = Path(__file__).parent / "fixtures" / "profile"
POSITIVE = sorted(FIXTURES.glob("*.xml"))
XML_NS = "{http://www.w3.org/XML/1998/namespace}"


def test_profile_ships_inside_the_package_and_runs_on_xmlschema():
    assert Path(PROFILE) == Path(str(importlib.resources.files("teitools.schemas") / "teitools-profile.xsd"))
    report = validate(FIXTURES / "minimal.xml", schema=PROFILE)
    assert report.valid and report.files[0].engine == "xmlschema"


@pytest.mark.parametrize("path", POSITIVE, ids=lambda p: p.name)
def test_positive_fixtures_are_valid_against_the_profile_and_tei_all(path, profile, tei_all):
    tree = parse_file(path)
    assert profile(tree) == []
    assert tei_all.validate(tree), [e.message for e in tei_all.error_log][:3]


def test_bundled_samples_and_their_conversions_are_valid(profile, tei_all):
    for txt in own_samples():
        for tree in (parse_file(txt.with_suffix(".xml")), parse_bytes(serialize(convert(txt.read_text())))):
            assert profile(tree) == [], txt.name
            assert tei_all.validate(tree), txt.name


@needs_shared
@pytest.mark.parametrize("path", shared_samples(), ids=lambda p: p.name)
def test_every_shared_record_converts_to_profile_valid_tei(path, profile):
    assert profile(parse_bytes(serialize(convert(path.read_text(encoding="utf-8"))))) == []


@needs_shared
def test_the_reference_encoding_is_valid_against_the_profile(profile):
    assert profile(parse_file(SHARED / "samples" / "sheng-1934.gold.tei.xml")) == []


def _profile_vocabulary() -> dict[str, tuple[set[str], set[str]]]:
    """Element name → (child names, attribute names) over every declaration of the profile."""
    import xmlschema

    schema = xmlschema.XMLSchema11(PROFILE)
    found: dict[str, tuple[set[str], set[str]]] = {}
    seen: set[int] = set()
    todo = [schema.elements["TEI"]]
    while todo:
        decl = todo.pop()
        if id(decl) in seen:
            continue
        seen.add(id(decl))
        children, attrs = found.setdefault(decl.local_name, (set(), set()))
        attrs.update(name.replace(XML_NS, "xml:").split("}")[-1] for name in decl.type.attributes if name)
        if decl.type.has_complex_content() or decl.type.mixed:
            for child in decl.type.content.iter_elements():
                children.add(child.local_name)
                todo.append(child)
    return found


@pytest.mark.skipif(not TEI_ALL.is_file(), reason="../shared/schemas/tei_all.rng is not present")
def test_every_child_and_attribute_the_profile_allows_is_allowed_there_by_tei_all():
    index = RngIndex(etree.parse(str(TEI_ALL)))
    vocabulary = _profile_vocabulary()
    assert len(vocabulary) > 150  # the walk reached the whole profile
    wrong = []
    for name, (children, attrs) in sorted(vocabulary.items()):
        tei_children, tei_attrs = index.allowed(name)
        assert tei_children or tei_attrs, f"<{name}> is not a TEI element"
        wrong += [f"<{name}> ∋ <{c}>" for c in sorted(children - tei_children)]
        wrong += [f"<{name}> @{a}" for a in sorted(attrs - tei_attrs)]
    assert wrong == []


@needs_shared
def test_real_files_the_profile_accepts_are_valid_against_tei_all(profile, tei_all):
    accepted = 0
    for folder in ("letters-sample", "correspdesc-examples"):
        for path in sorted((SHARED / "corpora" / folder).glob("*.xml")):
            tree = parse_file(path)
            if profile(tree) == []:
                accepted += 1
                assert tei_all.validate(tree), path.name
    assert accepted >= 10  # the check has real files to bite on


MINIMAL = (FIXTURES / "minimal.xml").read_text(encoding="utf-8")
BODY = "<p>Dear friend, all is well.</p>"

# (what is wrong, the change to minimal.xml, words the message must contain, the line it must point to)
NEGATIVE = [
    ("unknown element", (BODY, "<p>Dear <frend>friend</frend></p>"), "<frend> is not allowed in <p>", 18),
    ("element outside this profile", (BODY, "<p>x<w>friend</w></p>"), "<w> is not allowed in <p>", 18),
    ("closer before any text", (BODY, "<div><closer>Yours</closer><p>x</p></div>"),
     "<closer> is allowed in <div> but not at this position", 18),
    ("closer without text", (BODY, "<div><opener>Dear</opener><closer>Yours</closer></div>"),
     "<closer> is allowed in <div> but not at this position", 18),
    ("body without text", (BODY, "<head>Only a head</head>"), "body needs text", 17),
    ("bad date value", (BODY, '<p><date when="3 March 1921">then</date></p>'), "3 March 1921", 18),
    ("when mixed with a range", (BODY, '<p><date when="1921" notBefore="1920">then</date></p>'),
     "@when is not used together with", 18),
    ("range in the wrong order", (BODY, '<p><date notBefore="1922" notAfter="1921-03">then</date></p>'),
     "@notBefore is later than @notAfter", 18),
    ("hi without a rendering", (BODY, "<p><hi>friend</hi></p>"), "give @rend", 18),
    ("subst without a deletion", (BODY, "<p><subst><add>a</add><add>b</add></subst></p>"),
     "subst pairs at least one add", 18),
    ("choice with one child", (BODY, "<p><choice><sic>x</sic></choice></p>"), "<choice> is missing content: expected", 18),
    ("ptr without target", (BODY, "<p><ptr/></p>"), "missing required attribute 'target'", 18),
    ("gap quantity without unit", (BODY, '<p><gap quantity="3"/></p>'), "@quantity needs its @unit", 18),
    ("relatedItem with target and content", ("<sourceDesc>\n        <p>Born digital.</p>",
     '<sourceDesc>\n        <bibl><relatedItem target="#x"><bibl>y</bibl></relatedItem></bibl>'),
     "relatedItem either points", 12),
    ("locus from after to", ("<sourceDesc>\n        <p>Born digital.</p>",
     '<sourceDesc>\n        <msDesc><msIdentifier/><msContents><msItem><locus from="9" to="2"/><title>t</title>'
     "</msItem></msContents></msDesc>"), "@from is after @to", 12),
    ("msDesc without msIdentifier", ("<sourceDesc>\n        <p>Born digital.</p>",
     "<sourceDesc>\n        <msDesc><p>x</p></msDesc>"), "expected here: <msIdentifier>", 12),
    ("closed value list", ("<title>A minimal letter</title>", '<title level="book">A minimal letter</title>'),
     "level", 6),
    ("attribute TEI does not have there", (BODY, '<p when="1921">x</p>'), "@when", 18),
    ("malformed cert", (BODY, '<p cert="sure">x</p>'), "cert", 18),
    ("app without a reading", (BODY, "<p><app><note>x</note></app></p>"), "app has a lem or", 18),
    ("language without ident", ("<teiHeader>", "<teiHeader><profileDesc><langUsage><language>English</language>"
                                "</langUsage></profileDesc>"), "ident", 3),
    ("root that is not TEI", (MINIMAL, '<?xml version="1.0"?>\n<p xmlns="http://www.tei-c.org/ns/1.0">x</p>'),
     "cannot be the root element", 2),
]


@pytest.mark.parametrize("what,change,message,line", NEGATIVE, ids=[c[0] for c in NEGATIVE])
def test_the_profile_refuses_with_a_message_and_the_line(what, change, message, line, profile):
    old, new = change
    assert old in MINIMAL
    tree = parse_bytes(MINIMAL.replace(old, new, 1).encode())
    errors = profile(tree)
    assert errors, what
    assert any(message in e for e in errors), errors
    assert any(e.startswith(f"{line}:") for e in errors if message in e), errors


def test_cli_profile_option(tmp_path):
    import subprocess
    import sys

    bad = tmp_path / "bad.xml"
    bad.write_text(MINIMAL.replace(BODY, "<p><hi>friend</hi></p>"), encoding="utf-8")
    run = [sys.executable, "-m", "teitools.cli", "validate", "--profile", "-v"]
    ok = subprocess.run([*run, str(FIXTURES / "minimal.xml")], capture_output=True, text=True)
    assert ok.returncode == 0 and "valid (xmlschema)" in ok.stdout
    fail = subprocess.run([*run, str(bad)], capture_output=True, text=True)
    assert fail.returncode == 1
    assert f"{bad}:18: error: <hi>: hi says how the text is highlighted" in fail.stdout
    both = subprocess.run([*run, "--schema", str(FIXTURES / "minimal.xml"), str(bad)], capture_output=True, text=True)
    assert both.returncode == 2 and "exclude each other" in both.stderr
