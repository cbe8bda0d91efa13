"""Retrieval made worse on purpose, to measure how a reader depends on it (lab 04, section 5).

Each function builds one prompt per example (``catalogue.with_context(lines, question)``) from a
BM25 index over the catalogue and ``line_of`` (product name -> its catalogue line):

- ``with_precision(p)``: one line per prompt, the right one for the first share ``p`` of the
  examples and, for the rest, the best-ranked line that is *not* the right one (a near miss);
- ``among_distractors(k)``: the right line among the ``k`` best-ranked wrong lines, taking
  each position in turn from one example to the next.
"""

from __future__ import annotations

from .retrieval import BM25
from .tasks import catalogue


def best_wrong_line(index: BM25, example, line_of: dict[str, str]) -> str:
    """The line BM25 ranks highest for the question among the lines of other products."""
    return next(line for line in index.top(example.query, len(line_of)) if line != line_of[example.product])


def with_precision(index: BM25, examples, line_of: dict[str, str], p: float) -> list[str]:
    """Prompts whose single line is right for a share ``p`` of the examples (the first ones)."""
    cut = round(p * len(examples))
    return [
        catalogue.with_context([line_of[ex.product] if i < cut else best_wrong_line(index, ex, line_of)], ex.query)
        for i, ex in enumerate(examples)
    ]


def among_distractors(index: BM25, examples, line_of: dict[str, str], k: int) -> list[str]:
    """Prompts holding the right line and the ``k`` best-ranked wrong lines; the right line sits
    at position ``i % (k + 1)`` for the ``i``-th example."""
    prompts = []
    for i, ex in enumerate(examples):
        wrong = [line for line in index.top(ex.query, k + 1) if line != line_of[ex.product]][:k]
        at = i % (k + 1)
        prompts.append(catalogue.with_context(wrong[:at] + [line_of[ex.product]] + wrong[at:], ex.query))
    return prompts
