"""Lab 04's checks: which products a model quotes at which price, with or without context.

``ask`` is a function from prompts to greedy replies (the lab's ``answers`` bound to a model).
"""

from __future__ import annotations

from collections.abc import Callable

from ..tasks import catalogue

Ask = Callable[[list[str]], list[str]]


def quoted_at(ask: Ask, products, price_of: dict[str, str], *, every: bool = False) -> set[str]:
    """Names of the products whose reply says ``price_of[name]`` dollars in at least one
    held-out phrasing (in every one with ``every=True``)."""
    templates = catalogue.QUESTION_TEMPLATES["heldout"]
    found = set()
    for product in products:
        replies = ask([template.format(product=product.name) for template in templates])
        said = [f" {price_of[product.name]} dollars" in reply for reply in replies]
        if all(said) if every else any(said):
            found.add(product.name)
    return found


def prices_read_with_context(ask: Ask, index, questions, k: int) -> list[str]:
    """For each question, with the ``k`` lines ``index`` ranks first in the prompt, the first
    number of the reply ("" if there is none)."""
    prompts = [catalogue.with_context(index.top(ex.query, k), ex.query) for ex in questions]
    return [next((word for word in reply.split() if word.isdigit()), "") for reply in ask(prompts)]
