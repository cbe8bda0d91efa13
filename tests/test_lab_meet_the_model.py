"""Lab 00 runs top to bottom; its measured ranges are asserted for every lab by
tests/test_exercises.py (from lab.toml). Here: what is not a range, and whether the graded
answers differ from student to student."""

import pytest
from conftest import LESSON_RUNS

from labtools.registry import find_lab, read_notebook
from labtools.student import derived_seed
from tiny_models.labkit import LabSettings


@pytest.mark.lab
@pytest.mark.parametrize(("seed", "fast"), LESSON_RUNS)
def test_speed_is_measured(lab_run, seed, fast):
    m = lab_run("meet_the_model", seed=seed, fast=fast).metrics
    assert m["latency_ms"] > 0 and m["throughput_qps"] > 0


@pytest.mark.lab
@pytest.mark.parametrize(("seed", "fast"), LESSON_RUNS)
def test_one_training_step_lowers_the_loss_on_its_batch(lab_run, seed, fast):
    m = lab_run("meet_the_model", seed=seed, fast=fast).metrics
    assert m["one_step/loss_drop"] > 0.05


def graded_answers(seeds: list[int], fast: bool = True) -> dict[int, dict[str, frozenset]]:
    """Each seed's answers to the graded exercises, computed in this process with the lab's own
    cells: its imports and model, the cell that draws the held-out queries, and from the
    exercises on every cell but the learner's (``exercise``) and the checks. One model load,
    no kernel."""
    cells = [c for c in read_notebook(find_lab("meet_the_model")).cells if c.cell_type == "code"]
    first_exercise = next(i for i, c in enumerate(cells) if "exercise" in c.metadata.get("tags", []))
    draw = next(c for c in cells if c.source.startswith("n_eval ="))
    setup = cells[0].source.replace("settings = lab_settings()", "settings = lab_settings(show_versions=False)")
    namespace: dict = {}
    exec(setup, namespace)
    exec(cells[1].source, namespace)  # load the model
    answers = {}
    for seed in seeds:
        namespace["settings"] = LabSettings(seed=seed, fast=fast)
        exec(draw.source, namespace)
        for cell in cells[first_exercise - 1 :]:
            if not {"exercise", "check"} & set(cell.metadata.get("tags", [])):
                exec(cell.source, namespace)
        answers[seed] = {
            "exercise 1": frozenset(namespace["copied_budgets"]),
            "exercise 2": frozenset(namespace["copied_ids"]),
        }
    return answers


@pytest.mark.lab
def test_no_two_students_share_a_graded_answer():
    """Issue 17: an answer copied from another student must fail. 40 students' derived seeds,
    fast mode (the smaller samples, so the harder case)."""
    seeds = [derived_seed(f"student{i:02d}") for i in range(40)]
    assert len(set(seeds)) == 40
    answers = graded_answers(seeds)
    for exercise in ("exercise 1", "exercise 2"):
        values = [answers[seed][exercise] for seed in seeds]
        assert all(values), f"{exercise}: an empty answer, which every such student would share"
        assert len(set(values)) == len(values), f"{exercise}: two students share an answer"
