"""Shared fixtures: the real data in ../shared (skipped when absent) and tei_all compiled once."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SAMPLES = SHARED / "samples"
TEI_ALL = SHARED / "schemas" / "tei_all.rng"


def shared_samples() -> list[Path]:
    if not SAMPLES.is_dir():
        return []
    return [SAMPLES / "sheng-1934.txt", *sorted((SAMPLES / "records").glob("*.txt"))]


def own_samples() -> list[Path]:
    return sorted((ROOT / "samples").glob("*.txt"))


@pytest.fixture(scope="session")
def tei_all():
    if not TEI_ALL.is_file():
        pytest.skip("../shared/schemas/tei_all.rng is not present")
    from lxml import etree

    return etree.RelaxNG(etree.parse(str(TEI_ALL)))


@pytest.fixture(scope="session")
def profile():
    """The teitools TEI profile, compiled once; ``profile(tree)`` → its error messages with lines."""
    from teitools.validation import PROFILE
    from teitools.validation.findings import FileReport
    from teitools.validation.schemas import SchemaCache

    schema = SchemaCache().get(PROFILE)

    def errors(tree) -> list[str]:
        report = FileReport("<tree>")
        schema.check(tree, report)
        return [f"{f.line}: {f.message}" for f in report.findings]

    return errors


needs_shared = pytest.mark.skipif(not SAMPLES.is_dir(), reason="../shared/samples is not present")
