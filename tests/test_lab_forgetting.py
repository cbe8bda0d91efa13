"""Lab 01 runs top to bottom and shows its lesson: fine-tuning on one task erases the others;
replay and routing keep every task."""

import pytest
from conftest import LESSON_RUNS

TASKS = ("recommendation", "order", "feedback")
METHODS = ("base", "naive", "mixed", "merged", "lora", "routed")


@pytest.mark.lab
@pytest.mark.parametrize(("seed", "fast"), LESSON_RUNS)
def test_forgetting_and_its_remedies(lab_run, seed, fast):
    m = lab_run("forgetting", seed=seed, fast=fast).metrics
    for method in METHODS:
        for task in TASKS:
            assert 0.0 <= m[f"{method}/{task}"] <= 1.0, f"{method}/{task}"
    # the starting point: two tasks known, one not
    assert m["base/recommendation"] >= 0.9
    assert m["base/feedback"] >= 0.9
    assert m["base/order"] <= 0.3
    # order-only fine-tuning learns orders and forgets the rest
    assert m["naive/order"] >= 0.8
    assert m["naive/recommendation"] <= m["base/recommendation"] - 0.5
    assert m["naive/feedback"] <= m["base/feedback"] - 0.5
    # the two plain remedies keep every task
    for method in ("mixed", "routed"):
        for task in TASKS:
            assert m[f"{method}/{task}"] >= 0.8, f"{method}/{task} = {m[f'{method}/{task}']:.2f}"


@pytest.mark.lab
def test_lab_draws_the_figures_the_site_embeds(lab_run):
    figures = lab_run("forgetting").figures()
    assert {"forgetting-curve", "replay-sweep", "wise-ft", "remedies-comparison"} <= set(figures)


@pytest.mark.lab
def test_reference_solutions_pass_their_checks(lab_run):
    checks = lab_run("forgetting").checks
    assert checks == {"exercise 1": "pass", "exercise 2": "pass", "exercise 3": "pass"}
