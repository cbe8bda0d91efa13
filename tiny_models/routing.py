"""Routing for lab 01: queries whose keywords mislead, and a router learned from examples.

The keyword router ``tasks.support_desk.route`` is right by construction on the generated
queries: every order query says "order", every feedback says "ticket". Real customers are not
so tidy. ``make_ambiguous`` writes held-out queries whose keywords point to another task (a
recommendation request that says "order", an order change that never says "order", feedback
about an order), each with the reply of its true task, so a misrouted query is answered by the
wrong specialist. ``CentroidRouter`` is the router one would learn from training queries
instead: each task is the average of its queries' word counts, and a query goes to the task
whose average it is most similar to (cosine). Both are small enough to read.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Sequence

from .tasks import support_desk as desk

# Only words of the support-desk vocabulary (tests/test_routing.py keeps this true).
AMBIGUOUS_TEMPLATES = {
    "recommendation": [
        "i want to order something to {need} . my budget is {money} dollars",
        "what can i order to {need} ? i have {money} dollars",
    ],
    "order": [
        "please {action} the {product} i bought : {id}",
        "can you {action} what i bought ? {id}",
    ],
    "feedback": [
        "ticket {id} : the {product} in my order {phrase}",
        "about my order , the {product} {phrase} . ticket {id}",
    ],
}


def make_ambiguous(task: str, n: int, *, seed: int = 0) -> list[desk.Example]:
    """``n`` queries of ``task`` whose keywords point to another task (see above), the same list
    for the same seed, each with the reply of its true task."""
    if task not in desk.TASKS:
        raise ValueError(f"unknown task {task!r}; valid tasks: {', '.join(desk.TASKS)}")
    rng = random.Random(f"support-desk/ambiguous/{task}/{seed}")
    examples = []
    for _ in range(n):
        template = rng.choice(AMBIGUOUS_TEMPLATES[task])
        if task == "recommendation":
            category = rng.choice(sorted(desk.NEEDS))
            money = desk.random_number(rng, desk.BUDGET_DIGITS)
            query = template.format(need=rng.choice(desk.NEEDS[category]), money=money)
            reply, label = desk.RECOMMENDATION_REPLY.format(category=category, money=money), category
        elif task == "order":
            action = rng.choice(sorted(desk.ORDER_ACTIONS))
            order_id = desk.random_number(rng, desk.ORDER_ID_DIGITS)
            phrase = rng.choice(desk.ORDER_ACTIONS[action]["phrases"])
            query = template.format(action=phrase, product=rng.choice(desk.PRODUCTS), id=order_id)
            reply, label = desk.ORDER_ACTIONS[action]["reply"].format(id=order_id), action
        else:
            sentiment = rng.choice(sorted(desk.FEEDBACK_PHRASES))
            ticket = desk.random_number(rng, desk.TICKET_DIGITS)
            phrase = rng.choice(desk.FEEDBACK_PHRASES[sentiment])
            query = template.format(product=rng.choice(desk.PRODUCTS), phrase=phrase, id=ticket)
            reply, label = desk.FEEDBACK_REPLIES[sentiment].format(id=ticket), sentiment
        examples.append(desk.Example(task, desk.wrap(query, rng), reply, label))
    return examples


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
