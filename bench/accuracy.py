"""Per-field accuracy of `teitools convert` on the samples' expected values (../shared/samples/**/*.json)."""

from __future__ import annotations

import sys
from pathlib import Path

from teitools.evaluate import FIELDS, evaluate


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared" / "samples"
    results, overall = evaluate(folder)
    if not results:
        print(f"no expected values found under {folder}")
        return 1
    print(f"{'record':<12}" + " ".join(f[:6].rjust(6) for f in FIELDS))
    for name, r in results.items():
        print(f"{name:<12}" + " ".join(("ok" if r[f] else "MISS").rjust(6) for f in FIELDS))
    per_field = {f: sum(r[f] for r in results.values()) / len(results) for f in FIELDS}
    print("per field: " + ", ".join(f"{f} {v:.0%}" for f, v in per_field.items()))
    print(f"overall: {overall:.1%} of {sum(len(r) for r in results.values())} field checks")
    return 0


if __name__ == "__main__":
    sys.exit(main())
