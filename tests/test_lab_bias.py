"""Lab 02 runs top to bottom and shows its lesson: naive over-corrects, CDA + replay balances
the CEO at a smaller cost in perplexity than CDA alone. Each metric's own range is in
labs/02_bias/lab.toml (asserted by tests/test_exercises.py); here, the comparisons between
recipes that make the lesson."""

import pytest
from conftest import LESSON_RUNS


@pytest.mark.lab
@pytest.mark.parametrize(("seed", "fast"), LESSON_RUNS)
def test_curated_fine_tuning_lesson(lab_run, seed, fast):
    m = lab_run("bias", seed=seed, fast=fast).metrics
    # every curated fine-tune moves the CEO away from the base's skew; naive overshoots past 0.5
    for recipe in ("naive", "cda", "cda_replay"):
        assert m[f"{recipe}/ceo_male_share"] < m["base/ceo_male_share"] - 0.15, recipe
    assert m["naive/ceo_male_share"] < m["cda_replay/ceo_male_share"] - 0.2
    # replay is what keeps the model's general fit: it costs less perplexity than CDA alone
    assert m["cda_replay/perplexity"] < m["cda/perplexity"]
    assert m["cda_replay/perplexity"] <= 1.10 * m["base/perplexity"]


@pytest.mark.lab
def test_reference_solutions_pass_their_checks(lab_run):
    checks = lab_run("bias").checks
    assert checks == {"exercise 1": "pass", "exercise 2": "pass", "exercise 3": "pass"}
