"""The exercise layer of every lab: checks that are fair, expected results kept in one place.

- Fair checks: in the fast lesson run (seed 1) every check is also applied to near-miss answers,
  which it must reject, and to answers found by other correct methods, which it must accept
  (``tests/exercise_variants/NN_slug.py`` computes them; see that package's docstring). This
  costs no extra lab run.
- Expected ranges: every ``[expected."metric"]`` range of a lab's ``lab.toml`` holds on both
  lesson runs (normal seed 0 and fast seed 1); the lab shows the same ranges beside its numbers.
"""

from __future__ import annotations

import ast

import pytest
from conftest import LESSON_RUNS, OTHER_SEED
from exercise_variants import KINDS, variant_results, variants_file

from labtools.registry import all_labs, find_lab, read_notebook

LABS = [lab.name for lab in all_labs()]
SINGULAR = {"near misses": "near miss", "alternatives": "alternative"}


def checked_exercises(name: str) -> list[str]:
    """Exercise names the lab's check cells pass to check_answer, read from the source."""
    names = []
    for cell in read_notebook(find_lab(name)).cells:
        if cell.cell_type == "code" and "check" in cell.metadata.get("tags", []):
            for node in ast.walk(ast.parse(cell.source)):
                if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "check_answer":
                    names.append(node.args[0].value)
    return names


def problems_with_variants(results: list[dict], exercises: list[str]) -> list[str]:
    """What is wrong with the variant verdicts of one run (empty if the checks are fair)."""
    problems = [f"{r['exercise']}: {r['label']}: {r['error']}" for r in results if r["kind"] == "error"]
    for exercise in exercises:
        mine = [r for r in results if r["exercise"] == exercise]
        for kind, must_pass in KINDS.items():
            rows = [r for r in mine if r["kind"] == kind]
            if not rows:
                problems.append(f"{exercise}: no {kind} were tried")
            for r in rows:
                if r["passed"] is not must_pass:
                    verdict = "accepted" if r["passed"] else f"rejected ({r['error'] or 'check said not yet'})"
                    problems.append(f"{exercise}: {SINGULAR[kind]} '{r['label']}' was {verdict}")
        if not any(r["kind"] == "randomness" and r["passed"] for r in mine):
            problems.append(f"{exercise}: the variants consumed randomness, so the lab's later numbers could change")
    return problems


@pytest.mark.parametrize("name", LABS)
def test_lab_toml_gives_points_to_every_checked_exercise(name):
    lab = find_lab(name)
    assert set(checked_exercises(name)) == set(lab.exercise_points), (
        f'labs/{lab.slug}/lab.toml: list each checked exercise as [exercises."exercise N"] points = N'
    )
    assert variants_file(lab.slug).exists(), f"add {variants_file(lab.slug)} with the near misses and alternatives"


@pytest.mark.lab
@pytest.mark.parametrize("name", LABS)
def test_checks_reject_near_misses_and_accept_other_methods(lab_run, name):
    run = lab_run(name, seed=OTHER_SEED, fast=True)
    problems = problems_with_variants(variant_results(run.notebook), checked_exercises(name))
    assert not problems, "\n".join(problems)


@pytest.mark.lab
@pytest.mark.parametrize("name", LABS)
@pytest.mark.parametrize(("seed", "fast"), LESSON_RUNS)
def test_recorded_metrics_fall_in_the_expected_ranges(lab_run, name, seed, fast):
    lab = find_lab(name)
    assert lab.expected, f'labs/{lab.slug}/lab.toml states no [expected."metric"] ranges'
    metrics = lab_run(name, seed=seed, fast=fast).metrics
    outside = {
        key: (metrics.get(key), low, high)
        for key, (low, high) in lab.expected.items()
        if key not in metrics or not low <= metrics[key] <= high
    }
    assert not outside, f"metric: (this run, min, max) in labs/{lab.slug}/lab.toml: {outside}"


def test_a_missing_or_unfair_variant_is_reported():
    """The verdict reader itself: a near miss accepted, an alternative rejected, a missing kind,
    consumed randomness and a variant function that failed are each reported."""
    fair = [
        {"exercise": "exercise 1", "kind": "near misses", "label": "off by one", "passed": False, "error": None},
        {"exercise": "exercise 1", "kind": "alternatives", "label": "regex", "passed": True, "error": None},
        {"exercise": "exercise 1", "kind": "randomness", "label": "r", "passed": True, "error": None},
    ]
    assert problems_with_variants(fair, ["exercise 1"]) == []
    accepted = [{**fair[0], "passed": True}, *fair[1:]]
    assert problems_with_variants(accepted, ["exercise 1"]) == ["exercise 1: near miss 'off by one' was accepted"]
    rejected = [fair[0], {**fair[1], "passed": False}, fair[2]]
    assert "alternative 'regex' was rejected" in problems_with_variants(rejected, ["exercise 1"])[0]
    assert problems_with_variants(fair[1:], ["exercise 1"]) == ["exercise 1: no near misses were tried"]
    assert "consumed randomness" in problems_with_variants(fair[:2], ["exercise 1"])[0]
    failed = [*fair, {"exercise": "exercise 1", "kind": "error", "label": "x", "error": "KeyError: 'model'"}]
    assert problems_with_variants(failed, ["exercise 1"]) == ["exercise 1: x: KeyError: 'model'"]
    assert problems_with_variants(fair, ["exercise 1", "exercise 2"])[0] == "exercise 2: no near misses were tried"


def test_expected_ranges_are_quoted_from_lab_toml():
    from site_hooks.lab_numbers import STYLES, format_range

    expected = find_lab("meet_the_model").expected
    low, high = expected["base/recommendation"]  # a share whose max is 1: "at least ..."
    assert format_range("meet_the_model", "base/recommendation") == f"at least {STYLES['pct'](low)}"
    low, high = expected["base/order"]  # a share whose min is 0: "at most ..."
    assert format_range("00", "base/order") == f"at most {STYLES['pct'](high)}"
    low, high = expected["params"]
    assert format_range("00_meet_the_model", "params", "int") == f"{low:,.0f} to {high:,.0f}"
    with pytest.raises(ValueError, match="states no expected range"):
        format_range("meet_the_model", "no/such/metric")
    with pytest.raises(ValueError, match="styles: pct"):
        format_range("meet_the_model", "params", "percent")


def test_the_lab_shows_its_run_beside_the_expected_ranges(capsys):
    from tiny_models.labkit import show_expected

    low, high = find_lab("meet_the_model").expected["base/recommendation"]
    show_expected("meet_the_model", {"base/recommendation": low - 0.01, "base/order": 0.0, "params": 118080})
    shown = capsys.readouterr().out
    assert "base/recommendation" in shown and "no: outside" in shown
    assert "| base/order | 0 |" in shown and "| params | 118,080 |" in shown
    with pytest.raises(LookupError, match="pass the lab's name"):
        show_expected("no_such_lab")


def test_the_inserted_cells_catch_a_variant_that_draws_random_numbers(tmp_path, monkeypatch):
    """The test-only cells themselves, run in this process: verdicts for each variant, and a
    variant that consumes randomness is reported (and the random state restored)."""
    import json
    import random

    import IPython.display
    from exercise_variants import SETUP, VARIANT_MIME

    module = tmp_path / "99_fake.py"
    module.write_text(
        "import random\n"
        "def exercise_1(lab):\n"
        "    return {'near misses': {'one less': lab.truth - 1}, 'alternatives': {'as float': float(lab.truth)}}\n"
        "def exercise_2(lab):\n"
        "    random.random()\n"
        "    return {'near misses': {}, 'alternatives': {}}\n"
        "VARIANTS = {'exercise 1': exercise_1, 'exercise 2': exercise_2}\n"
    )
    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda data, raw=False: shown.append(data[VARIANT_MIME]))
    namespace = {}
    exec(SETUP.replace("MIME", json.dumps(VARIANT_MIME)).replace("PATH", json.dumps(str(module))), namespace)
    check = namespace["__variants_recorder"](lambda *args: None)
    namespace["truth"] = 3
    for exercise in ("exercise 1", "exercise 2"):
        check(exercise, 3, lambda a: a == 3, "hint")
        before = random.getstate()
        namespace["__variants_run"](exercise, namespace)
        assert random.getstate() == before
    verdicts = {(r["exercise"], r["label"]): r["passed"] for r in shown}
    assert verdicts == {
        ("exercise 1", "one less"): False,
        ("exercise 1", "as float"): True,
        ("exercise 1", "random states untouched"): True,
        ("exercise 2", "random states untouched"): False,
    }
