"""End-to-end tests of the command line, run as a user would."""

import subprocess
import sys
from pathlib import Path

import pytest

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "letter-1949.txt"


def run(*args, cwd=None, stdin=None):
    return subprocess.run([sys.executable, "-m", "teitools.cli", *args], capture_output=True, cwd=cwd,
                          input=stdin)


def test_convert_to_stdout():
    r = run("convert", str(SAMPLE))
    assert r.returncode == 0 and b"<TEI" in r.stdout


def test_convert_from_stdin():
    r = run("convert", "-", stdin=SAMPLE.read_bytes())
    assert r.returncode == 0 and b"<supplied>" in r.stdout


def test_refuses_to_overwrite_without_force(tmp_path):
    out = tmp_path / "x.xml"
    assert run("convert", str(SAMPLE), "-o", str(out)).returncode == 0
    r = run("convert", str(SAMPLE), "-o", str(out))
    assert r.returncode == 1 and b"--force" in r.stderr
    assert run("convert", str(SAMPLE), "-o", str(out), "--force").returncode == 0


def test_never_overwrites_an_input(tmp_path):
    src = tmp_path / "a.txt"
    src.write_bytes(SAMPLE.read_bytes())
    r = run("convert", str(src), "-o", str(src), "--force")
    assert r.returncode == 1 and src.read_bytes() == SAMPLE.read_bytes()


def test_folder_with_bad_files(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.txt").write_bytes(SAMPLE.read_bytes())
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    (tmp_path / "in" / "binary.txt").write_bytes(b"ab\x00cd")
    (tmp_path / "in" / "image.png").write_bytes(b"\x89PNG\x00")
    (tmp_path / "in" / "cp1252.txt").write_bytes(SAMPLE.read_bytes().replace(b"Odessa", b"Od\xe9ssa"))
    (tmp_path / "in" / "bom.txt").write_bytes(b"\xef\xbb\xbf" + SAMPLE.read_bytes())
    (tmp_path / "in" / "utf16.txt").write_bytes(SAMPLE.read_text(encoding="utf-8").encode("utf-16"))
    r = run("convert", str(tmp_path / "in"), "-o", str(tmp_path / "out"))
    assert r.returncode == 1
    err = r.stderr.decode()
    assert "empty file" in err and "binary file" in err and "Windows-1252" in err
    assert "image.png: skipped: not a .txt record" in err
    assert "4 converted" in err and "2 failed" in err
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["bom.xml", "cp1252.xml", "good.xml",
                                                                     "utf16.xml"]
    assert "Traceback" not in err


def test_cut_off_record_converts_with_a_warning(tmp_path):
    src = tmp_path / "cut.txt"
    src.write_bytes(SAMPLE.read_bytes()[:400])
    r = run("convert", str(src))
    assert r.returncode == 0 and b"cut off" in r.stderr


@pytest.mark.parametrize("args", [["convert"], ["convert", "a.txt", "--layout", "nope"], ["nocommand"]])
def test_usage_errors_exit_2(args):
    assert run(*args).returncode == 2


def test_several_inputs_need_an_output_folder():
    other = SAMPLE.parent / "transcription-1920.txt"
    assert run("convert", str(SAMPLE), str(other)).returncode == 2


OWN_TEI = sorted((Path(__file__).resolve().parent.parent / "samples").glob("*.xml"))


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_render_a_folder_to_a_site(tmp_path, jobs):
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    for k, src in enumerate(OWN_TEI):
        (corpus / ("sub" if k else ".") / src.name).write_bytes(src.read_bytes())
    (corpus / "broken.xml").write_text("<TEI xmlns='http://www.tei-c.org/ns/1.0'><text>", encoding="utf-8")
    site = tmp_path / "site"
    r = run("render", str(corpus), "--to", "html", "-o", str(site), "-j", jobs, "-q")
    assert r.returncode == 1 and b"broken.xml" in r.stderr  # the bad file is reported, the others rendered
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert pages == sorted(["index.html", OWN_TEI[0].with_suffix(".html").name,
                            *(f"sub/{p.with_suffix('.html').name}" for p in OWN_TEI[1:])])
    index = (site / "index.html").read_text(encoding="utf-8")
    assert all(p.with_suffix(".html").name in index for p in OWN_TEI) and "broken" not in index
    assert not list(site.rglob("*.tmp"))  # every write finished or was cleaned away
    again = run("render", str(corpus), "--to", "html", "-o", str(site), "-j", jobs, "-q")
    assert again.returncode == 1 and b"--force" in again.stderr  # existing pages are not replaced silently
    forced = run("render", str(corpus), "--to", "html", "-o", str(site), "-j", jobs, "-q", "--force")
    assert forced.returncode == 1 and b"--force" not in forced.stderr


def test_render_never_writes_over_an_input(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    for src in OWN_TEI:
        (corpus / src.name).write_bytes(src.read_bytes())
    before = {p.name: p.read_bytes() for p in corpus.iterdir()}
    r = run("render", str(corpus), "--to", "text", "-o", str(corpus), "--force", "-q")
    assert r.returncode == 0  # outputs are .txt beside the inputs: allowed
    assert {p.name: p.read_bytes() for p in corpus.glob("*.xml")} == before
    single = run("render", str(corpus / OWN_TEI[0].name), "-o", str(corpus / OWN_TEI[0].name), "--force")
    assert single.returncode == 1 and b"input" in single.stderr
    assert (corpus / OWN_TEI[0].name).read_bytes() == before[OWN_TEI[0].name]


def test_several_folders_keep_their_names_in_the_site(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "letter.xml").write_bytes(OWN_TEI[0].read_bytes())
    site = tmp_path / "site"
    r = run("render", str(tmp_path / "a"), str(tmp_path / "b"), "-o", str(site), "-q")
    assert r.returncode == 0, r.stderr
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")) == \
        ["a/letter.html", "b/letter.html", "index.html"]


@pytest.mark.parametrize(("command", "files", "inputs"), [
    ("render", ["a/letter.xml", "b/letter.xml"], ["a/letter.xml", "b/letter.xml"]),  # two files, one page name
    ("render", ["x/index.xml", "x/other.xml"], ["x"]),  # a page where the site's index goes
    ("convert", ["a/letter.txt", "b/letter.txt"], ["a", "b"]),
])
def test_inputs_that_would_share_an_output_are_refused_before_anything_is_written(tmp_path, command, files, inputs):
    for name in files:
        src = tmp_path / name
        src.parent.mkdir(exist_ok=True)
        src.write_bytes((OWN_TEI[0] if command == "render" else SAMPLE).read_bytes())
    out = tmp_path / "out"
    r = run(command, *(str(tmp_path / i) for i in inputs), "-o", str(out), "--force")
    assert r.returncode == 2 and b"would" in r.stderr, r.stderr
    assert not out.exists() or not any(out.iterdir())


def test_outputs_get_the_permissions_of_any_new_file(tmp_path):
    """Not mkstemp's owner-only 0600: a web server must be able to read a rendered site."""
    import os
    import stat

    from teitools.xml import write_atomic

    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "page.html", b"<p>x</p>")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "page.html").stat().st_mode) == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]


def test_render_a_folder_to_markdown(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    for src in OWN_TEI:
        (corpus / src.name).write_bytes(src.read_bytes())
    out = tmp_path / "md"
    r = run("render", str(corpus), "--to", "markdown", "--view", "diplomatic", "-o", str(out), "-q")
    assert r.returncode == 0, r.stderr
    written = sorted(p.name for p in out.iterdir())
    assert written == sorted(p.with_suffix(".md").name for p in OWN_TEI)  # no index: that is HTML's
    first = (out / written[0]).read_text(encoding="utf-8")
    assert first.startswith("# ") and "<html" not in first
    one = run("render", str(corpus / OWN_TEI[0].name), "--to", "markdown")
    assert one.returncode == 0 and one.stdout.decode("utf-8").startswith("# ")
