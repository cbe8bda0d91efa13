"""The checks of lab 01 (forgetting): accuracy and held-out loss, measured with the checks' own code."""

from __future__ import annotations

from ..training import mean_loss
from .common import Key, exact_match, trained_copy

__all__ = ["Key", "accuracy_and_loss", "gentle_fine_tune"]


def accuracy_and_loss(model, tokenizer, examples) -> tuple[float, float]:
    """(exact-match accuracy, mean loss per reply token of the correct replies) on ``examples``."""
    return exact_match(model, tokenizer, {"all": examples})["all"], mean_loss(model, tokenizer, examples)


def gentle_fine_tune(base, tokenizer, order_data, heldout, steps: int, batch_size: int, lr: float, seed: int):
    """Lab 01, exercise 1: after the order fine-tune at ``lr / 10``, the held-out accuracy per
    task and the held-out loss on recommendations."""
    model = trained_copy(base, tokenizer, order_data, steps=steps, batch_size=batch_size, lr=lr / 10, seed=seed)
    return exact_match(model, tokenizer, heldout), mean_loss(model, tokenizer, heldout["recommendation"])
