"""Lab 01: near misses its checks must reject, other correct methods they must accept.

Exercise 1 asks for a learning rate of the sweep that meets a stated priority, with its model's loss; exercise 2
for an α that meets a stated priority; exercise 3 for an accuracy and a loss. The near misses are the numbers a
learner gets from the wrong model, the wrong test set or a miscount by one query; the
alternatives are the same measurement reached another way. A near miss that equals the truth
on some seed (two saturated accuracies can coincide) is left out, so none can flake.
"""

from __future__ import annotations

import numpy as np


def by_hand(lab, model, examples) -> float:
    """Exact-match accuracy with a loop of our own over the replies."""
    replies = lab.generate_replies(model, lab.tokenizer, [ex.query for ex in examples])
    return sum(reply == ex.response for reply, ex in zip(replies, examples)) / len(examples)


def differing(truth, near: dict) -> dict:
    return {label: value for label, value in near.items() if value != truth}


def exercise_1(lab):
    truth = lab.chosen_rate
    rate, loss = truth
    rec = lab.heldout["recommendation"]
    model = lab.lr_models[rate]
    others = [lr for lr in lab.rates if lr != rate]
    near = {
        "the loss on the smaller curve set": (
            rate,
            lab.mean_loss(model, lab.tokenizer, lab.curve_set["recommendation"]),
        ),
        "the loss on order replies, not recommendations": (
            rate,
            lab.mean_loss(model, lab.tokenizer, lab.heldout["order"]),
        ),
        "the base model's loss": (rate, lab.mean_loss(lab.base, lab.tokenizer, rec)),
        "the rate alone": rate,
    }
    for lr in others:  # another rate of the sweep, with its own loss
        near[f"the rate {lr:g} with its loss"] = (lr, lab.mean_loss(lab.lr_models[lr], lab.tokenizer, rec))
    return {
        "near misses": differing(truth, near),
        "alternatives": {
            "a list, not a tuple": [rate, loss],
            "numpy floats": (np.float64(rate), np.float64(loss)),
            "the loss in two halves, weighted by tokens": (
                rate,
                lab.mean_loss(model, lab.tokenizer, rec, batch_size=64),
            ),
        },
    }


def exercise_2(lab):
    truth, wise = lab.chosen_alpha, lab.wise
    qualified = [a for a in wise if wise[a]["order"] >= 0.5]
    if qualified:
        best = max(wise[a]["recommendation"] for a in qualified)
        right = {a for a in qualified if wise[a]["recommendation"] == best}
    else:
        top = max(acc["order"] for acc in wise.values())
        right = {a for a in wise if wise[a]["order"] == top}
    wrong = [a for a in wise if a not in right]
    near = {"an α between two swept values": truth + 0.05}
    if wrong:
        near["the nearest swept α that misses the priority"] = min(wrong, key=lambda a: abs(a - truth))
    if lab.best_alpha in wrong:
        near["the best α by the worst task (section 5)"] = lab.best_alpha
    return {
        "near misses": near,
        "alternatives": {
            "the same α from arithmetic (0.1 * k)": round(truth * 10) * 0.1,
            "a numpy float": np.float64(truth),
        },
    }


def exercise_3(lab):
    truth = lab.feedback_ft_rec
    acc, loss = truth
    model, rec, curve = lab.feedback_model, lab.heldout["recommendation"], lab.curve_set["recommendation"]
    near = {
        "one query fewer counted right": (acc - 1 / len(rec), loss),
        "the loss on feedback replies": (acc, lab.mean_loss(model, lab.tokenizer, lab.heldout["feedback"])),
        "measured on the smaller curve set": (by_hand(lab, model, curve), lab.mean_loss(model, lab.tokenizer, curve)),
        "the order fine-tune's pair": (lab.naive_acc["recommendation"], lab.mean_loss(lab.naive, lab.tokenizer, rec)),
        "the accuracy alone": acc,
    }
    return {
        "near misses": differing(truth, near),
        "alternatives": {
            "a list, not a tuple": [acc, loss],
            "counted with a loop": (by_hand(lab, model, rec), loss),
            "numpy floats": (np.float64(acc), np.float64(loss)),
        },
    }


VARIANTS = {"exercise 1": exercise_1, "exercise 2": exercise_2, "exercise 3": exercise_3}
