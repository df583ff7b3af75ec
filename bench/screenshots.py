"""The README's screenshots: a letter page and an edition site's index with a search, from the bundled samples,
in headless Chromium (Debian's chromium + chromedriver, Selenium; Pagefind for the search).

Run: python3 bench/screenshots.py   (writes docs/screenshots/letter.png and docs/screenshots/site-index.png)
"""

from __future__ import annotations

import http.server
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def main() -> int:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.support.ui import WebDriverWait

    from teitools.files import gather
    from teitools.rendering import render
    from teitools.site import build_site
    from teitools.xml import parse_file

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    if not (chromium and driver_path):
        print("needs chromium and chromedriver")
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    opts = webdriver.ChromeOptions()
    opts.binary_location = chromium
    with tempfile.TemporaryDirectory() as tmp:
        for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    f"--user-data-dir={tmp}/chrome", "--window-size=1100,1300"):
            opts.add_argument(arg)
        browser = webdriver.Chrome(service=Service(driver_path), options=opts)
        try:
            page = Path(tmp) / "letter.html"
            page.write_text(render(parse_file(ROOT / "samples" / "letter-1949.xml")), encoding="utf-8")
            browser.get(page.as_uri())
            browser.save_screenshot(str(OUT / "letter.png"))
            site = Path(tmp) / "site"
            build_site(gather([str(ROOT / "samples")], ".xml"), site, title="teitools samples")
            # the search loads its index with fetch(): served over http, as a site is
            server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), lambda *a: _Quiet(*a, directory=str(site)))
            threading.Thread(target=server.serve_forever, daemon=True).start()
            try:
                browser.set_window_size(1100, 800)
                browser.get(f"http://127.0.0.1:{server.server_port}/index.html")
                box = WebDriverWait(browser, 20).until(
                    lambda b: b.find_elements("css selector", ".pagefind-ui__search-input"))[0]
                box.send_keys("commission")
                WebDriverWait(browser, 20).until(lambda b: b.find_elements("css selector", ".pagefind-ui__result"))
                time.sleep(0.5)  # the result's excerpt
                browser.save_screenshot(str(OUT / "site-index.png"))
            finally:
                server.shutdown()
        finally:
            browser.quit()
    print(f"wrote {OUT / 'letter.png'} and {OUT / 'site-index.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
