"""Label noise: human-labelled data in which a stated share of the replies is wrong.

People who label data make mistakes: they pick the wrong product category, read a complaint as
praise, or file a return as a cancellation. :func:`add_label_noise` simulates exactly that on
support-desk examples: a chosen share of the examples gets a *different* label (category,
sentiment or action), with the reply rewritten to match it. Every number in the reply (budget,
order id, ticket id) stays correct, because an annotator who copies a ticket number rarely gets
it wrong; it is the judgement that slips.

Which examples are corrupted, and into what, depends on the seed only (string seeds for
``random.Random``, stable across processes).
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Sequence

from . import support_desk as sd


def numbers_in(response: str) -> str:
    """The digit tokens of a reply, in order, as one string: 'try our ... under 4 2 ...' -> '4 2'."""
    return " ".join(word for word in response.split() if word.isdigit())


def relabel(example: sd.Example, label: str) -> sd.Example:
    """The same query with the reply for ``label`` (numbers copied from the original reply)."""
    number = numbers_in(example.response)
    if example.task == "recommendation":
        if label not in sd.NEEDS:
            raise ValueError(f"unknown category {label!r}")
        response = sd.RECOMMENDATION_REPLY.format(category=label, money=number)
    elif example.task == "order":
        if label not in sd.ORDER_ACTIONS:
            raise ValueError(f"unknown action {label!r}")
        response = sd.ORDER_ACTIONS[label]["reply"].format(id=number)
    else:
        if label not in sd.FEEDBACK_REPLIES:
            raise ValueError(f"unknown sentiment {label!r}")
        response = sd.FEEDBACK_REPLIES[label].format(id=number)
    return sd.Example(example.task, example.query, response, label)


def labels_of(task: str) -> list[str]:
    """Every label a reply of ``task`` can carry, sorted."""
    return sorted({"recommendation": sd.NEEDS, "order": sd.ORDER_ACTIONS, "feedback": sd.FEEDBACK_REPLIES}[task])


def add_label_noise(examples: Sequence[sd.Example], rate: float, *, seed: int = 0) -> list[sd.Example]:
    """A copy of ``examples`` in which ``round(rate * n)`` of them carry a wrong label.

    The wrong label is drawn uniformly from the task's other labels. The order of the examples
    is kept, so ``noisy[i]`` is ``examples[i]`` or its corrupted version.
    """
    if not 0.0 <= rate <= 1.0:
        raise ValueError(f"rate must be between 0 and 1, got {rate}")
    rng = random.Random(f"noisy-labels/{seed}/{rate}/{len(examples)}")
    noisy = list(examples)
    for i in rng.sample(range(len(noisy)), round(rate * len(noisy))):
        ex = noisy[i]
        wrong = rng.choice([label for label in labels_of(ex.task) if label != ex.label])
        noisy[i] = relabel(ex, wrong)
    return noisy


def noise_rate(noisy: Sequence[sd.Example], clean: Sequence[sd.Example]) -> float:
    """Share of replies that differ between two aligned lists."""
    if len(noisy) != len(clean):
        raise ValueError("the two lists must be aligned (same length)")
    return sum(a.response != b.response for a, b in zip(noisy, clean)) / len(clean)


def add_systematic_noise(examples: Sequence[sd.Example], rate: float, *, seed: int = 0) -> list[sd.Example]:
    """A copy of ``examples`` with blind spots: whole kinds of request always answered wrong.

    Where :func:`add_label_noise` scatters its errors at random, here each chosen kind of
    request (a task and its correct label, such as every "headphones" recommendation) gets
    one fixed wrong label on *every* example of that kind. Kinds are taken in a seeded order
    whenever they bring the share of wrong replies closer to ``rate``, so the share is near
    ``rate`` but not exact (a kind is never split); :func:`noise_rate` measures it. The order of
    the examples is kept, and ``label`` keeps the correct label, so the blind spots can be found.
    """
    if not 0.0 <= rate <= 1.0:
        raise ValueError(f"rate must be between 0 and 1, got {rate}")
    rng = random.Random(f"systematic-noise/{seed}/{rate}/{len(examples)}")
    sizes: dict[tuple[str, str], int] = {}
    for ex in examples:
        sizes[ex.task, ex.label] = sizes.get((ex.task, ex.label), 0) + 1
    kinds = sorted(sizes)
    rng.shuffle(kinds)
    target, wrong, blind = rate * len(examples), 0, {}
    for task, label in kinds:
        if abs(wrong + sizes[task, label] - target) < abs(wrong - target):
            blind[task, label] = rng.choice([other for other in labels_of(task) if other != label])
            wrong += sizes[task, label]
    return [
        dataclasses.replace(relabel(ex, blind[ex.task, ex.label]), label=ex.label)
        if (ex.task, ex.label) in blind
        else ex
        for ex in examples
    ]
