"""Pathological inputs: time per doubling for each shape the converter's grammars read, and peak memory for big inputs.

Run: python3 bench/hostile_bench.py [--size N] [--memory MB]
Each shape is converted at size N and 2N (characters of the shape) in a fresh process, and the ratio of the two times
is printed (target <= 2.5 per doubling: linear time). With --memory MB (default 0 = skip), a letter of about MB
megabytes is converted, and a TEI file of about MB megabytes rendered to HTML and to text, each in a fresh process,
and the peak resident memory is printed with its ratio to the input's size (target <= 10).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

HEADER = "Title: Letter from A to B\nDate: 3 June 1911\n\n"

# each shape: a unit repeated to the size asked for inside a paragraph of a letter, and what follows it there
SHAPES = {
    "bracket pairs": ("a [b] ", ""),
    "spaces in a line": (" ", ""),
    "spaces before [sic]": (" ", "[sic]"),
    "footnote calls": ("word[1] ", "\n\n[1] The note."),
    "e-mail markers": ("[email\u00a0protected] ", ""),
    "long word": ("a", ""),
    ". . . runs": (". ", ""),
    "[[[[": ("[", ""),
    "]]]]": ("]", ""),
    "open brackets with words": ("[a ", ""),
    "lines": ("word\n", ""),
    "paragraphs": ("word\n\n", ""),
}

CHILD = r"""
import resource, sys, time
from pathlib import Path
from teitools.conversion import convert_data
from teitools.files import write_output
from teitools.resources import read_input
path = Path(sys.argv[1])
t0 = time.perf_counter()
rec, tei = convert_data(read_input(path), name=str(path))
out = path.with_suffix(".xml")
write_output(out, tei, inputs=set(), force=True)  # as the command writes it: a big record as it is encoded
took = time.perf_counter() - t0
print(took, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024, out.stat().st_size)
"""

RENDER_CHILD = r"""
import resource, sys, time
from pathlib import Path
from teitools.files import write_output
from teitools.rendering.site import render_file
t0 = time.perf_counter()
result = render_file(Path(sys.argv[1]), sys.argv[2])
assert result.output is not None, result.error
out = Path(sys.argv[3])
write_output(out, result.content(), inputs=set(), force=True)  # as the command writes it: a big one streamed
took = time.perf_counter() - t0
print(took, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024, out.stat().st_size)
"""

BASE = r"""
import resource, sys
import teitools.conversion, teitools.rendering.site
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
"""


def body(unit: str, tail: str, size: int) -> str:
    text = (unit * (size // len(unit) + 1))[:size]
    return HEADER + "Dear B,\n\nThe text " + text + tail + " ends here.\n\nYours, A\n"


def run(code: str, *args: str) -> tuple[float, int, int]:
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True)
    took, peak, size = out.stdout.split()
    return float(took), int(peak), int(size)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=400_000, help="characters of each shape at the smaller size")
    parser.add_argument("--memory", type=int, default=0, help="MB of the big inputs for the memory figures")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    args = parser.parse_args()
    results = {}
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        print(f"{'shape':28} {'N':>10} {'time N':>9} {'time 2N':>9} {'ratio':>6}")
        for name, (unit, tail) in SHAPES.items():
            times = []
            for size in (args.size, 2 * args.size):
                path = Path(tmp, "shape.txt")
                path.write_text(body(unit, tail, size), encoding="utf-8")
                times.append(min(run(CHILD, str(path))[0] for _ in range(2)))
            ratio = times[1] / max(times[0], 1e-6)
            worst = max(worst, ratio)
            results[name] = {"size": args.size, "seconds": times, "ratio": ratio}
            print(f"{name:28} {args.size:>10,} {times[0]:>8.2f}s {times[1]:>8.2f}s {ratio:>6.2f}")
        print(f"worst ratio per doubling: {worst:.2f}  (target <= 2.5)")
        if args.memory:
            base = int(subprocess.run([sys.executable, "-c", BASE], capture_output=True, text=True,
                                      check=True).stdout)
            print(f"\nmemory, {args.memory} MB inputs (peak RSS; the interpreter with teitools loaded: "
                  f"{base / 2**20:.0f} MB)")
            letter = Path(tmp, "big.txt")
            paragraph = ("The Comrade [Filippov] wrote to the Com[rade] in Moscow [illegible] about the "
                         "C[entral] C[ommittee] and the matter [sic] of the day.[1]\n\n")
            letter.write_text(HEADER + "Dear B,\n\n" + paragraph * (args.memory * 2**20 // len(paragraph))
                              + "Yours, A\n\n[1] The note.\n", encoding="utf-8")
            size = letter.stat().st_size
            took, peak, out = run(CHILD, str(letter))
            tei = letter.with_suffix(".xml")  # the TEI the child wrote: rendered next
            print(f"{'convert':20} input {size / 2**20:7.1f} MB  {took:6.1f} s  peak {peak / 2**20:7.0f} MB  "
                  f"{peak / size:5.1f}x the input")
            results["memory"] = {"convert": {"input": size, "seconds": took, "peak": peak}}
            tsize = tei.stat().st_size
            for to in ("html", "text", "markdown"):
                took, peak, out = run(RENDER_CHILD, str(tei), to, str(Path(tmp, "big.out")))
                print(f"{'render ' + to:20} input {tsize / 2**20:7.1f} MB  {took:6.1f} s  peak {peak / 2**20:7.0f} MB  "
                      f"{peak / tsize:5.1f}x the input")
                results["memory"]["render " + to] = {"input": tsize, "seconds": took, "peak": peak}
    if args.json:
        print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
