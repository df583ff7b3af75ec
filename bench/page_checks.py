"""Edition-grade page checks over the corpora: share of applicable files that pass each check.

    python bench/page_checks.py [N]   (N files per folder, evenly spread; default 40; all with 0)

Checks: the h1 is the document's own title (titleStmt title typed main, else level a, never a series,
monograph or journal title); <html lang> is the declared language (text/@xml:lang, TEI/@xml:lang, else the
first langUsage/language/@ident, as a BCP 47 tag); every in-page link resolves; no ref/ptr target is shown raw;
no coordinate or authority URL of a back list is in the text (only in the register); every pb/@facs is a link.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path

from lxml import etree, html

from teitools.rendering import render
from teitools.xml import TEI, parse_bytes

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpora"
T = f"{{{TEI}}}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
NOT_OWN = {"s", "m", "j", "u"}


def own_title(root: etree._Element) -> str | None:
    stmt = root.find(f"{T}teiHeader/{T}fileDesc/{T}titleStmt")
    if stmt is None:
        return None
    titles = stmt.findall(f"{T}title")
    for test in (lambda t: t.get("type") == "main", lambda t: t.get("level") == "a",
                 lambda t: t.get("level") not in NOT_OWN and not t.get("type")):
        pick = next((t for t in titles if test(t)), None)
        if pick is not None:
            return " ".join("".join(pick.itertext()).split())
    return None


def declared_lang(root: etree._Element) -> str | None:
    text = root.find(f"{T}text")
    lang = (text.get(XML_LANG) if text is not None else None) or root.get(XML_LANG)
    if not lang:
        lu = root.find(f"{T}teiHeader/{T}profileDesc/{T}langUsage/{T}language")
        lang = lu.get("ident") if lu is not None else None
    return lang


def checks(path: Path) -> dict[str, bool | None]:
    root = parse_bytes(path.read_bytes(), str(path)).getroot()
    page = html.fromstring(render(root))
    out: dict[str, bool | None] = {}
    want = own_title(root)
    h1 = page.find(".//h1")
    got = " ".join(h1.text_content().split()) if h1 is not None else ""
    out["h1-own-title"] = None if want is None else got == want
    lang = declared_lang(root)
    out["html-lang"] = None if lang is None else page.get("lang", "").lower() == _bcp47(lang).lower()
    ids = {e.get("id") for e in page.iter() if e.get("id")}
    links = [a.get("href")[1:] for a in page.iter("a") if (a.get("href") or "").startswith("#")]
    out["links-resolve"] = None if not links else all(t in ids for t in links)
    shown = page.text_content()
    out["no-raw-target"] = not re.search(r"\[#[\w.-]+\]", shown)
    back = [el for b in root.iter(f"{T}back") for el in b.iter(f"{T}geo", f"{T}idno")]
    article = page.find(".//article")
    if back and article is not None:
        running = " ".join(article.text_content().split())
        out["back-lists-only-in-register"] = not any(
            (t := " ".join("".join(el.itertext()).split())) and t in running for el in back)
    images = {el.get(XML_ID): g.get("url") for el in root.iter(f"{T}surface", f"{T}zone", f"{T}graphic")
              if el.get(XML_ID) for g in [el if el.tag == f"{T}graphic" else el.find(f".//{T}graphic")]
              if g is not None and g.get("url")}
    facs = [(pb.get("facs") or "").split()[0] for pb in root.iter(f"{T}pb") if (pb.get("facs") or "").strip()]
    urls = [images.get(f[1:], "") if f.startswith("#") else f for f in facs]
    urls = [u for u in urls if u.startswith(("http://", "https://"))]
    if urls:
        linked = {a.get("href") for a in page.iter("a") if "facs" in (a.get("class") or "").split()}
        out["pb-facs-linked"] = all(u in linked for u in urls)
    return out


_THREE = {"deu": "de", "ger": "de", "eng": "en", "fra": "fr", "fre": "fr", "ita": "it", "spa": "es", "lat": "la",
          "nld": "nl", "dut": "nl", "por": "pt", "rus": "ru", "pol": "pl", "ces": "cs", "cze": "cs"}


def _bcp47(tag: str) -> str:
    head, _, rest = tag.partition("-")
    head = _THREE.get(head.lower(), head)
    return f"{head}-{rest}" if rest else head


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv else 40
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for folder in sorted(p for p in SHARED.iterdir() if p.is_dir()):
        files = sorted(folder.rglob("*.xml"))
        if n and len(files) > n:
            step = len(files) / n
            files = [files[int(i * step)] for i in range(n)]
        per: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for f in files:
            for name, ok in checks(f).items():
                if ok is None:
                    continue
                per[name][0] += bool(ok)
                per[name][1] += 1
                totals[name][0] += bool(ok)
                totals[name][1] += 1
        print(f"{folder.name:<22}" + "  ".join(f"{k} {a}/{b}" for k, (a, b) in sorted(per.items())))
    print("all: " + ", ".join(f"{k} {a / b:.1%} ({a}/{b})" for k, (a, b) in sorted(totals.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
