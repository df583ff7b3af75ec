"""Hostile and broken inputs, as an attacker and a careless user would try them: no traceback, no network, no
leak of a file outside the input, bounded time and memory, nothing lost. Every file is made here; a listener on
127.0.0.1 fails a test if anything connects to it."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from teitools.cli import cli
from teitools.errors import LimitError, OutputError, ResourceError, TeitoolsError, XMLInputError
from teitools.files import InputPaths, write_output
from teitools.limits import Limits, parse_limits
from teitools.printable import printable
from teitools.textio import decode
from teitools.xml import parse_bytes

ROOT = Path(__file__).resolve().parent.parent
LETTER_TXT = ROOT / "samples" / "letter-1949.txt"
LETTER_XML = ROOT / "samples" / "letter-1949.xml"
SECRET = "SECRET-CONTENT-4711"
TEI_NS = "http://www.tei-c.org/ns/1.0"


def run(*args, cwd=None, stdin=None, timeout=60):
    return subprocess.run([sys.executable, "-m", "teitools.cli", *map(os.fsdecode, args)], capture_output=True,
                          cwd=cwd, input=stdin, timeout=timeout)


def tei(body: str = "<p>Text.</p>", model: str | None = None) -> bytes:
    pi = f'<?xml-model href="{model}" schematypens="http://relaxng.org/ns/structure/1.0"?>\n' if model else ""
    return (f'<?xml version="1.0"?>\n{pi}<TEI xmlns="{TEI_NS}"><teiHeader><fileDesc><titleStmt><title>T</title>'
            f"</titleStmt><publicationStmt><p>P</p></publicationStmt><sourceDesc><p>S</p></sourceDesc></fileDesc>"
            f"</teiHeader><text><body>{body}</body></text></TEI>").encode()


@pytest.fixture
def listener():
    """A TCP listener on 127.0.0.1; ``listener.port``; the test fails if anything connects to it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.2)
    hits: list[object] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            hits.append(conn.getpeername())
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()

    class Listener:
        port = server.getsockname()[1]

    yield Listener
    stop.set()
    thread.join()
    server.close()
    assert not hits, f"teitools connected to the network: {hits}"


def no_traceback(r) -> None:
    err = r.stderr.decode("utf-8", "replace") if isinstance(r.stderr, bytes) else r.stderr
    assert "Traceback" not in err, err


# --- security -------------------------------------------------------------------------------------------------

def test_xsd_import_over_http_needs_the_network_switch(tmp_path, listener):
    doc = tmp_path / "a.xml"
    doc.write_bytes(tei())
    for version, engines in (("1.1", ([], ["--engine", "xmlschema"])), ("1.0", ([], ["--engine", "xmlschema"]))):
        schema = tmp_path / f"s{version}.xsd"
        schema.write_text(
            '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" '
            f'xmlns:vc="http://www.w3.org/2007/XMLSchema-versioning" vc:minVersion="{version}">'
            f'<xs:import namespace="urn:x" schemaLocation="http://127.0.0.1:{listener.port}/x.xsd"/>'
            '<xs:element name="TEI"/></xs:schema>')
        for engine in engines:
            r = run("validate", doc, "--schema", schema, *engine)
            no_traceback(r)
            assert r.returncode == 2 and b"--allow-network" in r.stderr, r.stderr


@pytest.mark.parametrize("kind", ["xsd-include", "xsd-import", "rng-include", "rng-externalRef"])
def test_schema_part_outside_its_folder_is_not_read(tmp_path, kind):
    (tmp_path / "outside").mkdir()
    secret = tmp_path / "outside" / "secret.txt"
    secret.write_text(f"{SECRET}\n<not xml")
    project = tmp_path / "project"
    project.mkdir()
    if kind.startswith("xsd"):
        tag = "include" if kind == "xsd-include" else 'import namespace="urn:x"'
        schema = project / "s.xsd"
        schema.write_text(f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:{tag} schemaLocation='
                          f'"../outside/secret.txt"/><xs:element name="TEI"/></xs:schema>')
    else:
        tag = "include" if kind == "rng-include" else "externalRef"
        body = '<include href="../outside/secret.txt"/><start><element name="TEI"><empty/></element></start>' \
            if tag == "include" else '<start><externalRef href="../outside/secret.txt"/></start>'
        schema = project / "s.rng"
        schema.write_text(f'<grammar xmlns="http://relaxng.org/ns/structure/1.0">{body}</grammar>')
    doc = project / "a.xml"
    doc.write_bytes(tei())
    r = run("validate", doc, "--schema", schema)
    no_traceback(r)
    assert r.returncode == 2 and b"--allow-outside" in r.stderr and SECRET.encode() not in r.stdout + r.stderr
    # allowed outside, it is read, and still its content is never shown: it is not XML
    r = run("validate", doc, "--schema", schema, "--allow-outside")
    no_traceback(r)
    assert r.returncode == 2 and SECRET.encode() not in r.stdout + r.stderr


def test_schematron_include_outside_its_folder_is_not_read(tmp_path):
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "rules.sch").write_text(f'<sch:pattern xmlns:sch="http://purl.oclc.org/dsdl/schematron">'
                                                    f'<sch:rule context="*"><sch:assert test="false()">{SECRET}'
                                                    f'</sch:assert></sch:rule></sch:pattern>')
    project = tmp_path / "project"
    project.mkdir()
    sch = project / "main.sch"
    sch.write_text('<sch:schema xmlns:sch="http://purl.oclc.org/dsdl/schematron">'
                   '<sch:include href="../outside/rules.sch"/></sch:schema>')
    doc = project / "a.xml"
    doc.write_bytes(tei())
    r = run("validate", doc, "--schematron", sch, "--no-rules")
    no_traceback(r)
    assert r.returncode == 2 and b"--allow-outside" in r.stderr and SECRET.encode() not in r.stdout + r.stderr


ESCAPE_NAME = "x\x1b[2Jy\u202ez.xml"


@pytest.mark.parametrize("fmt", ["human", "json", "junit", "github"])
def test_file_names_cannot_forge_or_break_reports(tmp_path, fmt):
    names = [ESCAPE_NAME, "line\nforged: error: fake.xml"]
    if sys.platform != "darwin":
        names.append(os.fsdecode(b"bad\xffbyte.xml"))
    for name in names:
        (tmp_path / name).write_bytes(b"<TEI><unclosed></TEI>")
    r = run("validate", *(tmp_path / n for n in names), "--format", fmt)
    no_traceback(r)
    assert r.returncode == 1
    out = r.stdout.decode("utf-8")  # valid UTF-8 whatever bytes the names held
    assert "\x1b" not in out and "\u202e" not in out
    if fmt == "human":
        assert all(line.startswith(str(tmp_path)) or line.startswith("3 files") for line in out.splitlines())
        assert "x\\x1b[2Jy\\u202ez.xml" in out and "line\\nforged" in out
    elif fmt == "json":
        paths = [f["path"] for f in json.loads(out)["files"]]
        assert any(p.endswith("line\\nforged: error: fake.xml") for p in paths)
    elif fmt == "junit":
        names_in = [c.get("name") for c in etree.fromstring(r.stdout).iter("testcase")]
        assert len(names_in) == len(names) and all("\n" not in n for n in names_in)
    else:
        assert len([line for line in out.splitlines() if line.startswith("::error")]) == len(names)
    assert "\x1b" not in r.stderr.decode("utf-8", "replace")


def test_site_index_with_hostile_names(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for name in ("a\nb.xml", "c\x1b[2J.xml", "plain.xml"):
        (src / name).write_bytes(LETTER_XML.read_bytes())
    r = run("render", src, "-o", tmp_path / "site")
    no_traceback(r)
    assert r.returncode == 0
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "\x1b" not in index and 'href="a%0Ab.html"' in index and 'href="c%1B%5B2J.html"' in index
    assert "\x1b" not in r.stderr.decode()


@pytest.mark.parametrize("content", [
    b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "/etc/passwd">]>\n<listPerson xmlns="' +
    TEI_NS.encode() + b'">&e;</listPerson>',
    b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>\n<listPerson>&c;</listPerson>',
    b'<listPerson xmlns="' + TEI_NS.encode() + b'"><person><persName>A',
    b"",
    b"   \n",
    b"\x89PNG\r\n\x1a\n\x00\x00",
], ids=["xxe", "billion-laughs", "truncated", "empty", "blank", "binary"])
def test_hostile_register_is_a_usage_error(tmp_path, content):
    reg = tmp_path / "register.xml"
    reg.write_bytes(content)
    r = run("convert", LETTER_TXT, "--register", reg)
    no_traceback(r)
    assert r.returncode == 2 and b"register" in r.stderr and str(reg).encode() in r.stderr
    assert b"root:" not in r.stderr  # nothing of /etc/passwd


# --- resources ------------------------------------------------------------------------------------------------

@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_xml_model_at_a_device_is_not_read(tmp_path):
    doc = tmp_path / "a.xml"
    doc.write_bytes(tei(model="/dev/zero"))
    r = run("validate", doc, "--no-rules", timeout=30)
    no_traceback(r)
    assert r.returncode == 2 and b"not a regular file" in r.stdout  # a schema that cannot be had: usage


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifos_neither_hang_nor_are_read(tmp_path):
    fifo = tmp_path / "f.rng"
    os.mkfifo(fifo)
    doc = tmp_path / "a.xml"
    doc.write_bytes(tei(model="f.rng"))
    r = run("validate", doc, "--no-rules", timeout=30)
    no_traceback(r)
    assert r.returncode == 2 and b"not a regular file" in r.stdout  # a schema that cannot be had: usage
    for command, name in (("validate", "in.xml"), ("render", "in.xml"), ("convert", "in.txt")):
        os.mkfifo(tmp_path / name) if not (tmp_path / name).exists() else None
        r = run(command, tmp_path / name, timeout=30)
        no_traceback(r)
        assert r.returncode == 2 and b"not a regular file" in r.stdout + r.stderr, (command, r.stderr)
    r = run("convert", LETTER_TXT, "--register", fifo, timeout=30)
    assert r.returncode == 2 and b"not a regular file" in r.stderr


def element_with_attributes(n: int) -> bytes:
    attrs = " ".join(f'a{i}="x"' for i in range(n))
    return f'<TEI xmlns="{TEI_NS}"><teiHeader {attrs}/></TEI>'.encode()


def test_attributes_per_element_at_the_limit():
    limits = Limits(attributes=50)
    parse_bytes(element_with_attributes(50), "a.xml", limits)
    with pytest.raises(LimitError) as info:
        parse_bytes(element_with_attributes(51), "a.xml", limits)
    assert "attributes=50" in str(info.value) and "--limit attributes=N" in str(info.value)


def test_an_element_with_a_huge_number_of_attributes_is_refused_quickly(tmp_path):
    doc = tmp_path / "a.xml"
    doc.write_bytes(element_with_attributes(200_000))
    r = run("validate", doc, timeout=60)  # it kept validation busy for over a minute
    no_traceback(r)
    assert r.returncode == 1 and b"over the limit attributes=1,000" in r.stdout
    assert run("validate", doc, "--limit", "attributes=300k", "--no-rules", timeout=120).returncode == 0


def nested(depth: int) -> bytes:
    return (f'<TEI xmlns="{TEI_NS}">' + "<div>" * depth + "</div>" * depth + "</TEI>").encode()


def test_documents_deeper_than_libxml2s_default_parse_within_the_limit():
    parse_bytes(nested(300))  # libxml2 alone refuses past 256 levels
    limits = Limits(depth=400)
    parse_bytes(nested(398), "a.xml", limits)  # TEI + 398 divs: 399 levels
    with pytest.raises(LimitError) as info:
        parse_bytes(nested(400), "a.xml", limits)
    assert "depth=400" in str(info.value)
    with pytest.raises(LimitError):
        parse_bytes(nested(50), "a.xml", Limits(depth=20))


def test_text_node_over_libxml2s_default_parses_within_the_limit():
    big = b"<TEI><p>" + b"x" * 11_000_000 + b"</p></TEI>"
    assert len(parse_bytes(big).getroot()[0].text) == 11_000_000
    with pytest.raises(LimitError) as info:
        parse_bytes(big, "a.xml", Limits(text_size=10_500_000))
    assert "text-size=10,500,000" in str(info.value)
    with pytest.raises(LimitError):
        parse_bytes(b"<TEI><p>" + b"x" * 2000 + b"</p></TEI>", "a.xml", Limits(text_size=1000))


def test_entities_stay_refused_past_libxml2s_limits():
    deep_bomb = (b'<!DOCTYPE TEI [<!ENTITY a "aaaa">]><TEI>' + b"<d>" * 300 + b"&a;" + b"</d>" * 300 + b"</TEI>")
    with pytest.raises(XMLInputError) as info:
        parse_bytes(deep_bomb)
    assert "Excessive depth" in str(info.value) or "entity" in str(info.value)


def test_input_size_limit(tmp_path):
    doc = tmp_path / "a.xml"
    doc.write_bytes(tei())
    r = run("validate", doc, "--limit", f"input-size={len(tei()) - 1}")
    assert r.returncode == 2 and b"--limit input-size=N" in r.stdout
    assert run("validate", doc, "--limit", f"input-size={len(tei())}", "--no-rules").returncode in (0, 1)


def test_limit_option_is_checked():
    with pytest.raises(ValueError):
        parse_limits(["depth=lots"])
    with pytest.raises(ValueError):
        parse_limits(["width=3"])
    with pytest.raises(ValueError):
        parse_limits(["depth=5000"])  # past libxml2's own ceiling
    assert parse_limits(["input-size=2M", "depth=10"]) == Limits(input_size=2 << 20, depth=10)
    assert run("render", LETTER_XML, "--limit", "depth=lots").returncode == 2


# --- robustness -----------------------------------------------------------------------------------------------

def test_folder_named_like_an_input(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "x.xml").mkdir()
    (tmp_path / "in" / "a.xml").write_bytes(LETTER_XML.read_bytes())
    r = run("render", tmp_path / "in", "-o", tmp_path / "site")
    no_traceback(r)
    assert r.returncode == 0 and (tmp_path / "site" / "a.html").is_file()
    r = run("render", tmp_path / "in" / "x.xml")
    no_traceback(r)
    assert r.returncode == 2 and b"x.xml" in r.stderr
    r = run("convert", LETTER_TXT, "-o", tmp_path / "in" / "x.xml", "--force")
    no_traceback(r)
    assert r.returncode == 1 and b"is a folder" in r.stderr


@pytest.mark.parametrize("command", ["validate", "render", "convert"])
def test_symlink_loop_inside_a_folder(tmp_path, command):
    folder = tmp_path / "in"
    folder.mkdir()
    suffix = ".txt" if command == "convert" else ".xml"
    (folder / f"good{suffix}").write_bytes((LETTER_TXT if command == "convert" else LETTER_XML).read_bytes())
    os.symlink(folder / f"loop2{suffix}", folder / f"loop1{suffix}")
    os.symlink(folder / f"loop1{suffix}", folder / f"loop2{suffix}")
    r = run(command, folder, "-o", tmp_path / "out", *(["--no-rules"] if command == "validate" else []))
    no_traceback(r)
    assert r.returncode == 2 and b"symbolic links" in r.stdout + r.stderr
    if command != "validate":
        assert any((tmp_path / "out").iterdir())  # the good file is done all the same


@pytest.mark.parametrize("command", ["validate", "render", "convert"])
def test_unreadable_file_and_subfolder(tmp_path, monkeypatch, command):
    """As root nothing is unreadable, so the refusal is simulated where the system gives it."""
    folder = tmp_path / "in"
    (folder / "closed").mkdir(parents=True)
    suffix = ".txt" if command == "convert" else ".xml"
    source = LETTER_TXT if command == "convert" else LETTER_XML
    (folder / f"good{suffix}").write_bytes(source.read_bytes())
    (folder / f"secret{suffix}").write_bytes(source.read_bytes())
    (folder / "closed" / f"inner{suffix}").write_bytes(source.read_bytes())
    real_open, real_scandir = os.open, os.scandir

    def fake_open(path, *args, **kwargs):
        if os.fsdecode(path).endswith(f"secret{suffix}"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    def fake_scandir(path="."):
        if os.fsdecode(path).endswith("closed"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "open", fake_open)
    monkeypatch.setattr(os, "scandir", fake_scandir)
    result = CliRunner().invoke(cli, [command, str(folder), *(["--no-rules"] if command == "validate" else
                                                              ["-o", str(tmp_path / "out")])])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 2
    text = result.output
    assert f"secret{suffix}" in text and "Permission denied" in text and "closed: cannot read folder" in text


def test_control_characters_are_dropped_with_a_warning_that_says_where():
    text, warnings = decode(b"Dear B,\n\n" + b"x" * 9000 + b"\nA\x00B\x07C and more.\n")
    assert "\x00" not in text and "\x07" not in text and "ABC and more." in text
    assert warnings == ["2 characters XML cannot carry dropped (the first, U+0000, on line 4, column 2)"]


def test_control_characters_after_8_kb_convert_and_round_trip(tmp_path):
    from teitools.rendering.diplomatic import diplomatic_text

    src = tmp_path / "a.txt"
    padding = b"A long paragraph. " * 600 + b"\n\n"  # the control characters come after the first 8 KB
    src.write_bytes(LETTER_TXT.read_bytes().replace(b"I have received your telegram",
                                                    padding + b"I have received your tele\x00gram\x1b"))
    r = run("convert", src, "-o", tmp_path / "a.xml")
    no_traceback(r)
    assert r.returncode == 0 and b"XML cannot carry dropped" in r.stderr and b"line" in r.stderr
    tree = etree.parse(str(tmp_path / "a.xml"))
    assert "your telegram of" in diplomatic_text(tree)


@pytest.mark.parametrize("data", [
    bytes(range(1, 256)) * 200,  # no NUL at all, control bytes everywhere
    b"A" * 9000 + bytes(range(1, 32)) * 2000,  # text first, binary after 8 KB
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
    b"PK\x03\x04\x14\x00\x06\x00",
], ids=["no-nul", "binary-after-8kb", "pdf", "zip"])
def test_binary_files_are_refused(data):
    with pytest.raises(TeitoolsError) as info:
        decode(data, "f.txt")
    assert "binary file" in str(info.value)


# --- faults ---------------------------------------------------------------------------------------------------

def test_validate_never_writes_its_report_over_an_input(tmp_path):
    doc = tmp_path / "a.xml"
    doc.write_bytes(tei())
    for extra in ([], ["--force"]):
        r = run("validate", doc, "-o", doc, "--no-rules", *extra)
        no_traceback(r)
        assert r.returncode == 2 and doc.read_bytes() == tei()
    report = tmp_path / "report.txt"
    report.write_text("earlier")
    r = run("validate", doc, "-o", report, "--no-rules")
    assert r.returncode == 2 and report.read_text() == "earlier" and b"--force" in r.stderr
    r = run("validate", doc, "-o", report, "--no-rules", "--force")
    assert r.returncode == 0 and "1 files: 1 valid" in report.read_text()


def test_an_output_that_appears_after_the_check_is_not_replaced(tmp_path, monkeypatch):
    """The check and the creation are one step: a file another run wrote in between stays."""
    target = tmp_path / "x.xml"
    target.write_text("the other run's")
    real_exists = Path.exists
    monkeypatch.setattr(Path, "exists", lambda self: False if self == target else real_exists(self))
    with pytest.raises(OutputError):
        write_output(target, b"mine", inputs=InputPaths([]), force=False)
    assert target.read_text() == "the other run's"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_two_runs_into_one_folder_replace_nothing(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for i in range(150):
        (src / f"l{i}.txt").write_bytes(LETTER_TXT.read_bytes())
    cmd = [sys.executable, "-m", "teitools.cli", "convert", str(src), "-o", str(tmp_path / "out"), "-q"]
    first, second = (subprocess.Popen(cmd, stderr=subprocess.PIPE) for _ in range(2))
    errors = [p.communicate(timeout=300)[1] for p in (first, second)]
    written = len(list((tmp_path / "out").glob("*.xml")))
    refused = sum(e.count(b"exists (use --force") for e in errors)
    assert written == 150 and refused == 150  # each file written once, by one of the runs; the other refused


@pytest.mark.parametrize("sig, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_signals_stop_a_batch_cleanly(tmp_path, sig, code, jobs):
    src = tmp_path / "in"
    src.mkdir()
    for i in range(3000):
        (src / f"l{i}.xml").write_bytes(LETTER_XML.read_bytes())
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "teitools.cli", "render", str(src), "-o", str(out), "-j", jobs],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 60
    while not (out.is_dir() and len(os.listdir(out)) > 50) and time.monotonic() < deadline:
        time.sleep(0.02)
    sent = time.monotonic()
    if sig == signal.SIGINT:
        os.killpg(proc.pid, sig)  # Ctrl-C reaches the whole process group, the workers too
    else:
        proc.send_signal(sig)
    try:
        _, err = proc.communicate(timeout=10)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == code, err
    assert time.monotonic() - sent < 5
    assert b"Traceback" not in err and b"interrupted" in err and len(err.decode().strip().splitlines()) == 1
    time.sleep(0.2)  # workers are gone: nothing more appears
    assert not [n for n in os.listdir(out) if n.endswith(".tmp")]
    if jobs == "2":
        assert subprocess.run(["pgrep", "-f", str(src)], capture_output=True).stdout == b""


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
@pytest.mark.parametrize("command", [["render", str(LETTER_XML), "--to", "text"], ["convert", str(LETTER_TXT)],
                                     ["validate", str(LETTER_XML), "--no-rules"]])
def test_stdout_on_a_full_disk(command):
    with open("/dev/full", "wb") as full:
        r = subprocess.run([sys.executable, "-m", "teitools.cli", *command], stdout=full, stderr=subprocess.PIPE,
                           timeout=60)
    errors = [line for line in r.stderr.splitlines() if line.startswith(b"error:")]
    assert r.returncode in (1, 2) and len(errors) == 1 and b"<stdout>" in errors[0], r.stderr
    assert b"No space left" in r.stderr and b"Traceback" not in r.stderr


def test_read_only_output_folder_is_named(tmp_path, monkeypatch):
    """As root a read-only folder can still be written, so the system's refusal is simulated."""
    out = tmp_path / "out"
    out.mkdir()
    real_open = os.open

    def fake_open(path, flags, *args):
        if os.fsdecode(path).startswith(str(out)) and flags & os.O_CREAT:
            raise OSError(30, "Read-only file system")
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", fake_open)
    for args in (["convert", str(LETTER_TXT), "-o", str(out / "a.xml")],
                 ["render", str(LETTER_XML), "-o", str(out / "a.html")],
                 ["validate", str(LETTER_XML), "--no-rules", "-o", str(out / "r.txt")]):
        result = CliRunner().invoke(cli, args)
        assert isinstance(result.exception, SystemExit) and result.exit_code in (1, 2), result.exception
        assert str(out) in result.output and "Read-only file system" in result.output


def test_resource_loader_refuses_what_is_not_a_regular_file(tmp_path):
    from teitools.resources import Access, load, read_regular

    with pytest.raises(ResourceError, match="folder"):
        read_regular(tmp_path, 100, "schema")
    big = tmp_path / "big.rng"
    big.write_bytes(b"x" * 101)
    with pytest.raises(ResourceError, match="resource-size"):
        read_regular(big, 100, "schema")
    with pytest.raises(ResourceError, match="--allow-outside"):
        load(str(big), Access("folder", (tmp_path / "sub").resolve()))
    with pytest.raises(ResourceError, match="--allow-network"):
        load("http://127.0.0.1:9/x.rng", Access("local"))


def test_printable_escapes_what_a_terminal_would_act_on():
    assert printable("a\x1b[2Jb") == "a\\x1b[2Jb"
    assert printable("a\nb\r") == "a\\nb\\r"
    assert printable(os.fsdecode(b"x\xff")) == "x\\xff"
    assert printable("\u202eevil") == "\\u202eevil"
    assert printable("Zürich, Ελλάδα") == "Zürich, Ελλάδα"


def test_limits_hold_past_libxml2s_node_set_ceiling(monkeypatch):
    """libxml2's XPath gives up on node-sets over ten million nodes (a 230 MB edition has them): the limits are then
    checked by a walk in Python, which must find the same element."""
    import teitools.xml as tx

    def refusing(expr):
        def evaluate(root):
            raise etree.XPathEvalError("unknown error")
        return evaluate

    cases = [(element_with_attributes(60), Limits(attributes=50)), (nested(300), Limits(depth=280)),
             (nested(50), Limits(depth=20)), (b"<TEI><p>ok</p><p a='" + b"x" * 2000 + b"'/></TEI>", Limits(text_size=1000)),
             (b"<TEI><p>ok</p><p>" + b"x" * 2000 + b"</p></TEI>", Limits(text_size=1000))]
    expected = []
    for data, limits in cases:
        with pytest.raises(LimitError) as info:
            parse_bytes(data, "a.xml", limits)
        expected.append(str(info.value))
    monkeypatch.setattr(tx.etree, "XPath", refusing)
    for (data, limits), message in zip(cases, expected, strict=True):
        with pytest.raises(LimitError) as info:
            parse_bytes(data, "a.xml", limits)
        assert str(info.value) == message
    parse_bytes(nested(300), "a.xml", Limits(depth=302))


def test_ids_for_the_cross_file_rule_past_the_node_set_ceiling(monkeypatch):
    import teitools.validation.validator as v

    tree = parse_bytes(b'<TEI xmlns:x="urn:x"><p xml:id="a"/><q/>\n<r xml:id="b"><s xml:id="c"/></r></TEI>')
    expected = v._ids_of(tree)

    def refusing(tree):
        raise etree.XPathEvalError("unknown error")

    monkeypatch.setattr(v, "_XML_IDS", refusing)
    assert v._ids_of(tree) == expected == [("a", 1), ("b", 2), ("c", 2)]


def test_schematron_includes_that_include_each_other_are_read_once(tmp_path):
    for name, other, root in (("a.sch", "b.sch", "schema"), ("b.sch", "a.sch", "pattern")):
        (tmp_path / name).write_text(f'<sch:{root} xmlns:sch="http://purl.oclc.org/dsdl/schematron">'
                                     f'<sch:include href="{other}"/></sch:{root}>', encoding="utf-8")
    doc = tmp_path / "a.xml"
    doc.write_bytes(tei())
    r = run("validate", doc, "--schematron", tmp_path / "a.sch", "--no-rules", timeout=60)
    no_traceback(r)
    assert r.returncode == 0
