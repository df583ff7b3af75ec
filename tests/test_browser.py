"""The rendered pages in a real browser: headless Chromium driven by Selenium (Debian's chromium + chromedriver).

Skips when Chromium, ChromeDriver or Selenium is absent; CI installs them (.ci/run).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from teitools.conversion import convert
from teitools.rendering import render
from teitools.xml import parse_bytes, parse_file, serialize

from .conftest import SAMPLES, SHARED

selenium = pytest.importorskip("selenium")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(not (CHROMIUM and DRIVER), reason="chromium and chromedriver are not installed")
SCREENSHOTS = Path(__file__).resolve().parent.parent / "bench" / "out" / "screenshots"


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", f"--user-data-dir={tmp_path_factory.mktemp('chrome')}",
                "--window-size=1000,1400"):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(DRIVER), options=opts)
    yield driver
    driver.quit()


def pages() -> list[tuple[str, object]]:
    out = []
    seed = SAMPLES / "sheng-1934.txt"
    if seed.exists():
        out.append(("seed", lambda: parse_bytes(serialize(convert(seed)))))
    corpora = SHARED / "corpora" / "letters-sample"
    for name in ("cody", "tillich-briefe__L00404", "schnitzler-briefe__L00738"):
        found = sorted(corpora.glob(f"*{name}*.xml")) if corpora.is_dir() else []
        if name == "cody":
            found = sorted((SHARED / "corpora" / "cody-letters").glob("*.xml"))[:1] if corpora.is_dir() else []
        if found:
            out.append((found[0].stem, lambda f=found[0]: parse_file(f)))
    return out


@pytest.mark.parametrize(("name", "load"), pages(), ids=[n for n, _ in pages()])
def test_page_in_browser(browser, tmp_path, name, load):
    from selenium.webdriver.common.by import By

    page = tmp_path / f"{name}.html"
    page.write_text(render(load(), "html"), encoding="utf-8")
    browser.get(page.as_uri())
    assert browser.title
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SCREENSHOTS / f"{name}.png"))
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert not errors, errors
    # a footnote call jumps to its note, and the note's link jumps back
    calls = browser.find_elements(By.CSS_SELECTOR, "sup.fnref a")
    if calls:
        calls[0].click()
        target = calls[0].get_attribute("href").split("#")[1]
        assert browser.execute_script("return location.hash") == f"#{target}"
        back = browser.find_element(By.CSS_SELECTOR, f"li#{target} a.fn-back")
        back.click()
        assert browser.execute_script("return location.hash") == f"#{calls[0].get_attribute('id')}"
    # the view switch changes what sic/corr (and other view-dependent spans) show
    shown = "return Array.from(document.querySelectorAll(arguments[0])).filter(e => e.textContent.trim())" \
            ".map(e => getComputedStyle(e).display !== 'none');"
    readings, diplomatic = browser.execute_script(shown, ".r"), browser.execute_script(shown, ".d")
    assert all(readings) and not any(diplomatic)
    browser.find_element(By.CSS_SELECTOR, "label[for=view-diplomatic]").click()
    assert not any(browser.execute_script(shown, ".r")) and all(browser.execute_script(shown, ".d"))
    browser.save_screenshot(str(SCREENSHOTS / f"{name}-diplomatic.png"))
    browser.find_element(By.CSS_SELECTOR, "label[for=view-reading]").click()
    assert all(browser.execute_script(shown, ".r")) and not any(browser.execute_script(shown, ".d"))


def test_seed_sic_and_corr_switch(browser, tmp_path):
    from selenium.webdriver.common.by import By

    if not (SAMPLES / "sheng-1934.txt").exists():
        pytest.skip("../shared/samples is not present")
    page = tmp_path / "seed.html"
    page.write_text(render(parse_bytes(serialize(convert(SAMPLES / "sheng-1934.txt"))), "html"), encoding="utf-8")
    browser.get(page.as_uri())
    h1 = browser.find_element(By.TAG_NAME, "h1")
    assert "Governor" in h1.text and "Governer" not in h1.text
    browser.find_element(By.CSS_SELECTOR, "label[for=view-diplomatic]").click()
    assert "Governer" in h1.text and "Governor" not in h1.text
    body = browser.find_element(By.TAG_NAME, "article").text
    assert "4.XII.71 [SIC]" in body


def phone_pages() -> list[Path]:
    corpora = SHARED / "corpora"
    if not corpora.is_dir():
        return []
    out = []
    for folder in sorted(p for p in corpora.iterdir() if p.is_dir()):
        files = sorted(folder.rglob("*.xml"))
        out += files[:: max(1, len(files) // 2)][:2]  # two of every corpus, spread over it
    return out


def test_no_horizontal_scroll_on_a_phone(browser, tmp_path):
    """At 390 px (a phone), no page of any corpus is wider than the screen."""
    files = phone_pages()
    if not files:
        pytest.skip("../shared/corpora is not present")
    browser.set_window_size(390, 844)
    try:
        wide = []
        for f in files:
            page = tmp_path / f"{f.parent.name}-{f.stem}.html"
            page.write_text(render(parse_file(f), "html"), encoding="utf-8")
            browser.get(page.as_uri())
            width = browser.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
            if width[0] > width[1]:
                wide.append((f.name, width))
        assert not wide, wide
    finally:
        browser.set_window_size(1000, 1400)


def test_printing_keeps_the_notes_and_drops_the_ui(browser, tmp_path):
    import base64

    corpora = SHARED / "corpora" / "letters-sample"
    pages = [render(parse_file(f), "html") for f in sorted(corpora.glob("*.xml"))] if corpora.is_dir() else []
    with_notes = [p for p in pages if 'class="footnotes"' in p]
    if not with_notes:
        pytest.skip("../shared/corpora is not present")
    page = tmp_path / "print.html"
    page.write_text(with_notes[0], encoding="utf-8")
    browser.get(page.as_uri())
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        shown = "return Array.from(document.querySelectorAll(arguments[0])).map(e => getComputedStyle(e).display);"
        assert set(browser.execute_script(shown, ".views, .ui, .fn-back, .register")) <= {"none"}
        notes = browser.execute_script(shown, "section.footnotes")
        assert notes and "none" not in notes
        pdf = base64.b64decode(browser.execute_cdp_cmd("Page.printToPDF", {"printBackground": False})["data"])
        pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
        assert 1 <= pages <= 4, pages
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


CMIF = SHARED / "corpora" / "cmif-schnitzler"


@pytest.mark.skipif(not CMIF.is_dir(), reason="../shared/corpora is not present")
def test_a_cmif_file_is_a_table_of_letters_sorted_by_a_click(browser, tmp_path):
    """A header listing letters: a table in date order, with links to the authority records; a click on a column's
    heading sorts by it, a second click reverses the order; no wider than a phone's screen."""
    source = max(CMIF.glob("*.xml"), key=lambda p: p.stat().st_size)
    page = tmp_path / "cmif.html"
    page.write_text(render(parse_file(source)), encoding="utf-8")
    browser.get(page.as_uri())

    def column(k: int) -> list[str]:
        return browser.execute_script(f"return Array.from(document.querySelectorAll('table.letters tbody tr'))"
                                      f".map(r => r.cells[{k}].getAttribute('data-sort'))")

    dates = column(0)
    assert len(dates) > 20 and dates == sorted(dates)
    assert browser.execute_script("return document.querySelectorAll('table.letters a.authority').length") > 0
    buttons = browser.find_elements("css selector", "table.letters th button")
    buttons[1].click()  # From
    assert column(1) == sorted(column(1))
    buttons[1].click()
    assert column(1) == sorted(column(1), reverse=True)
    buttons[0].click()
    assert column(0) == dates
    assert not [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]


def test_stanza_breaks_show_and_the_contents_lead_to_the_headings(browser, tmp_path):
    """Lines of a stanza sit close, stanzas apart; a contents entry scrolls its heading into view."""
    from .test_render import _play

    page = tmp_path / "play.html"
    page.write_text(render(parse_bytes(_play(12))), encoding="utf-8")
    browser.get(page.as_uri())
    tops = browser.execute_script("return Array.from(document.querySelectorAll('.tei-lg .tei-l'))"
                                  ".map(l => l.getBoundingClientRect().top)")
    within, between = tops[1] - tops[0], tops[2] - tops[1]
    assert between > within * 1.3, (within, between)
    browser.find_elements("css selector", "nav.contents a")[10].click()
    assert browser.execute_script("var h = document.getElementById(location.hash.slice(1));"
                                  "var r = h.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight")


def test_the_site_search_finds_a_letter_by_its_words(browser, tmp_path):
    """teitools site's search (Pagefind) over a local server: a word of one letter finds that letter, and a
    correspondent's filter keeps only their letters — across an index cut into shards (one page each here)."""
    pytest.importorskip("pagefind")
    import http.server
    import threading

    from teitools.files import gather
    from teitools.site import build_site

    from .test_site import letter

    folder = tmp_path / "letters"
    folder.mkdir()
    letter(folder, "l1", "1900-01-01", "Zebras and lanterns")
    letter(folder, "l2", "1900-02-01", "Harbours and ships")
    dora = letter(folder, "l3", "1900-03-01", "Kites and ships")
    dora.write_text(dora.read_text(encoding="utf-8").replace(">Bert<", ">Dora<"), encoding="utf-8")
    site = tmp_path / "site"
    build_site(gather([str(folder)], ".xml"), site, title="Letters", shard_pages=1)
    assert (site / "pagefind-2" / "pagefind-entry.json").is_file()  # three shards, merged by the search box
    handler = lambda *a: http.server.SimpleHTTPRequestHandler(*a, directory=str(site))  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        from selenium.webdriver.support.ui import WebDriverWait

        def results(expected: int) -> list[str]:
            def found(b):
                links = b.find_elements("css selector", ".pagefind-ui__result-link")
                return links if len(links) == expected else None
            links = WebDriverWait(browser, 20).until(found)
            return sorted(a.get_attribute("href").rsplit("/", 1)[-1] for a in links)

        browser.get(f"http://127.0.0.1:{server.server_port}/index.html")
        box = WebDriverWait(browser, 20).until(
            lambda b: b.find_elements("css selector", ".pagefind-ui__search-input"))[0]
        box.send_keys("lanterns")
        assert results(1) == ["l1.html"]
        box.clear()
        box.send_keys("ships")
        assert results(2) == ["l2.html", "l3.html"]
        WebDriverWait(browser, 20).until(lambda b: b.execute_script(
            "var box = [...document.querySelectorAll('.pagefind-ui__filter-checkbox')]"
            ".find(c => c.parentNode.textContent.includes('Dora')); if (box) box.click(); return !!box;"))
        assert results(1) == ["l3.html"]
        assert not [e for e in browser.get_log("browser") if e["level"] == "SEVERE" and "favicon" not in e["message"]]
    finally:
        server.shutdown()
