"""Lab 04 runs top to bottom and shows its lesson: facts in the context are right at once after
an update and on new products; facts in the weights are learned, then go stale until retrained;
with retrieval, accuracy follows retrieval precision."""

import pytest
from conftest import LESSON_RUNS


@pytest.mark.lab
@pytest.mark.parametrize(("seed", "fast"), LESSON_RUNS)
def test_what_the_ranges_cannot_say(lab_run, seed, fast):
    """The lesson's ranges (lab.toml) are asserted for every lab in tests/test_exercises.py;
    here, the comparisons between recorded numbers."""
    m = lab_run("facts", seed=seed, fast=fast).metrics
    # near-miss distractors beside the right line are measured, and cost accuracy, not add it
    for k in range(1, 4):
        assert 0.0 <= m[f"distractors/{k}"] <= m["distractors/0"], k
    # an update costs a re-index for the context, a training run for the weights
    assert m["retrain_seconds"] > 100 * m["reindex_ms"] / 1000
    # one phrasing per fact instead of eight: far fewer right answers in new words (the chapter
    # and lab 05 cite this; normal seeds 0-3 measured 0.19-0.40 against 1.0)
    assert m["weights_one_phrasing/heldout_phrasings"] <= m["weights/heldout_phrasings"] - 0.3


@pytest.mark.lab
def test_lab_draws_the_figures_the_site_embeds(lab_run):
    figures = lab_run("facts").figures()
    assert {"after-the-update", "retrieval-precision"} <= set(figures)


@pytest.mark.lab
def test_reference_solutions_pass_their_checks(lab_run):
    checks = lab_run("facts").checks
    assert checks == {"exercise 1": "pass", "exercise 2": "pass", "exercise 3": "pass"}


def test_each_student_gets_other_products():
    """Issue 17: the graded answers are sets of the student's own products (exercises 1 and 3:
    changed ones quoted at the old price, unchanged ones the patch lost) and the prices its model
    states for the changed ones (exercise 2). Products and changes are drawn from the seed, so
    copied answers name another student's products; only two subsets that happen to coincide
    could match. Over the derived seeds of a class, no two students get the same changed or
    unchanged products."""
    from labtools.student import derived_seed
    from tiny_models.tasks import catalogue

    n_students = 40
    groups = []
    for i in range(n_students):
        seed = derived_seed(f"student{i:02d}")
        shop = catalogue.make_catalogue(24, seed=seed)
        _, changed = catalogue.change_prices(shop, 0.25, seed=seed)
        groups.append((frozenset(changed), frozenset(p.name for p in shop) - frozenset(changed)))
    for k in (0, 1):
        assert len({g[k] for g in groups}) == n_students
