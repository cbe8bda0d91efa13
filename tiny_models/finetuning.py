"""One fine-tune helper for every lab: a fresh copy of a model, trained, and timed.

The labs compare fine-tunes that differ in one thing (the data, the learning rate, which
weights may move). Starting each from its own copy of the same weights, with the same recipe
and seed, is what makes those comparisons fair, so it lives here once.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import torch

from .batching import PromptResponse
from .training import train


@dataclass
class FineTune:
    """The result of :func:`fine_tune`: the trained model, its training history and its cost."""

    model: torch.nn.Module
    seconds: float
    history: list[dict[str, float]] = field(default_factory=list)


def fine_tune(
    start: torch.nn.Module,
    tokenizer,
    examples: Sequence[PromptResponse],
    *,
    steps: int,
    batch_size: int = 32,
    lr: float = 1e-3,
    seed: int = 0,
    copy_start: bool = True,
    evaluate: Callable[[torch.nn.Module], dict[str, float]] | None = None,
    eval_every: int = 0,
    penalty: Callable[[torch.nn.Module], torch.Tensor] | None = None,
    objective: Callable[[torch.nn.Module, dict[str, torch.Tensor]], torch.Tensor] | None = None,
    desc: str = "fine-tune",
    progress: bool = True,
) -> FineTune:
    """Fine-tune a copy of ``start`` on ``examples`` with :func:`tiny_models.train`.

    ``start`` itself is never changed unless ``copy_start=False`` (for a model you built to be
    trained, such as a peft model wrapping its own copy). ``evaluate(model)`` is called every
    ``eval_every`` steps and its result joins the history; ``penalty(model)`` is added to the
    loss at every step, and ``objective(model, batch)`` replaces the loss (see ``train``).
    ``seconds`` is the wall-clock time of the training alone, evaluations included, copying
    excluded.
    """
    if steps < 1:
        raise ValueError(f"steps must be at least 1, got {steps}")
    model = copy.deepcopy(start) if copy_start else start
    tracked = (lambda: evaluate(model)) if evaluate is not None else None
    began = time.perf_counter()
    history = train(
        model,
        tokenizer,
        examples,
        steps=steps,
        batch_size=batch_size,
        lr=lr,
        seed=seed,
        evaluate=tracked,
        eval_every=eval_every if evaluate is not None else 0,
        penalty=penalty,
        objective=objective,
        desc=desc,
        progress=progress,
    )
    return FineTune(model=model, seconds=time.perf_counter() - began, history=history)
