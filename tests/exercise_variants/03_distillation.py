"""Lab 03: near misses its checks must reject, other correct methods they must accept.

Exercise 1 asks for the accuracies and held-out loss of a student trained on the teacher's
replies to the human set's queries, exercise 2 for the teacher's error rate on those queries,
exercise 3 for the accuracy of a student taught a blind spot. The near misses are the numbers
of the other students, the wrong set of queries or a miscount by one; the alternatives measure
the same thing another way. A near miss that equals the truth on some seed is left out.
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
    truth = lab.matched_result
    scores, loss = truth
    fb = scores["feedback"] + 1 / len(lab.heldout["feedback"])
    everything = lab.heldout_examples

    def loss_of(model, examples=everything):
        return lab.mean_loss(model, lab.tokenizer, examples)

    near = {
        "the student on human labels": (lab.gold_scores, loss_of(lab.student_gold)),
        "the student on 1,000 teacher replies": (lab.distilled_scores, loss_of(lab.student_distilled)),
        "one feedback query more counted right": (
            dict(scores, feedback=fb, mean=(scores["recommendation"] + fb) / 2),
            loss,
        ),
        "the loss on the feedback queries only": (scores, loss_of(lab.matched_student, lab.heldout["feedback"])),
        "without the mean": ({t: scores[t] for t in lab.TASKS}, loss),
        "the scores alone": scores,
    }
    per_task = {t: by_hand(lab, lab.matched_student, lab.heldout[t]) for t in lab.TASKS}
    return {
        "near misses": differing(truth, near),
        "alternatives": {
            "counted task by task with a loop": ({**per_task, "mean": sum(per_task.values()) / len(per_task)}, loss),
            "a list, not a tuple": [scores, loss],
            "numpy floats": ({k: np.float64(v) for k, v in scores.items()}, np.float64(loss)),
        },
    }


def exercise_2(lab):
    truth = lab.teacher_error_on_human_queries
    n = len(lab.true_pairs)
    near = {
        "the humans' error rate": lab.noise_rate(lab.human, lab.true_pairs),
        "the share right, not wrong": 1 - truth,
        "one reply more counted wrong": truth + 1 / n,
        "the teacher's error on the unlabelled pool": lab.teacher_error,
        "a percentage": 100 * truth,
    }
    return {
        "near misses": differing(truth, near),
        "alternatives": {
            "one minus the teacher's accuracy": 1
            - lab.task_accuracy(lab.teacher, lab.tokenizer, {"all": lab.true_pairs})["all"],
            "a numpy float": np.float64(truth),
        },
    }


def exercise_3(lab):
    truth = lab.blind_spot_accuracy
    headphones = [ex for ex in lab.heldout["recommendation"] if ex.label == "headphones"]
    others = [ex for ex in lab.heldout["recommendation"] if ex.label != "headphones"]
    return {
        "near misses": {
            "the other categories": by_hand(lab, lab.inheritor, others),
            "the student taught by the faultless teacher": by_hand(lab, lab.student_distilled, headphones),
        },
        "alternatives": {
            "counted with a loop": by_hand(lab, lab.inheritor, headphones),
            "a numpy float": np.float64(truth),
        },
    }


VARIANTS = {"exercise 1": exercise_1, "exercise 2": exercise_2, "exercise 3": exercise_3}
