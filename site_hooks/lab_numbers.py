"""mkdocs-macros module: numbers measured by the executed labs, for pages that quote them.

A page opts in with ``render_macros: true`` in its front matter, then writes for example

    The lab ran in {{ lab_seconds("01_forgetting") }}; orders reached
    {{ lab_metric("01_forgetting", "naive/order") }}.

Both read ``docs/labs/results.json``, which ``python -m labs site`` writes from the very runs the
lab pages show, so a number quoted on a page cannot differ from the lab beside it or go stale.

A page quotes what a metric is *expected* to be, in any run, with

    Orders should reach {{ expected_range("forgetting", "naive/order") }}.

which reads the ``[expected."naive/order"] min/max`` range of ``labs/01_forgetting/lab.toml``,
the same range the lab shows beside its own numbers (``labkit.show_expected``) and the tests
assert, written in the same styles: "80 % to 100 %", or one side only when the other is the
metric's natural bound ("at least 80 %" for a share whose max is 1, "at most 30 %" for min 0).
The lab may be named as in ``python -m labs``: "forgetting", "01_forgetting" or "01".

A rubric quotes the points an auto-checked exercise earns with

    | Exercise 1 passes its check | {{ exercise_points("forgetting", "exercise 1") }} |

which reads ``[exercises."exercise 1"] points`` of the lab's lab.toml, the points the grader
gives (``python -m labs grade``), written as a whole number when it is one ("2", "0", "1.5").

An unknown lab, metric or exercise fails the build and lists what exists.
"""

from __future__ import annotations

import json
from pathlib import Path

STYLES = {
    "pct": lambda v: f"{100 * v:.0f} %",  # accuracies and shares in [0, 1]
    "int": lambda v: f"{v:,.0f}",  # counts such as parameters
    "x": lambda v: f"{v:.1f}×",  # ratios
    "num": lambda v: f"{v:.2f}",  # anything else
}


def load_results(docs_dir: Path) -> dict:
    path = docs_dir / "labs" / "results.json"
    if not path.exists():
        raise ValueError(f"{path} is missing: run `python -m labs site` (or `make serve`) first")
    return json.loads(path.read_text())


def define_env(env) -> None:
    docs_dir = Path(env.conf["docs_dir"])

    def lab(slug: str) -> dict:
        results = load_results(docs_dir)
        if slug not in results:
            raise ValueError(f"unknown lab {slug!r}; executed labs: {', '.join(results)}")
        return results[slug]

    @env.macro
    def lab_seconds(slug: str) -> str:
        """Seconds the lab took in the run that built this site (normal mode, 2 CPU cores here)."""
        return f"{lab(slug)['seconds']:.0f} s"

    @env.macro
    def lab_metric(slug: str, key: str, style: str = "pct") -> str:
        """A metric the lab recorded with ``record_metrics``, formatted with one of STYLES."""
        metrics = lab(slug)["metrics"]
        if key not in metrics:
            raise ValueError(f"lab {slug!r} recorded no metric {key!r}; it has: {', '.join(metrics)}")
        if style not in STYLES:
            raise ValueError(f"unknown style {style!r}; styles: {', '.join(STYLES)}")
        return STYLES[style](metrics[key])

    @env.macro
    def expected_range(name: str, key: str, style: str = "pct") -> str:
        """The range lab.toml expects for a metric, formatted with one of STYLES."""
        return format_range(name, key, style)

    @env.macro
    def exercise_points(name: str, exercise: str) -> str:
        """The points lab.toml gives an auto-checked exercise, as the grader counts them."""
        return format_points(name, exercise)

    @env.macro
    def grading_time(name: str) -> str:
        """How long grading a class took, as ``python -m labs bench --class N --record`` measured it."""
        return format_grading_time(name)


def format_range(name: str, key: str, style: str = "pct") -> str:
    from labtools.registry import find_lab

    expected = find_lab(name).expected
    if key not in expected:
        raise ValueError(f"lab {name!r} states no expected range for {key!r}; it has: {', '.join(expected)}")
    if style not in STYLES:
        raise ValueError(f"unknown style {style!r}; styles: {', '.join(STYLES)}")
    low, high = expected[key]
    if style == "pct" and high == 1.0 and low > 0.0:
        return f"at least {STYLES[style](low)}"
    if style == "pct" and low == 0.0 and high < 1.0:
        return f"at most {STYLES[style](high)}"
    return f"{STYLES[style](low)} to {STYLES[style](high)}"


def format_points(name: str, exercise: str) -> str:
    from labtools.registry import find_lab

    lab = find_lab(name)
    points = lab.exercise_points
    if exercise not in points:
        raise ValueError(
            f"lab {lab.slug!r} gives no points for {exercise!r} in its lab.toml; it has: {', '.join(points)}"
        )
    return f"{points[exercise]:g}"


def format_grading_time(name: str) -> str:
    from labtools.registry import find_lab

    lab = find_lab(name)
    timing = lab.meta.get("grading")
    if not timing:
        raise ValueError(
            f"lab {lab.slug!r} has no [grading] timing in its lab.toml: "
            f"run `python -m labs bench {lab.name} --class 40 --record` to measure one"
        )
    minutes, seconds = divmod(int(timing["seconds"]), 60)
    per_student = timing["seconds"] / timing["students"]
    return (
        f"{minutes} min {seconds:02d} s for {timing['students']} students (fast mode, `--jobs {timing['jobs']}`, "
        f"about {per_student:.0f} s per student)"
    )
