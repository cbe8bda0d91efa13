"""Lab 04 runs top to bottom and shows its lesson: facts in the context are right at once after
an update and on new products; facts in the weights are learned, then go stale until retrained;
with retrieval, accuracy follows retrieval precision."""

import pytest
from conftest import LESSON_RUNS


@pytest.mark.lab
@pytest.mark.parametrize(("seed", "fast"), LESSON_RUNS)
def test_facts_in_the_context_keep_up_and_facts_in_the_weights_go_stale(lab_run, seed, fast):
    m = lab_run("facts", seed=seed, fast=fast).metrics
    # the controls: the reader reads, and knows no price of this shop by heart
    assert m["reader/reading"] >= 0.9
    assert m["reader/closed_book"] <= 0.1
    # facts in the weights: learned, on trained and on new phrasings
    assert m["weights/trained_phrasings"] >= 0.9
    assert m["weights/heldout_phrasings"] >= 0.9
    # the paraphrase control is measured (its size depends on the seed, its sign should not)
    assert m["paraphrase_gain"] >= 0.0
    # facts in the context: right now, after the update, and on new products
    assert m["context/top1_precision"] == 1.0
    assert m["context/heldout_phrasings"] >= 0.9
    for group in ("changed", "unchanged", "new"):
        assert m[f"context_after/{group}"] >= 0.9, group
    # facts in the weights go stale: old prices until retrained, nothing on new products
    assert m["stale/changed"] <= 0.3
    assert m["stale/old_price_share"] >= 0.5
    assert m["stale/new"] <= 0.34  # a new product's price can only be a lucky guess
    assert m["retrained/changed"] >= 0.8
    assert m["retrained/new"] >= 0.8
    # accuracy follows top-1 precision, and near-miss distractors do not confuse the reader
    for p in (0.0, 0.2, 0.4, 0.6, 0.8, 1.0):
        assert abs(m[f"precision_curve/{p:.1f}"] - p) <= 0.1, p
    # the right line alone is read; near-miss distractors beside it are measured, not hidden
    assert m["distractors/0"] >= 0.9
    for k in range(1, 4):
        assert 0.0 <= m[f"distractors/{k}"] <= m["distractors/0"], k
    # the costs are measured
    assert m["added_prompt_tokens"] > 5
    assert m["retrain_seconds"] > 100 * m["reindex_ms"] / 1000
    assert m["peak_rss_mb"] <= 1024


@pytest.mark.lab
def test_lab_draws_the_figures_the_site_embeds(lab_run):
    figures = lab_run("facts").figures()
    assert {"after-the-update", "retrieval-precision"} <= set(figures)


@pytest.mark.lab
def test_reference_solutions_pass_their_checks(lab_run):
    checks = lab_run("facts").checks
    assert checks == {"exercise 1": "pass", "exercise 2": "pass", "exercise 3": "pass"}
