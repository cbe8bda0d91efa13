"""The checks of lab 01 (forgetting): accuracy and held-out loss, measured with the checks' own code."""

from __future__ import annotations

from ..training import mean_loss
from .common import Key, exact_match

__all__ = ["Key", "accuracy_and_loss", "rate_for_priority"]


def accuracy_and_loss(model, tokenizer, examples) -> tuple[float, float]:
    """(exact-match accuracy, mean loss per reply token of the correct replies) on ``examples``."""
    return exact_match(model, tokenizer, {"all": examples})["all"], mean_loss(model, tokenizer, examples)


def rate_for_priority(models_by_rate: dict, tokenizer, sweep_set, heldout, min_order: float) -> tuple[float, float]:
    """Lab 01, exercise 1: among the rates whose model gets at least ``min_order`` of the orders
    of ``sweep_set`` right, the one with the lowest loss on ``heldout["recommendation"]`` (if
    none does, the rate with the best order accuracy), and that loss. Measures the models the
    lab trained; it trains none."""
    order = {lr: exact_match(m, tokenizer, {"order": sweep_set["order"]})["order"] for lr, m in models_by_rate.items()}
    loss = {lr: mean_loss(m, tokenizer, heldout["recommendation"]) for lr, m in models_by_rate.items()}
    qualified = [lr for lr in models_by_rate if order[lr] >= min_order]
    rate = min(qualified, key=loss.get) if qualified else max(order, key=order.get)
    return rate, loss[rate]
