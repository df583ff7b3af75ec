"""teitools site over the corpora: a full build (pages, registers, index, search index) at -j 2, then a rebuild
after one file changed; seconds and peak memory (the largest process).

Run: python3 bench/site_bench.py [FOLDER]   (default ../shared/corpora; it is copied first, so one file can change)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def measured(cmd: list[str]) -> tuple[float, float, str]:
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    _, _, usage = os.wait4(proc.pid, 0)
    return time.perf_counter() - t0, usage.ru_maxrss / 1024, proc.stderr.read().strip().splitlines()[-1]


def main() -> int:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "corpora"
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        shutil.copytree(source, corpus)
        files = sorted(corpus.rglob("*.xml"))
        site = Path(tmp) / "site"
        cmd = [sys.executable, "-m", "teitools.cli", "site", str(corpus), "-o", str(site), "-j", "2", "-q"]
        secs, mb, _ = measured([*cmd[:-1]])
        print(f"{len(files)} files, full build -j 2 (pages, registers, index, search): {secs:.1f} s, {mb:.0f} MB "
              f"(target <= 60 s)")
        one = files[len(files) // 2]
        one.write_text(one.read_text(encoding="utf-8").replace("</TEI>", "<!-- changed --></TEI>", 1),
                       encoding="utf-8")
        secs, mb, summary = measured(cmd[:-1])
        print(f"rebuild after one file changed: {secs:.1f} s, {mb:.0f} MB ({summary}) (target <= 5 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
