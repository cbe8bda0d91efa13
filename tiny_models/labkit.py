"""What a lab notebook needs from the project, in four calls.

- ``settings = lab_settings()``: the seed and mode (``LAB_SEED``, ``LAB_FAST``), seeding,
  and the versions the lab runs with.
- ``record_metrics({...})``: show the lab's key numbers as a table *and* attach them to the
  notebook output, where ``python -m labs run`` and the tests read them.
- ``show_figure(fig, "name")``: show a matplotlib figure and name it, so that the site can
  reuse the very image this run produced on a chapter page.
- ``check_answer(...)``: the check of an exercise: pass, not yet (with a hint), or not attempted.
"""

from __future__ import annotations

import base64
import io
import json
import os
import platform
import warnings
from dataclasses import dataclass

from IPython.display import display

from .determinism import seed_everything

# --- the notebook protocol: written here once, read by labtools (runner, grader, site) -----

SEED_VAR, FAST_VAR = "LAB_SEED", "LAB_FAST"  # the environment a lab kernel reads its run from
METRICS_MIME = "application/vnd.fine-tune-or-not.metrics+json"  # record_metrics() output
CHECK_MIME = "application/vnd.fine-tune-or-not.check+json"  # check_answer() output
ANSWER_MIME = "application/vnd.fine-tune-or-not.answer+json"  # the grader's captured answers
VERDICT_MIME = "application/vnd.fine-tune-or-not.verdict+json"  # the grader's trusted verdicts
FIGURE_KEY = "fine-tune-or-not/figure"  # output metadata key naming a figure


@dataclass(frozen=True)
class LabSettings:
    seed: int
    fast: bool

    def pick(self, normal, fast):
        """``fast`` in fast mode (CI), ``normal`` otherwise: ``steps = settings.pick(300, 150)``."""
        return fast if self.fast else normal


def lab_settings(default_seed: int = 0, *, show_versions: bool = True) -> LabSettings:
    """Read ``LAB_SEED`` / ``LAB_FAST``, seed every generator, print the environment."""
    raw_seed = os.environ.get(SEED_VAR, str(default_seed))
    try:
        seed = int(raw_seed)
    except ValueError:
        raise ValueError(f"{SEED_VAR} must be a whole number, got {raw_seed!r}") from None
    fast = os.environ.get(FAST_VAR, "0").lower() in {"1", "true", "yes"}
    seed_everything(seed)
    # The pinned peft still calls a transformers method that was renamed; the warning says
    # nothing about the lab, so it must not clutter a learner's output.
    warnings.filterwarnings("ignore", message=r".*`is_gradient_checkpointing` is deprecated", category=FutureWarning)
    if show_versions:
        import tokenizers
        import torch
        import transformers

        print(
            f"python {platform.python_version()} | torch {torch.__version__} | "
            f"transformers {transformers.__version__} | tokenizers {tokenizers.__version__} | "
            f"threads {torch.get_num_threads()}"
        )
        print(f"seed {seed} | {'fast' if fast else 'normal'} mode")
    return LabSettings(seed=seed, fast=fast)


def record_metrics(metrics: dict[str, float]) -> None:
    """Show ``metrics`` as a table and attach them, machine-readable, to this cell's output."""
    clean = {key: float(value) for key, value in metrics.items()}
    rows = "\n".join(f"| `{key}` | {value:.4g} |" for key, value in clean.items())
    display(
        {
            "text/markdown": f"| recorded metric | value |\n| --- | --- |\n{rows}",
            "text/plain": json.dumps(clean, indent=1),
            METRICS_MIME: clean,
        },
        raw=True,
    )


def show_figure(fig, name: str) -> None:
    """Display ``fig`` as a PNG whose output carries ``name`` (the site extracts it by name)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    png = base64.b64encode(buffer.getvalue()).decode()
    display({"image/png": png, "text/plain": f"<figure {name}>"}, raw=True, metadata={FIGURE_KEY: name})
    import matplotlib.pyplot as plt

    plt.close(fig)  # shown once, by us; inline backends would otherwise show it again


def verdict(exercise: str, answer, is_correct, hint: str) -> tuple[str, str]:
    """``(status, message)`` for ``answer``: ``"pass"``, ``"not yet"`` or ``"not attempted"``.

    The one verdict rule of the course: ``check_answer`` shows it in the learner's notebook and
    the grader applies it, in its trusted kernel, to each student's captured answer.
    An answer left as ``None`` or ``...`` is *not attempted*; a check that raises on a learner's
    answer (of the wrong type, say) says so in the hint instead of crashing the lab.
    """
    if answer is None or answer is Ellipsis:
        return "not attempted", f"{exercise}: not attempted yet. Fill in the cell above and run it."
    try:
        passed = bool(is_correct(answer))
    except Exception as error:  # a learner's answer of the wrong type must not crash the lab
        passed, hint = False, f"checking your answer raised {type(error).__name__}: {error}. {hint}"
    return ("pass", f"{exercise}: correct!") if passed else ("not yet", f"{exercise}: not yet. Hint: {hint}")


def check_answer(exercise: str, answer, is_correct, hint: str) -> None:
    """Check a learner's ``answer`` with ``is_correct(answer) -> bool`` (see ``verdict``).

    An answer left as ``None`` or ``...`` counts as *not attempted*: the check says so and
    the notebook carries on, so a student copy runs top to bottom. The verdict is printed and
    attached to the output (mime ``CHECK_MIME``) for the runner; nothing is returned, so the
    cell shows the verdict only.
    """
    status, message = verdict(exercise, answer, is_correct, hint)
    display(
        {"text/plain": f"[{status.upper()}] {message}", CHECK_MIME: {"exercise": exercise, "status": status}}, raw=True
    )


def show_expected(lab: str, metrics: dict[str, float] | None = None) -> None:
    """Show the lab's expected ranges (``[expected."metric"] min/max`` in its ``lab.toml``) beside this
    run's ``metrics``, so you can tell whether your run is normal: ``show_expected("facts", m)``.

    The ranges held in both modes on every seed the course was tested on; the tests assert them
    and the instructor pages quote them, so all three read the same numbers. When the lab has
    recorded runs on other seeds made by the code as it is now (``seeds.json``, written by
    ``python -m labs seeds``), a column gives their mean and standard deviation.
    """
    import tomllib
    from pathlib import Path

    from .seed_runs import read_record, spread

    labs = Path(__file__).resolve().parent.parent / "labs"
    found = [p for p in sorted(labs.glob("*/lab.toml")) if lab in (p.parent.name, p.parent.name.split("_", 1)[1])]
    if not found:
        raise LookupError(f"no labs/NN_{lab}/lab.toml under {labs}: pass the lab's name, e.g. 'meet_the_model'")
    expected = tomllib.loads(found[0].read_text()).get("expected")
    if not expected:
        raise LookupError(f'{found[0]} has no [expected."metric"] ranges to show')
    folder = found[0].parent
    others = spread(folder)

    def number(v: float) -> str:
        return f"{v:,.0f}" if v == int(v) and abs(v) >= 1000 else f"{v:.4g}"

    def across_seeds(key: str) -> str:
        if not others or key not in others:
            return ""
        mean, sd, _ = others[key]
        return f"{number(mean)} ± {sd:.2g}"

    rows = []
    for key, bounds in expected.items():
        low, high = float(bounds["min"]), float(bounds["max"])
        cells = [f"`{key}`"]
        if metrics is not None and key in metrics:
            value = float(metrics[key])
            verdict = "yes" if low <= value <= high else "**no**: outside what the course measured"
            cells.append(number(value))
        else:
            verdict = ""
            cells.append("")
        if others:
            cells.append(across_seeds(key))
        cells += [f"{number(low)} to {number(high)}", verdict]
        rows.append("| " + " | ".join(cells) + " |")
    columns = ["metric", "this run"]
    note = ""
    if others:
        seeds = sorted(int(seed) for seed in read_record(folder)["runs"])
        columns.append(f"seeds {', '.join(map(str, seeds))} (mean ± sd)")
        note = f"\n\nThe third column: the course's own runs of this lab, normal mode, on seeds {', '.join(map(str, seeds))}."
    columns += ["expected", "within?"]
    head = "| " + " | ".join(columns) + " |\n|" + " --- |" * len(columns) + "\n"
    plain = "\n".join(row.replace("`", "").replace("*", "") for row in rows)
    display({"text/markdown": head + "\n".join(rows) + note, "text/plain": plain + note}, raw=True)
