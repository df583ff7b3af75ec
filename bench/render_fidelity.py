"""Words kept by the diplomatic text view on every file of ../shared/corpora (or the folder given).

Run: python3 bench/render_fidelity.py [FOLDER]
Prints files, errors, the overall share of words kept, and every file under 99.5 %.
"""

from __future__ import annotations

import sys
from pathlib import Path

from teitools.rendering import render
from teitools.rendering.fidelity import kept_words
from teitools.xml import parse_file

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "corpora"
    files = sorted(folder.rglob("*.xml"))
    kept = total = errors = 0
    low = []
    for f in files:
        try:
            tree = parse_file(f)
            render(tree, "html")
            k, n = kept_words(tree, "diplomatic")
        except Exception as exc:  # a report, not a test: list every failure and go on
            errors += 1
            print(f"error: {f}: {exc}")
            continue
        kept, total = kept + k, total + n
        if n and k / n < 0.995:
            low.append((k / n, f))
    print(f"{len(files)} files, {errors} errors, words kept {kept / max(total, 1):.4%} ({kept} of {total})")
    for share, f in sorted(low):
        print(f"  {share:.3%}  {f}")
    print(f"{len(low)} files keep fewer than 99.5 % of their words")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
