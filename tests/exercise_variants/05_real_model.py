"""Lab 05: near misses its checks must reject, other correct methods they must accept.

The truths are recomputed from fresh answers of the model in the state the lab left it in, and
the numbers of an answer are read here by splitting it into words (the lab uses a regular
expression); near misses that could coincide with the truth on some seed are kept only where
they differ from it.
"""

from __future__ import annotations

import re


def stated(text: str) -> list[int]:
    """The whole numbers in a text, in order, read word by word ("1,250" is 1250)."""
    return [int(word.replace(",", "")) for word in re.sub(r"[^\d,]", " ", text).split() if word.strip(",")]


def differing(truth, near: dict) -> dict:
    return {label: value for label, value in near.items() if value != truth}


def bumped(truth: dict) -> dict:
    """The same answer with its first value off by one."""
    first = next(iter(truth))
    return {**truth, first: (truth[first] or 0) + 1}


def exercise_1(lab):
    truth = {
        p: numbers[0]
        for p, answer in zip(lab.PRODUCTS, lab.closed)
        if (numbers := stated(answer)) and lab.catalogue[p] not in numbers
    }
    others = [p for p in lab.PRODUCTS if p not in truth]
    near = differing(
        truth,
        {
            "the true prices of those products": {p: lab.catalogue[p] for p in truth},
            "one product left out": dict(list(truth.items())[1:]),
            "a product whose answer was right added": {**truth, **{p: lab.catalogue[p] for p in others[:1]}},
            "the last number, not the first": {
                p: stated(a)[-1] for p, a in zip(lab.PRODUCTS, lab.closed) if p in truth
            },
        },
    )
    if truth:
        near["one price off by one"] = bumped(truth)
    near["the share, not the prices"] = len(truth) / len(lab.PRODUCTS)
    return {
        "near misses": near,
        "alternatives": {
            "prices as strings": {p: str(v) for p, v in truth.items()},
            "another order": dict(sorted(truth.items())),
        },
    }


def exercise_2(lab):
    truth = {}
    for k in (1, lab.N_PRODUCTS):
        answers = lab.ask_prices(lab.catalogue, lab.contexts_for(lab.catalogue, "BM25", k=k))
        truth[k] = {p for p, a in zip(lab.PRODUCTS, answers) if lab.catalogue[p] in stated(a)}
    one, every = truth[1], truth[lab.N_PRODUCTS]
    near = differing(
        truth,
        {
            "the two sets swapped": {1: every, lab.N_PRODUCTS: one},
            "one product dropped from k=1": {1: set(sorted(one)[1:]), lab.N_PRODUCTS: every},
            "every product right with all lines": {1: one, lab.N_PRODUCTS: set(lab.PRODUCTS)},
        },
    )
    near["the accuracies, not the products"] = (len(one) / lab.N_PRODUCTS, len(every) / lab.N_PRODUCTS)
    return {
        "near misses": near,
        "alternatives": {"sorted lists": {k: sorted(v) for k, v in truth.items()}},
    }


def exercise_3(lab):
    answers = lab.ask_prices(lab.new_prices, lab.contexts_for(lab.updated, "one line"))
    truth = {p: (stated(a) or [None])[0] for p, a in zip(lab.new_prices, answers)}
    near = differing(
        truth,
        {
            "the new prices, from the prompt": dict(lab.new_prices),
            "the old prices, from the weights": dict(lab.old_prices),
            "one product left out": dict(list(truth.items())[1:]),
        },
    )
    near["one price off by one"] = bumped(truth)
    near["the share of new prices, not the prices"] = sum(truth[p] == lab.new_prices[p] for p in truth) / len(truth)
    return {
        "near misses": near,
        "alternatives": {"prices as strings": {p: None if v is None else str(v) for p, v in truth.items()}},
    }


VARIANTS = {"exercise 1": exercise_1, "exercise 2": exercise_2, "exercise 3": exercise_3}
