"""tei_all's grammar and its embedded Schematron over the corpora: teitools (cold, -j 2, warm worker) next to the
Java-free reference pair measured in the same run — jing for the grammar, Saxon-HE (saxonche, the test oracle)
running the same patterns through lxml's ISO skeleton for the Schematron. Prints seconds, peak memory (the
largest process) and the ratios.

Run: python3 bench/schematron_bench.py [--every N]   (needs ../shared, jing and saxonche; N: every Nth corpus file,
default 3)
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SCHEMA = SHARED / "schemas" / "tei_all-4.12.0.rng"
SAXON_RUN = r"""
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from tests.test_schematron import saxon_schematron
run = saxon_schematron(Path(sys.argv[2]))
for line in sys.stdin:
    run(Path(line.strip()))
"""


def measured(cmd: list[str], stdin: str | None = None) -> tuple[float, float]:
    """(seconds, peak resident MB) of one command, its children included."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE if stdin is not None else None, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, text=True)
    if stdin is not None:
        proc.stdin.write(stdin)  # type: ignore[union-attr]
        proc.stdin.close()  # type: ignore[union-attr]
    _, _, usage = os.wait4(proc.pid, 0)
    return time.perf_counter() - t0, usage.ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--every", type=int, default=3)
    args = parser.parse_args()
    jing = shutil.which("jing")
    try:
        import saxonche  # noqa: F401
    except ImportError:
        saxonche = None
    if not SCHEMA.exists() or not jing or saxonche is None:
        print("needs ../shared/schemas/tei_all-4.12.0.rng, jing and saxonche (pip install saxonche)")
        return 1
    files = [str(p) for p in sorted((SHARED / "corpora").glob("*/*.xml"))[::args.every]]
    print(f"{len(files)} corpus files (every {args.every}th), tei_all 4.12.0 grammar + its 93 embedded patterns")

    from lxml import etree

    from teitools.validation.embedded import embedded_schematron

    with tempfile.TemporaryDirectory() as tmp:
        sch = Path(tmp) / "tei_all-embedded.sch"
        sch.write_bytes(etree.tostring(embedded_schematron(etree.parse(str(SCHEMA)))))
        jing_s, jing_mb = measured([jing, str(SCHEMA), *files])
        saxon_s, saxon_mb = measured([sys.executable, "-c", SAXON_RUN, str(ROOT), str(sch)], "\n".join(files))
    pair = jing_s + saxon_s
    print(f"jing (grammar):                       {jing_s:6.1f} s  {jing_mb:6.0f} MB")
    print(f"Saxon-HE + ISO skeleton (Schematron): {saxon_s:6.1f} s  {saxon_mb:6.0f} MB")
    print(f"the reference pair:                   {pair:6.1f} s")

    tt = [sys.executable, "-m", "teitools.cli", "validate", "--schema", str(SCHEMA), "--no-rules", "-q"]
    one = files[0]
    cold_one = min(measured([*tt, one])[0] for _ in range(3))
    print(f"teitools one file, new process:       {cold_one:6.2f} s  (target <= 0.5 s)")
    for jobs in (1, 2):
        secs, mb = measured([*tt, "-j", str(jobs), *files])
        print(f"teitools cold -j {jobs}:{'':20}{secs:6.1f} s  {mb:6.0f} MB  -> {pair / secs:.1f}x the pair")
    subprocess.run([*tt, "--stop-worker"], capture_output=True)
    measured([*tt, "--warm", one])
    from teitools.validation import worker

    for _ in range(120):  # the worker starts in the background; it listens once its grammar is ready
        if worker.socket_path(str(SCHEMA)).exists():
            break
        time.sleep(1.0)
    warm, _ = min(measured([*tt, "--warm", *files]) for _ in range(2))
    print(f"teitools warm worker:                 {warm:6.1f} s          -> {pair / warm:.1f}x the pair "
          f"(target >= 5x)")
    subprocess.run([*tt, "--stop-worker"], capture_output=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
