"""Lab 00: near misses its checks must reject, other correct methods they must accept.

Both exercises ask for a set of numbers (budgets, order ids) that a reply writes in full. The
truth is recomputed here from fresh replies with a method of our own (the reply's words, read
one by one), and the near misses are built from it so that they differ from it on any seed.
"""

from __future__ import annotations

import re
from itertools import groupby


def runs_of_digits(text: str) -> list[str]:
    """Numbers in a text as digit-by-digit strings: the runs of words that are digits."""
    return [" ".join(words) for is_digit, words in groupby(text.split(), key=str.isdigit) if is_digit]


def copied(lab, numbers: list[str], queries: list[str]) -> tuple[set[str], set[str]]:
    """(numbers their reply writes in full, numbers it does not)."""
    replies = lab.generate_replies(lab.model, lab.tokenizer, queries)
    hits = {n for n, r in zip(numbers, replies) if n in runs_of_digits(r)}
    return hits, set(numbers) - hits


def variants_of(truth: set[str], missed: set[str], partial: set[str]) -> dict:
    """Near misses and alternatives shared by both exercises."""
    near = {
        "one number left out": set(sorted(truth)[1:]),
        "one number that was not copied added": truth | set(sorted(missed)[:1]),
        "how many, not which": len(truth),
        "the numbers whose first three digits were copied": partial,
    }
    return {
        "near misses": {label: value for label, value in near.items() if value != truth},
        "alternatives": {
            "a sorted list": sorted(truth),
            "digits without spaces": {n.replace(" ", "") for n in truth},
            "whole numbers": {int(n.replace(" ", "")) for n in truth},
        },
    }


def exercise_1(lab):
    budgets = [lab.budget_of(ex) for ex in lab.long_budget]
    queries = [ex.query for ex in lab.long_budget]
    truth, missed = copied(lab, budgets, queries)
    replies = lab.generate_replies(lab.model, lab.tokenizer, queries)
    partial = {b for b, r in zip(budgets, replies) if any(run.startswith(b[:5]) for run in runs_of_digits(r))}
    return variants_of(truth, missed, partial)


def exercise_2(lab):
    examples = lab.heldout["order"]
    # the id read with a regular expression here, with a loop over the words in the solution
    ids = [re.search(r"order ((?:\d )*\d)", ex.query).group(1) for ex in examples]
    queries = [ex.query for ex in examples]
    truth, missed = copied(lab, ids, queries)
    replies = lab.generate_replies(lab.model, lab.tokenizer, queries)
    four_words = [" ".join(q.split()[q.split().index("order") + 1 :][:4]) for q in queries]  # issue 14's bug
    variants = variants_of(truth, missed, {i for i, r in zip(ids, replies) if i[:5] in r})
    sliced = {w for w, r in zip(four_words, replies) if w in r}
    if sliced != truth:
        variants["near misses"]["the four words after 'order' taken as the id"] = sliced
    return variants


VARIANTS = {"exercise 1": exercise_1, "exercise 2": exercise_2}
