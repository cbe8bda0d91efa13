"""Lab 03 runs top to bottom and shows what it says: a student over 10x smaller, taught by the
teacher's replies, keeps most of the teacher, beats scarce noisy human labels and a bigger
generalist, and is faster (though far less than it is smaller). Each metric's own range is in
labs/03_distillation/lab.toml (asserted by tests/test_exercises.py); here, the comparisons
between models that make the lesson."""

import pytest
from conftest import LESSON_RUNS


@pytest.mark.lab
@pytest.mark.parametrize(("seed", "fast"), LESSON_RUNS)
def test_small_distilled_student_keeps_most_of_the_teacher(lab_run, seed, fast):
    m = lab_run("distillation", seed=seed, fast=fast).metrics
    assert m["teacher/params"] >= 10 * m["student/params"]
    assert m["student_distilled/accuracy"] >= 0.9 * m["teacher/accuracy"]
    assert m["student_distilled/accuracy"] >= m["student_gold/accuracy"] + 0.1
    assert m["generalist/params"] > m["student/params"]
    assert m["student_distilled/accuracy"] > m["generalist/accuracy"]
    # faster per query, but by far less than the size ratio
    assert 1 < m["latency_ratio"] < m["size_ratio"]


@pytest.mark.lab
def test_reference_solutions_pass_their_checks(lab_run):
    checks = lab_run("distillation").checks
    assert checks == {"exercise 1": "pass", "exercise 2": "pass", "exercise 3": "pass"}
