"""Lab 00 runs top to bottom and shows what it says: good at two tasks, bad at the third."""

import pytest
from conftest import LESSON_RUNS


@pytest.mark.lab
@pytest.mark.parametrize(("seed", "fast"), LESSON_RUNS)
def test_base_model_knows_two_tasks_of_three(lab_run, seed, fast):
    m = lab_run("meet_the_model", seed=seed, fast=fast).metrics
    assert m["base/recommendation"] >= 0.9
    assert m["base/feedback"] >= 0.9
    assert m["base/order"] <= 0.3
    assert m["params"] < 1_000_000
    assert m["latency_ms"] > 0 and m["throughput_qps"] > 0


@pytest.mark.lab
def test_reference_solutions_pass_their_checks(lab_run):
    checks = lab_run("meet_the_model").checks
    assert checks == {"exercise 1": "pass", "exercise 2": "pass"}
