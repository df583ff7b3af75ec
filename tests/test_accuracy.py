from teitools.evaluate import evaluate

from .conftest import SAMPLES, needs_shared


@needs_shared
def test_field_accuracy_on_samples_is_at_least_95_percent():
    results, overall = evaluate(SAMPLES)
    assert len(results) == 15
    assert overall >= 0.95, {k: [f for f, ok in r.items() if not ok] for k, r in results.items()}
