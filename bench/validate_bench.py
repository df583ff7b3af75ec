"""Validation speed against tei_all: one file cold (new process) and batch, teitools next to jing.

Run: python3 bench/validate_bench.py   (needs ../shared/schemas/tei_all.rng; jing where Java is present)
Prints seconds and ratios to jing measured in the same run: one file in a new process with the grammar specialised
to the file's vocabulary (the default), with the whole grammar compiled, and through the warm worker (--warm); then
tei_all 4.12.0 with its embedded Schematron over the corpora next to jing + Saxon-HE (``schematron_bench.py``).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SCHEMA = SHARED / "schemas" / "tei_all.rng"


def timed(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, capture_output=True)
    return time.perf_counter() - t0


def main() -> int:
    if not SCHEMA.exists():
        print("no ../shared/schemas/tei_all.rng")
        return 1
    folders = [SHARED / "corpora" / f for f in ("letters-sample", "correspdesc-examples", "cody-letters")]
    files = [str(p) for f in folders for p in sorted(f.glob("*.xml"))]
    one = files[0]
    tt = [sys.executable, "-m", "teitools.cli", "validate", "--schema", str(SCHEMA), "-q"]
    subprocess.run([*tt, "--stop-worker", one], capture_output=True)
    time.sleep(0.5)
    cold = min(timed([*tt, one]) for _ in range(3))
    print(f"one file, new process, no worker (grammar specialised): {cold:.2f} s  (target <= 0.8 s)")
    full = timed([*tt, "--no-specialize", one])
    print(f"one file, new process, whole tei_all compiled:          {full:.2f} s")
    first = timed([*tt, "--warm", one])
    from teitools.validation import worker

    for _ in range(90):  # the worker starts in the background; it listens once its grammar is ready
        if worker.socket_path(str(SCHEMA)).exists():
            break
        time.sleep(1.0)
    warm = min(timed([*tt, "--warm", one]) for _ in range(5))
    print(f"one file, new process, first --warm run:             {first:.2f} s")
    print(f"one file, new process, warm worker:                   {warm:.2f} s  (target <= 0.8 s)")
    jing = shutil.which("jing")
    if jing:
        jing_one = min(timed([jing, str(SCHEMA), one]) for _ in range(3))
        print(f"one file, jing:{'':39}{jing_one:.2f} s  -> teitools {jing_one / cold:.1f}x faster without a worker, "
              f"{jing_one / warm:.1f}x with one")
    batch = {}
    for jobs in (1, 2):
        batch[jobs] = timed([*tt, "-j", str(jobs), "--no-rules", *files])
        print(f"batch {len(files)} files, -j {jobs}: "
              f"{batch[jobs]:.2f} s")
    # best of 3 for both sides: the machine's speed drifts between runs
    warm_batch = min(timed([*tt, "--warm", "--no-rules", *files]) for _ in range(3))
    print(f"batch {len(files)} files, warm worker: {warm_batch:.2f} s")
    # jing checks the schema only, so the figures above leave out teitools' rule checks; with them (the default):
    ruled = min(timed([*tt, "-j", "2", *files]) for _ in range(2))
    warm_ruled = min(timed([*tt, "--warm", *files]) for _ in range(3))
    print(f"with the rule checks too (the default): -j 2 {ruled:.2f} s, warm worker {warm_ruled:.2f} s")
    if jing:
        jb = min(timed([jing, str(SCHEMA), *files]) for _ in range(3))
        print(f"batch {len(files)} files, jing: {jb:.2f} s  -> teitools -j 2 {jb / batch[2]:.2f}x, warm "
              f"{jb / warm_batch:.1f}x jing's speed")
    # the grammar and its embedded Schematron over the corpora, next to jing + Saxon-HE (bench/schematron_bench.py)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from schematron_bench import main as side_by_side

    print()
    sys.argv = sys.argv[:1]
    return side_by_side()


if __name__ == "__main__":
    sys.exit(main())
