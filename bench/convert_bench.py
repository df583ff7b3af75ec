"""Convert throughput: records/s for `convert` on the samples ×N, next to lxml parse+serialize of the output.

Run: python3 bench/convert_bench.py [REPEAT]   (default 100; reads ../shared/samples, ../shared/dev-letters
and samples/)
Prints the ratio to the lxml floor measured in the same run (rounds interleaved, medians), and the cold
start of `teitools --help`.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

from lxml import etree

from teitools.conversion import convert
from teitools.xml import serialize

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    repeat = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    shared = ROOT.parent / "shared"
    files = sorted((shared / "samples").rglob("*.txt")) + sorted((shared / "dev-letters").glob("*.txt")) + \
        sorted((ROOT / "samples").glob("*.txt"))
    texts = [f.read_text(encoding="utf-8") for f in files]
    outputs = [serialize(convert(t)) for t in texts]
    n = len(texts) * repeat
    # rounds of len(texts) records; the median round is reported (this machine's speed drifts by +-20 %)
    conv_rounds, floor_rounds = [], []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for t in texts:
            serialize(convert(t))
        conv_rounds.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        for data in outputs:
            etree.tostring(etree.fromstring(data))
        floor_rounds.append(time.perf_counter() - t0)
    conv = statistics.median(conv_rounds) * repeat
    floor = statistics.median(floor_rounds) * repeat
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "teitools.cli", "--help"], capture_output=True, check=True)
    helptime = time.perf_counter() - t0
    print(f"records: {len(texts)} x {repeat} = {n}")
    print(f"convert (read + encode + serialize): {n / conv:,.0f} records/s (median round; best "
          f"{len(texts) / min(conv_rounds):,.0f})  (target >= 500)")
    print(f"lxml parse + serialize of the output: {n / floor:,.0f} records/s")
    print(f"ratio convert / lxml floor: {conv / floor:.1f}x slower")
    print(f"teitools --help cold: {helptime:.2f} s  (target <= 0.3 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
