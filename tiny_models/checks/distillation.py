"""The checks of lab 03 (distillation): teacher replies, error rates and students, measured with the checks' own code."""

from __future__ import annotations

import dataclasses

from ..evaluation import generate_replies
from ..training import mean_loss
from .common import Key, exact_match, trained_copy

__all__ = ["Key", "error_rate", "student_scores", "teacher_replies"]


def teacher_replies(teacher, tokenizer, examples) -> list:
    """The examples with the teacher's greedy reply in place of their own."""
    replies = generate_replies(teacher, tokenizer, [ex.query for ex in examples])
    return [dataclasses.replace(ex, response=reply) for ex, reply in zip(examples, replies)]


def error_rate(answered, truth) -> float:
    """Share of ``answered`` whose reply differs, word for word, from the same query's in ``truth``."""
    return sum(a.response.split() != t.response.split() for a, t in zip(answered, truth)) / len(truth)


def student_scores(start, tokenizer, examples, heldout, steps: int, batch_size: int, lr: float, seed: int):
    """Lab 03, exercise 1: held-out accuracy per task and their mean, and the held-out loss on every
    task's examples, of a student trained on ``examples``."""
    student = trained_copy(start, tokenizer, examples, steps=steps, batch_size=batch_size, lr=lr, seed=seed)
    shares = exact_match(student, tokenizer, heldout)
    everything = [ex for task_examples in heldout.values() for ex in task_examples]
    return {**shares, "mean": sum(shares.values()) / len(shares)}, mean_loss(student, tokenizer, everything)
