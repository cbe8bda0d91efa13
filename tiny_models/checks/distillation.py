"""The checks of lab 03 (distillation): error rates and students, measured with the checks' own code."""

from __future__ import annotations

import torch

from ..batching import IGNORE, encode_examples
from ..training import mean_loss
from .common import Key, exact_match, trained_copy

__all__ = ["Key", "blind_spot_lesson", "greedy_error_rate", "student_scores"]

# exercise 3's thresholds, with a margin over what normal seeds 0-3 and fast seeds 0-1 measured
SYSTEMATIC_MAX, RANDOM_MIN = 0.1, 0.75


def greedy_error_rate(teacher, tokenizer, truth) -> float:
    """Share of ``truth`` whose correct reply the teacher would *not* write greedily.

    Measured without generating: one forward pass over the correct replies (teacher forcing).
    Greedy decoding writes the correct reply, [EOS] included, exactly when the most likely next
    token is the correct one at every reply position, so a reply is counted wrong where any
    position's top token differs from the label.
    """
    wrong = 0
    teacher.eval()
    with torch.no_grad():
        for start in range(0, len(truth), 200):
            batch = encode_examples(tokenizer, list(truth[start : start + 200]))
            logits = teacher(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]).logits
            labels = batch["labels"][:, 1:]
            misses = (logits[:, :-1].argmax(-1) != labels) & (labels != IGNORE)
            wrong += int(misses.any(dim=1).sum())
    return wrong / len(truth)


def student_scores(start, tokenizer, examples, heldout, steps: int, batch_size: int, lr: float, seed: int):
    """Lab 03, exercise 1: held-out accuracy per task and their mean, and the held-out loss on every
    task's examples, of a student trained on ``examples``."""
    student = trained_copy(start, tokenizer, examples, steps=steps, batch_size=batch_size, lr=lr, seed=seed)
    shares = exact_match(student, tokenizer, heldout)
    everything = [ex for task_examples in heldout.values() for ex in task_examples]
    return {**shares, "mean": sum(shares.values()) / len(shares)}, mean_loss(student, tokenizer, everything)


def blind_spot_lesson(answer) -> bool:
    """Lab 03, exercise 3: ``{"random": (accuracy, loss), "systematic": (accuracy, loss)}`` on the
    blind spots shows the lesson. Accuracies are fractions; the student taught by the systematic
    corruption is right on at most ``SYSTEMATIC_MAX`` of its blind spots, the one taught by the
    random corruption on at least ``RANDOM_MIN``, and the first is less sure of the correct
    replies there (a higher loss). Training both students again would double the exercise's run
    time, so this check tests the lesson, not the exact numbers (the exercise earns no points)."""
    if not isinstance(answer, dict) or set(answer) != {"random", "systematic"}:
        return False
    pairs = {}
    for name, pair in answer.items():
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            return False
        if any(isinstance(v, bool) or not hasattr(v, "__float__") for v in pair):
            return False
        pairs[name] = (float(pair[0]), float(pair[1]))
    (random_acc, random_loss), (systematic_acc, systematic_loss) = pairs["random"], pairs["systematic"]
    return (
        0.0 <= systematic_acc <= SYSTEMATIC_MAX
        and RANDOM_MIN <= random_acc <= 1.0
        and 0.0 <= random_loss < systematic_loss
    )
