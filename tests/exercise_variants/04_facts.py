"""Lab 04: near misses its checks must reject, other correct methods they must accept.

The truths are recomputed here from the models the lab trained, with a regular expression on
"NN dollars" where the lab's solution uses ``price_in``; near misses that could coincide with the
truth on some seed are kept only where they differ from it.
"""

from __future__ import annotations

import re


def stated(reply: str) -> str:
    """The price a reply states, read as the number before "dollars"."""
    found = re.search(r"(\d+) dollars", reply)
    return found.group(1) if found else ""


def differing(truth, near: dict) -> dict:
    return {label: value for label, value in near.items() if value != truth}


def exercise_1(lab):
    questions = lab.questions_now["changed"]
    replies = lab.answers(lab.memoriser, [ex.query for ex in questions])
    new_price = {p.name: p.price for p in lab.shop_now}
    truth = {ex.product for ex, r in zip(questions, replies) if stated(r) == lab.old_price[ex.product]}
    at_new = {ex.product for ex, r in zip(questions, replies) if stated(r) == new_price[ex.product]}
    near = differing(
        truth,
        {
            "one product left out": set(sorted(truth)[1:]),
            "every changed product": {p.name for p in lab.groups["changed"]},
            "the products quoted at the new price": at_new,
            "the old prices instead of the names": {lab.old_price[name] for name in truth},
        },
    )
    return {
        "near misses": {**near, "how many, not which": len(truth)},
        "alternatives": {"a sorted list": sorted(truth), "a tuple": tuple(truth), "a frozenset": frozenset(truth)},
    }


def exercise_2(lab):
    questions = lab.questions_now["changed"]
    prompts = [lab.catalogue.with_context(lab.index_now.top(ex.query, lab.TOP_K), ex.query) for ex in questions]
    # "the price it states" is the reply's first number, read here with a regular expression
    truth = [(re.findall(r"(?<!\S)\d+(?!\S)", r) or [""])[0] for r in lab.answers(lab.memoriser, prompts)]
    new_price = {p.name: p.price for p in lab.shop_now}
    first = truth[0]
    near = differing(
        truth,
        {
            "the new prices, from the lines": [new_price[ex.product] for ex in questions],
            "the old prices": [lab.old_price[ex.product] for ex in questions],
            "sorted": sorted(truth),
            "reversed": truth[::-1],
        },
    )
    near["the first answer misread"] = [str(int(first) + 1) if first else "10", *truth[1:]]
    near["one answer missing"] = truth[:-1]
    return {
        "near misses": near,
        "alternatives": {"a tuple": tuple(truth), "whole numbers": [int(x) if x else "" for x in truth]},
    }


def exercise_3(lab):
    questions = lab.questions_now["unchanged"]
    replies = lab.answers(lab.patched, [ex.query for ex in questions])
    wrong = [ex.product for ex, r in zip(questions, replies) if stated(r) != lab.old_price[ex.product]]
    truth = set(wrong)
    kept = sorted({p.name for p in lab.groups["unchanged"]} - truth)
    near = differing(
        truth,
        {
            "one product left out": set(sorted(truth)[1:]),
            "one kept product added": truth | set(kept[:1]),
            "only the products lost in every phrasing": {name for name in truth if wrong.count(name) == 2},
            "the products it kept": set(kept),
        },
    )
    share_right = 1 - len(wrong) / len(questions)
    return {
        "near misses": {**near, "the accuracy, not the products": share_right},
        "alternatives": {"a sorted list": sorted(truth), "a tuple": tuple(sorted(truth))},
    }


VARIANTS = {"exercise 1": exercise_1, "exercise 2": exercise_2, "exercise 3": exercise_3}
