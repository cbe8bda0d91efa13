"""Lab 03 runs top to bottom and shows what it says: a student over 10x smaller, taught by the
teacher's replies, keeps 90 % of the teacher, beats scarce noisy human labels and a bigger
generalist, and is faster (though far less than it is smaller)."""

import pytest
from conftest import LESSON_RUNS


@pytest.mark.lab
@pytest.mark.parametrize(("seed", "fast"), LESSON_RUNS)
def test_small_distilled_student_keeps_most_of_the_teacher(lab_run, seed, fast):
    m = lab_run("distillation", seed=seed, fast=fast).metrics
    for key in ("teacher/accuracy", "student_gold/accuracy", "student_distilled/accuracy", "generalist/accuracy"):
        assert 0.0 <= m[key] <= 1.0
    assert m["teacher/params"] >= 10 * m["student/params"]
    assert m["student_distilled/accuracy"] >= 0.9 * m["teacher/accuracy"]
    assert m["student_distilled/accuracy"] >= m["student_gold/accuracy"] + 0.1
    assert m["generalist/params"] > m["student/params"]
    assert m["student_distilled/accuracy"] > m["generalist/accuracy"]
    assert m["latency_ratio"] >= 2


@pytest.mark.lab
def test_reference_solutions_pass_their_checks(lab_run):
    checks = lab_run("distillation").checks
    assert checks == {"exercise 1": "pass", "exercise 2": "pass", "exercise 3": "pass"}
