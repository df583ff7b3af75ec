"""Render throughput: documents/s and MB/s for --to html, text and markdown, next to lxml parse + serialize.

Run: python3 bench/render_bench.py [FOLDER]   (default ../shared/corpora minus the big novels: letters etc.)
Also times one-file cold rendering in a fresh process, and the CLI batch (-j 1, -j 2) on the letter corpora
(those named *letters* or *briefe*) and on everything. Pages are written to a RAM folder (/dev/shm) where there
is one, so the figures are teitools' work rather than this machine's disk, which on shared VMs stalls for
seconds now and then; the folder is named in the output.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lxml import etree

from teitools.rendering import render
from teitools.xml import parse_bytes

ROOT = Path(__file__).resolve().parents[1]


def _timed(work) -> float:
    t0 = time.perf_counter()
    work()
    return time.perf_counter() - t0


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "corpora"
    files = [f for f in sorted(folder.rglob("*.xml")) if "eltec" not in str(f) and "cmif" not in str(f)]
    blobs = [f.read_bytes() for f in files]
    mb = sum(len(b) for b in blobs) / 1e6
    # best of three for every figure: this machine's speed drifts by a fifth between passes
    floor = min(_timed(lambda: [etree.tostring(etree.fromstring(b)) for b in blobs]) for _ in range(3))
    times = {to: min(_timed(lambda to=to: [render(parse_bytes(b), to) for b in blobs]) for _ in range(3))
             for to in ("html", "text", "markdown")}
    n = len(files)
    print(f"{n} documents, {mb:.1f} MB (letters, dispatches, drama; novels and CMIF left out)")
    print(f"lxml parse + serialize:  {n / floor:8,.0f} docs/s  {mb / floor:6.1f} MB/s")
    for to, t in times.items():
        print(f"render --to {to:<5}     {n / t:8,.0f} docs/s  {mb / t:6.1f} MB/s   {t / floor:5.1f}x the floor")
    sample = files[0]
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "teitools.cli", "render", str(sample), "--to", "html"],
                   capture_output=True, check=True)
    print(f"one file cold (fresh process, --to html): {time.perf_counter() - t0:.2f} s  (target <= 0.3 s)")
    ram = "/dev/shm" if Path("/dev/shm").is_dir() else None
    letters = [d for d in sorted(folder.iterdir()) if d.is_dir() and ("letters" in d.name or "briefe" in d.name)]
    n_letters = sum(len(list(d.rglob("*.xml"))) for d in letters)
    print(f"CLI batches write to {ram or tempfile.gettempdir()}")
    for label, inputs, total in (("letters", letters, n_letters),
                                 ("everything", [folder], len(list(folder.rglob("*.xml"))))):
        for jobs in (1, 2):
            def batch(inputs=inputs, jobs=jobs) -> None:
                with tempfile.TemporaryDirectory(dir=ram) as out:
                    subprocess.run([sys.executable, "-m", "teitools.cli", "render", *map(str, inputs), "--to",
                                    "html", "-o", out, "-j", str(jobs), "-q"], capture_output=True, check=True)
            t = min(_timed(batch) for _ in range(3))
            print(f"CLI batch -j {jobs}, {label}: {total} documents in {t:.1f} s = {total / t:,.0f} docs/s"
                  + ("  (target >= 1,000 letters/s)" if label == "letters" else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
