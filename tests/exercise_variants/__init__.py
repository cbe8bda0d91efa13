"""Near misses and alternative answers for every auto-checked exercise, run inside a lab run.

Each lab has one module here, named after its folder (``00_meet_the_model.py``), with::

    def exercise_1(lab):
        '''``lab`` is the notebook's namespace right after the check cell (``lab.model``, ...).'''
        truth = ...  # computed with code from what the lab holds, never a number typed in
        return {
            "near misses": {"rounded to two decimals": round(truth, 2), ...},  # must be rejected
            "alternatives": {"counted with a regular expression": ..., ...},  # must be accepted
        }

    VARIANTS = {"exercise 1": exercise_1}

``with_variants(nb, lab)`` returns the lab's notebook with test-only cells added: one at the top
that loads the module, one before each check cell that records the ``is_correct`` the check
passes to ``check_answer``, and one after it that calls ``VARIANTS[exercise](lab)`` and applies
that same ``is_correct`` to every variant. Each verdict is attached to the output under
``VARIANT_MIME``, apart from the lab's own check verdicts, so ``LabRun.checks`` is unchanged.

The inserted cells must not change what the lab measures: a variant function only reads the
namespace (it may generate, train a *copy*, ...), and the cell snapshots Python's, NumPy's and
PyTorch's random states before the variants and restores them after, reporting whether the
variants had consumed randomness (``tests/test_exercises.py`` asserts they had not, so a variant
that draws random numbers is caught rather than silently absorbed).
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent
VARIANT_MIME = "application/vnd.fine-tune-or-not.exercise-variant+json"
KINDS = {"near misses": False, "alternatives": True}  # kind -> the verdict the check must give

SETUP = """\
def __variants_setup(path):
    import importlib.util
    import random
    import sys
    import types

    from IPython.display import display

    spec = importlib.util.spec_from_file_location("lab_exercise_variants", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    recorded = {}

    def recorder(real):
        def check_answer(exercise, answer, is_correct, hint):
            recorded[exercise] = is_correct
            return real(exercise, answer, is_correct, hint)

        return check_answer

    def states():
        got = {"random": random.getstate()}
        if "numpy" in sys.modules:
            got["numpy"] = sys.modules["numpy"].random.get_state()
        if "torch" in sys.modules:
            got["torch"] = sys.modules["torch"].get_rng_state()
        return got

    def same(a, b):
        if a.keys() != b.keys() or a["random"] != b["random"]:
            return False
        if "numpy" in a and not all(
            (x == y).all() if hasattr(x, "shape") else x == y for x, y in zip(a["numpy"], b["numpy"])
        ):
            return False
        return "torch" not in a or bool(sys.modules["torch"].equal(a["torch"], b["torch"]))

    def restore(saved):
        random.setstate(saved["random"])
        if "numpy" in saved:
            sys.modules["numpy"].random.set_state(saved["numpy"])
        if "torch" in saved:
            sys.modules["torch"].set_rng_state(saved["torch"])

    def show(exercise, **fields):
        display({"text/plain": f"(variant of {exercise}: {fields})", MIME: {"exercise": exercise, **fields}}, raw=True)

    def run(exercise, namespace):
        before = states()
        try:
            if exercise not in recorded:
                raise LookupError(f"no check_answer({exercise!r}, ...) call ran in the check cell")
            if exercise not in module.VARIANTS:
                raise LookupError(f"{path} has no VARIANTS[{exercise!r}]")
            variants = module.VARIANTS[exercise](types.SimpleNamespace(**namespace))
            for kind, answers in variants.items():
                for label, value in answers.items():
                    try:
                        passed, error = bool(recorded[exercise](value)), None
                    except Exception as exc:  # check_answer counts a raising check as "not yet"
                        passed, error = False, f"{type(exc).__name__}: {exc}"
                    show(exercise, kind=kind, label=label, passed=passed, error=error)
        except Exception as exc:
            show(exercise, kind="error", label="the variants could not be computed", error=f"{type(exc).__name__}: {exc}")
        untouched = same(before, states())
        restore(before)
        show(exercise, kind="randomness", label="random states untouched", passed=untouched, error=None)

    return recorder, run


__variants_recorder, __variants_run = __variants_setup(PATH)
"""


def variants_file(slug: str) -> Path:
    return HERE / f"{slug}.py"


def _cell(source: str) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["tags"] = ["exercise-variants"]
    return cell


def _exercises_checked(cell) -> list[str]:
    """The exercise names a check cell passes to check_answer (as literal strings)."""
    import ast

    names = []
    for node in ast.walk(ast.parse(cell.source)):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "check_answer":
            first = node.args[0] if node.args else None
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                names.append(first.value)
    return names


def with_variants(nb, slug: str):
    """``nb`` (the lab's notebook, not executed) plus the variant cells; raises if the lab has
    checks but no variants module."""
    path = variants_file(slug)
    checks = [c for c in nb.cells if c.cell_type == "code" and "check" in c.metadata.get("tags", [])]
    if not checks:
        return nb
    if not path.exists():
        raise FileNotFoundError(
            f"{path} is missing: every lab with checked exercises needs its near misses and alternatives"
        )
    setup = SETUP.replace("MIME", json.dumps(VARIANT_MIME)).replace("PATH", json.dumps(str(path)))
    cells = [_cell(setup)]
    for cell in nb.cells:
        is_check = cell in checks
        if is_check:
            cells.append(
                _cell("import tiny_models.labkit\ncheck_answer = __variants_recorder(tiny_models.labkit.check_answer)")
            )
        cells.append(cell)
        if is_check:
            cells.extend(_cell(f"__variants_run({name!r}, globals())") for name in _exercises_checked(cell))
    nb.cells = cells
    return nb


def variant_results(notebook) -> list[dict]:
    """Every variant verdict of an executed notebook, in order."""
    found = []
    for cell in notebook.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {}).get(VARIANT_MIME)
            if data:
                found.append(data)
    return found
