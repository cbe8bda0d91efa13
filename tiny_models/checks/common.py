"""What the checks of every lab share: a lazily computed true answer, and how an answer is compared with it.

``Key`` runs the experiment lazily and once, and ``matches`` compares an answer with it in the
plain data the grader hands over (a tuple may come back as a list, a number as an int). The
checks measure with code of their own, not the labs' helpers, so that a check does not merely
repeat the reference solution: ``exact_match`` compares the words of each reply (the labs call
``task_accuracy``).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence

from ..evaluation import generate_replies
from ..training import train


class Key:
    """The true answer, computed by ``compute()`` the first time it is needed."""

    def __init__(self, compute: Callable[[], object]):
        self._compute = compute
        self._value = None
        self._done = False

    @property
    def value(self):
        if not self._done:
            self._value, self._done = self._compute(), True
        return self._value

    def accepts(self, answer, tolerance: float) -> bool:
        return matches(answer, self.value, tolerance)


def matches(answer, truth, tolerance: float) -> bool:
    """``answer`` equals ``truth`` up to ``tolerance`` on every number, for numbers, strings,
    dicts (same keys) and sequences (same length); a bool is never taken for a number."""
    if isinstance(truth, dict):
        return (
            isinstance(answer, dict)
            and set(answer) == set(truth)
            and all(matches(answer[k], truth[k], tolerance) for k in truth)
        )
    if isinstance(truth, (list, tuple)):
        return (
            isinstance(answer, (list, tuple))
            and len(answer) == len(truth)
            and all(matches(a, t, tolerance) for a, t in zip(answer, truth))
        )
    if isinstance(truth, str):
        return isinstance(answer, str) and answer.strip().lower() == truth
    if isinstance(answer, bool) or not hasattr(answer, "__float__"):
        return False
    return abs(float(answer) - float(truth)) <= tolerance


def trained_copy(model, tokenizer, examples, *, steps: int, batch_size: int, lr: float, seed: int):
    """A fine-tuned copy of ``model`` (the original is left as it was)."""
    tuned = copy.deepcopy(model)
    train(tuned, tokenizer, examples, steps=steps, batch_size=batch_size, lr=lr, seed=seed, progress=False)
    return tuned


def exact_match(model, tokenizer, examples_by_task: dict[str, Sequence]) -> dict[str, float]:
    """Share of replies whose words equal the reference's, per task."""
    shares = {}
    for task, examples in examples_by_task.items():
        replies = generate_replies(model, tokenizer, [ex.query for ex in examples])
        shares[task] = sum(r.split() == ex.response.split() for r, ex in zip(replies, examples)) / len(examples)
    return shares
