"""The grader's code that runs *inside* a kernel (see grade_kernel.py for the host side).

Two kinds of kernel import this module:

- a **submission's** kernel, where `capture` records the value of each answer expression of a
  lab's check as plain JSON data (`encode`), shown with the MIME type ``ANSWER_MIME`` and a
  nonce drawn for that run. The submission's code ran before it in the same kernel, so it
  could change what is captured, but only for its own answers: nothing here judges anything.
- the **trusted** kernel, running the original lab, where `judge_factory` returns, for each
  check cell, a stand-in for ``check_answer`` that applies the check's own ``is_correct`` to
  every captured answer (`decode`d, plain data, never code) with the verdict rule of
  ``tiny_models.labkit.verdict``, and shows the verdicts with the MIME type ``VERDICT_MIME``.

Only the standard library and IPython are imported at module level, so a submission's kernel
pays nothing for it; the trusted kernel imports ``tiny_models.labkit``, which the lab imports
anyway.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable

# The MIME types are tiny_models.labkit's (ANSWER_MIME, VERDICT_MIME). They are passed in by
# the host rather than imported here, so that a submission's kernel does not import PyTorch
# just to report its answers; tests/test_instructor.py checks that the host passes labkit's.

MAX_ANSWER_CHARS = 200_000
MAX_DEPTH = 30


def encode(value, depth: int = 0):
    """``value`` as JSON data that `decode` turns back into an equal value.

    Numbers, strings, booleans and None stay as they are; tuples, sets, dicts, ``...`` and
    non-finite floats are tagged; NumPy and PyTorch values go through ``.tolist()``. Anything
    else raises TypeError: an answer must be plain data.
    """
    if depth > MAX_DEPTH:
        raise ValueError("nested too deeply")
    if value is None:
        return None
    if value is Ellipsis:
        return {"__ellipsis__": True}
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        number = float(value)
        return number if math.isfinite(number) else {"__float__": repr(number)}
    if isinstance(value, str):
        return str(value)
    if isinstance(value, list):
        return [encode(item, depth + 1) for item in value]
    if isinstance(value, tuple):
        return {"__tuple__": [encode(item, depth + 1) for item in value]}
    if isinstance(value, set | frozenset):  # in a fixed order: a set's own order varies per process
        items = [encode(item, depth + 1) for item in value]
        return {"__set__": sorted(items, key=lambda item: json.dumps(item, sort_keys=True))}
    if isinstance(value, dict):
        return {"__dict__": [[encode(k, depth + 1), encode(v, depth + 1)] for k, v in value.items()]}
    if hasattr(value, "tolist"):  # NumPy arrays and scalars, PyTorch tensors
        return encode(value.tolist(), depth + 1)
    raise TypeError(f"an answer of type {type(value).__name__} cannot be graded")


def decode(data):
    """The value `encode` wrote."""
    if isinstance(data, list):
        return [decode(item) for item in data]
    if isinstance(data, dict):
        if "__ellipsis__" in data:
            return Ellipsis
        if "__float__" in data:
            return float(data["__float__"])
        if "__tuple__" in data:
            return tuple(decode(item) for item in data["__tuple__"])
        if "__set__" in data:
            return {decode(item) for item in data["__set__"]}
        if "__dict__" in data:
            return {decode(k): decode(v) for k, v in data["__dict__"]}
    return data


def read_answer(get: Callable[[], object]) -> dict:
    """``{"value": data}`` for the answer ``get()`` returns, or ``{"error": why}``."""
    try:
        text = json.dumps(encode(get()))
    except Exception as error:  # noqa: BLE001 - any failure is the student's answer's, reported as such
        return {"error": f"{type(error).__name__}: {error}"}
    if len(text) > MAX_ANSWER_CHARS:
        return {"error": "the answer is too large"}
    return {"value": json.loads(text)}


def capture(mime: str, nonce: str, cell: int, getters: list[Callable[[], object]]) -> None:
    """Show the answers of check ``cell`` (one getter per ``check_answer`` call) for the host."""
    from IPython.display import display

    answers = [read_answer(get) for get in getters]
    display(
        {"text/plain": "(answer recorded for grading)", mime: {"nonce": nonce, "cell": cell, "answers": answers}},
        raw=True,
    )


def judge_factory(mime: str, path: str) -> Callable[[int], Callable]:
    """``check_for(cell)``: the ``check_answer`` stand-in for the lab's check cell ``cell``.

    ``path`` is a JSON file ``{student key: {"cell.call": {"value": data} | {"error": why}}}``
    written by the host. Each call of the stand-in judges the lab's own reference answer (key
    ``__reference__``) and every student's captured answer for that call.
    """
    from IPython.display import display

    from tiny_models.labkit import verdict

    with open(path, encoding="utf-8") as handle:
        captured = json.load(handle)

    def check_for(cell: int) -> Callable:
        calls = [0]

        def check_answer(exercise, answer, is_correct, hint):
            call = calls[0]
            calls[0] += 1
            results = {"__reference__": list(verdict(exercise, answer, is_correct, hint))}
            for key, answers in captured.items():
                got = answers.get(f"{cell}.{call}")
                if got is None:
                    results[key] = ["missing", f"{exercise}: not graded: the notebook stopped before this check."]
                elif "error" in got:
                    results[key] = ["not yet", f"{exercise}: not yet: your answer could not be read ({got['error']})."]
                else:
                    results[key] = list(verdict(exercise, decode(got["value"]), is_correct, hint))
            display(
                {
                    "text/plain": f"(graded {exercise})",
                    mime: {"cell": cell, "call": call, "exercise": exercise, "results": results},
                },
                raw=True,
            )

        return check_answer

    return check_for
