"""A learned router for lab 01: nearest centroid over bag-of-words counts.

The keyword router of ``tasks.support_desk.route`` is right by construction on the generated
queries. A router learned from the training queries is what one would build for real traffic;
it is small enough to read: each task is the average of its training queries' word counts, and
a query goes to the task whose average it is most similar to (cosine).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence


def _unit(counts: Counter) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in counts.values())) or 1.0
    return {word: v / norm for word, v in counts.items()}


class CentroidRouter:
    """Route a query to the task whose mean (normalised) bag of words is nearest by cosine."""

    def __init__(self, queries: Sequence[str], tasks: Sequence[str]):
        sums: dict[str, Counter] = {}
        for query, task in zip(queries, tasks, strict=True):
            sums.setdefault(task, Counter()).update(_unit(Counter(query.split())))
        self.centroids = {task: _unit(total) for task, total in sums.items()}

    def __call__(self, query: str) -> str:
        words = _unit(Counter(query.split()))
        score = {task: sum(w * c.get(word, 0.0) for word, w in words.items()) for task, c in self.centroids.items()}
        return max(score, key=score.get)
