"""Numbers that pages quote from the executed labs (site_hooks/lab_numbers.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from site_hooks.lab_numbers import define_env

DOCS = Path(__file__).resolve().parents[1] / "docs"


class FakeEnv:
    """What define_env uses of mkdocs-macros' environment: the config and the macro decorator."""

    def __init__(self, docs_dir: Path):
        self.conf = {"docs_dir": str(docs_dir)}
        self.macros = {}

    def macro(self, function):
        self.macros[function.__name__] = function
        return function


@pytest.fixture
def macros(tmp_path):
    (tmp_path / "labs").mkdir()
    results = {
        "01_forgetting": {
            "title": "t",
            "seed": 0,
            "seconds": 37.4,
            "metrics": {"naive/order": 0.9, "params": 118080, "latency_ratio": 2.48},
        }
    }
    (tmp_path / "labs" / "results.json").write_text(json.dumps(results))
    env = FakeEnv(tmp_path)
    define_env(env)
    return env.macros


def test_numbers_are_formatted_by_style(macros):
    assert macros["lab_seconds"]("01_forgetting") == "37 s"
    assert macros["lab_metric"]("01_forgetting", "naive/order") == "90 %"
    assert macros["lab_metric"]("01_forgetting", "params", "int") == "118,080"
    assert macros["lab_metric"]("01_forgetting", "latency_ratio", "x") == "2.5×"


def test_unknown_names_fail_and_list_what_exists(macros):
    with pytest.raises(ValueError, match="executed labs: 01_forgetting"):
        macros["lab_seconds"]("01_forget")
    with pytest.raises(ValueError, match="it has: naive/order, params, latency_ratio"):
        macros["lab_metric"]("01_forgetting", "naive/orders")
    with pytest.raises(ValueError, match="styles: pct, int, x, num"):
        macros["lab_metric"]("01_forgetting", "params", "percent")


def test_exercise_points_come_from_lab_toml(macros):
    from labtools.registry import find_lab

    for name in ("forgetting", "01_forgetting", "01"):
        for exercise, points in find_lab("01_forgetting").exercise_points.items():
            assert macros["exercise_points"](name, exercise) == f"{points:g}"
    assert macros["exercise_points"]("forgetting", "exercise 2") == "0"  # practice: lab.toml gives 0


def test_exercise_points_of_an_unknown_lab_or_exercise_fail_clearly(macros):
    with pytest.raises(LookupError, match="unknown lab 'forget'; valid labs: .*forgetting"):
        macros["exercise_points"]("forget", "exercise 1")
    with pytest.raises(ValueError, match="no points for 'exercise 9' .*it has: exercise 1, exercise 2, exercise 3"):
        macros["exercise_points"]("forgetting", "exercise 9")


def test_missing_results_name_the_command_that_makes_them(tmp_path):
    env = FakeEnv(tmp_path)
    define_env(env)
    with pytest.raises(ValueError, match="python -m labs site"):
        env.macros["lab_seconds"]("01_forgetting")


def test_every_page_that_quotes_a_lab_number_opts_in():
    for page in DOCS.rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        if re.search(r"\{\{\s*(lab_seconds|lab_metric|expected_range|exercise_points|grading_time)\(", text):
            assert text.startswith("---\nrender_macros: true\n"), f"{page}: add `render_macros: true` front matter"


def test_grading_time_comes_from_lab_toml_or_names_the_command(macros, monkeypatch):
    from labtools import registry

    lab = registry.find_lab("meet_the_model")
    timed = registry.Lab(
        **{**lab.__dict__, "meta": {**lab.meta, "grading": {"students": 40, "jobs": 2, "seconds": 541}}}
    )
    monkeypatch.setattr(registry, "find_lab", lambda name: timed)
    assert macros["grading_time"]("meet_the_model") == (
        "9 min 01 s for 40 students (fast mode, `--jobs 2`, about 14 s per student)"
    )
    untimed = registry.Lab(**{**lab.__dict__, "meta": {k: v for k, v in lab.meta.items() if k != "grading"}})
    monkeypatch.setattr(registry, "find_lab", lambda name: untimed)
    with pytest.raises(ValueError, match="python -m labs bench meet_the_model --class 40 --record"):
        macros["grading_time"]("meet_the_model")
