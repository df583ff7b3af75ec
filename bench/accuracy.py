"""Per-field and per-edition accuracy of ``teitools convert`` on records with expected values.

    python bench/accuracy.py [FOLDER ...]     (default: ../shared/dev-letters and ../shared/samples/records)

Scores each record with the reference scorer ``../shared/tools/score_convert.py`` (the same fields and rules),
converting in this process; an edition is a record id's prefix (``calvin-003`` → calvin). Prints a table per
folder and the overall score (the mean of the field means), as the scorer does.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from collections import defaultdict
from pathlib import Path

from teitools.conversion import convert

SHARED = Path(__file__).resolve().parents[2] / "shared"
FOLDERS = [SHARED / "dev-letters", SHARED / "samples" / "records"]


def scorer():
    spec = importlib.util.spec_from_file_location("score_convert", SHARED / "tools" / "score_convert.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def score_folder(folder: Path) -> dict:
    """{"fields": {field: mean}, "editions": {edition: {"fields": …, "score": …}}, "score": …}."""
    sc = scorer()
    per_edition: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for txt in sorted(folder.glob("*.txt")):
        gold_path = txt.with_suffix(".json")
        if not gold_path.exists():
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        scores = sc.score_record(convert(txt), gold)
        edition = txt.stem.rsplit("-", 1)[0]
        for name, value in scores.items():
            if value is not None:
                per_edition[edition][name].append(value)
    fields: dict[str, list[float]] = defaultdict(list)
    editions = {}
    for edition, by_field in sorted(per_edition.items()):
        means = {k: _mean(v) for k, v in sorted(by_field.items())}
        editions[edition] = {"fields": means, "score": _mean(list(means.values()))}
        for k, v in by_field.items():
            fields[k] += v
    field_means = {k: _mean(v) for k, v in sorted(fields.items())}
    return {"fields": field_means, "editions": editions, "score": _mean(list(field_means.values()))}


def main(argv: list[str]) -> int:
    folders = [Path(a) for a in argv] or FOLDERS
    for folder in folders:
        if not folder.is_dir():
            print(f"{folder}: not found")
            return 1
        result = score_folder(folder)
        names = list(result["fields"])
        print(f"\n{folder.name}")
        print(f"{'edition':<12}" + "".join(f"{n[:9]:>10}" for n in names) + f"{'score':>8}")
        for edition, r in result["editions"].items():
            cells = "".join(f"{r['fields'][n]:>10.2f}" if n in r["fields"] else f"{'–':>10}" for n in names)
            print(f"{edition:<12}{cells}{r['score']:>8.3f}")
        print(f"{'all':<12}" + "".join(f"{result['fields'][n]:>10.2f}" for n in names) + f"{result['score']:>8.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
