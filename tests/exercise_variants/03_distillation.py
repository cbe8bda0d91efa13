"""Lab 03: near misses its checks must reject, other correct methods they must accept.

Exercise 1 asks for the accuracies and held-out loss of a student trained on human labels with
10 % errors, exercise 2 for the teacher's error rate on the human set's queries, exercise 3 for
the accuracy and loss, on the blind spots, of students taught by a teacher whose recommendations
were corrupted at random and systematically. The near misses are the numbers of the other
students, the wrong slice or a miscount by one; the alternatives measure the same thing another
way. A near miss that equals the truth on some seed is left out. Exercise 3's check tests the
lesson, not the exact numbers (it would have to train both students again), so its near misses
are answers that miss the lesson: swapped, the wrong slice, percentages, a missing part.
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
    truth = lab.fewer_errors_result
    scores, loss = truth
    fb = scores["feedback"] + 1 / len(lab.heldout["feedback"])
    everything = lab.heldout_examples

    def loss_of(model, examples=everything):
        return lab.mean_loss(model, lab.tokenizer, examples)

    near = {
        "the student on 30 % wrong labels": (lab.human_scores, loss_of(lab.student_on_human_labels)),
        "the student on correct labels": (
            lab.accuracies(lab.control_students["correct labels"]),
            loss_of(lab.control_students["correct labels"]),
        ),
        "one feedback query more counted right": (
            dict(scores, feedback=fb, mean=(scores["recommendation"] + fb) / 2),
            loss,
        ),
        "the loss on the feedback queries only": (scores, loss_of(lab.student_fewer_errors, lab.heldout["feedback"])),
        "without the mean": ({t: scores[t] for t in lab.TASKS}, loss),
        "the scores alone": scores,
    }
    per_task = {t: by_hand(lab, lab.student_fewer_errors, lab.heldout[t]) for t in lab.TASKS}
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
        "a percentage": 100 * truth,
    }
    return {
        "near misses": differing(truth, near),
        "alternatives": {
            "one minus the teacher's accuracy": 1
            - lab.task_accuracy(lab.teacher, lab.tokenizer, {"all": lab.true_pairs})["all"],
            "word by word": sum(r.split() != ex.response.split() for r, ex in zip(lab.replies_on_human, lab.true_pairs))
            / n,
            "a numpy float": np.float64(truth),
        },
    }


def exercise_3(lab):
    truth = lab.corruption_result
    spots = lab.blind_spots
    students = lab.corrupted_students

    def on(model, examples):
        return (by_hand(lab, model, examples), lab.mean_loss(model, lab.tokenizer, examples))

    others = [ex for ex in lab.heldout_examples if ex not in spots]
    near = {
        "the two swapped": {"random": truth["systematic"], "systematic": truth["random"]},
        "measured on every held-out query": {name: on(model, lab.heldout_examples) for name, model in students.items()},
        "measured off the blind spots": {name: on(model, others) for name, model in students.items()},
        "accuracies only": {name: acc for name, (acc, _) in truth.items()},
        "percentages": {name: (100 * acc, loss) for name, (acc, loss) in truth.items()},
        "the random student alone": {"random": truth["random"]},
    }
    return {
        "near misses": differing(truth, near),
        "alternatives": {
            "counted with a loop": {name: on(model, spots) for name, model in students.items()},
            "lists, not tuples": {name: list(pair) for name, pair in truth.items()},
            "numpy floats": {name: (np.float64(a), np.float64(b)) for name, (a, b) in truth.items()},
        },
    }


VARIANTS = {"exercise 1": exercise_1, "exercise 2": exercise_2, "exercise 3": exercise_3}
