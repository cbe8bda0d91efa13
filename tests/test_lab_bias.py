"""Lab 02 runs top to bottom and shows its lesson: naive over-corrects, CDA + replay balances
the CEO without hurting perplexity by more than 10 %."""

import pytest
from conftest import LESSON_RUNS


@pytest.mark.lab
@pytest.mark.parametrize(("seed", "fast"), LESSON_RUNS)
def test_curated_fine_tuning_lesson(lab_run, seed, fast):
    m = lab_run("bias", seed=seed, fast=fast).metrics
    for recipe in ("base", "naive", "cda", "cda_replay"):
        for key in ("ceo_male_share", "nurse_male_share"):
            assert 0.0 <= m[f"{recipe}/{key}"] <= 1.0
        assert m[f"{recipe}/perplexity"] > 1.0
    assert m["base/ceo_male_share"] >= 0.75
    assert m["naive/ceo_male_share"] <= 0.2
    assert abs(m["cda_replay/ceo_male_share"] - 0.5) <= 0.15
    assert m["cda_replay/perplexity"] <= 1.10 * m["base/perplexity"]


@pytest.mark.lab
def test_reference_solutions_pass_their_checks(lab_run):
    checks = lab_run("bias").checks
    assert checks == {"exercise 1": "pass", "exercise 2": "pass", "exercise 3": "pass"}
