"""Lab 01 runs top to bottom and shows its lesson: fine-tuning on one task erases the others;
replay and routing keep every task. Each metric's own range is in labs/01_forgetting/lab.toml
(asserted by tests/test_exercises.py); here, the comparisons between methods that make the lesson."""

import pytest
from conftest import LESSON_RUNS

OLD_TASKS = ("recommendation", "feedback")


@pytest.mark.lab
@pytest.mark.parametrize(("seed", "fast"), LESSON_RUNS)
def test_forgetting_and_its_remedies(lab_run, seed, fast):
    m = lab_run("forgetting", seed=seed, fast=fast).metrics
    for task in OLD_TASKS:
        # order-only fine-tuning forgets what the base knew ...
        assert m[f"naive/{task}"] <= m[f"base/{task}"] - 0.5, task
        # ... and the two plain remedies keep it
        for method in ("mixed", "routed"):
            assert m[f"{method}/{task}"] >= m[f"naive/{task}"] + 0.5, f"{method}/{task}"
    # every fine-tune that saw orders learned them, compared with the base
    for method in ("naive", "mixed", "routed"):
        assert m[f"{method}/order"] >= m["base/order"] + 0.5, method
    # the replay sweep: half old data keeps the worst task far better than none
    assert m["replay/0.5/min_task"] >= m["replay/0/min_task"] + 0.5


@pytest.mark.lab
def test_lab_draws_the_figures_the_site_embeds(lab_run):
    figures = lab_run("forgetting").figures()
    assert {"forgetting-curve", "replay-sweep", "wise-ft", "remedies-comparison"} <= set(figures)


@pytest.mark.lab
def test_reference_solutions_pass_their_checks(lab_run):
    checks = lab_run("forgetting").checks
    assert checks == {"exercise 1": "pass", "exercise 2": "pass", "exercise 3": "pass"}
