"""A small, seeded PyTorch training loop that works for full fine-tuning and for peft models.

It is the loop a lab would write by hand (sample a batch, compute the loss, step the
optimiser), plus three conveniences: the dataset is tokenised once, a tqdm bar shows progress
in a notebook or a terminal, and an optional ``evaluate`` callback records metrics every few
steps so that a lab can plot how accuracy moves *during* training.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Sequence

import torch
from tqdm import tqdm  # the text bar (tqdm.std): same look in a terminal and in a notebook

from .batching import IGNORE, PromptResponse, encode_examples


def train(
    model: torch.nn.Module,
    tokenizer,
    examples: Sequence[PromptResponse],
    *,
    steps: int,
    batch_size: int = 32,
    lr: float = 1e-3,
    seed: int = 0,
    evaluate: Callable[[], dict[str, float]] | None = None,
    eval_every: int = 0,
    progress: bool = True,
    desc: str = "training",
    penalty: Callable[[torch.nn.Module], torch.Tensor] | None = None,
    objective: Callable[[torch.nn.Module, dict[str, torch.Tensor]], torch.Tensor] | None = None,
) -> list[dict[str, float]]:
    """Train ``model`` for ``steps`` batches drawn at random from ``examples``.

    Only parameters with ``requires_grad`` are optimised, so a peft (LoRA) model trains its
    adapters and nothing else. ``objective(model, batch)``, if given, replaces the loss the
    model computes from the batch's ``labels`` (the cross-entropy of the reply tokens), for
    example with a distillation loss on a teacher's probabilities. ``penalty(model)``, if given,
    is added to every step's loss: a regulariser such as L2-SP or EWC that keeps weights near
    where they started. Returns the history: one row per logged step with ``step``, ``loss``
    (the objective, without the penalty) and, on evaluation steps, whatever ``evaluate()``
    returned.
    """
    if not examples:
        raise ValueError("train() needs at least one example")
    data = encode_examples(tokenizer, list(examples))
    lengths = data["attention_mask"].sum(dim=1)
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=lr, weight_decay=0.0)
    scheduler = warmup_cosine(optimizer, steps)
    generator = torch.Generator().manual_seed(seed)
    history: list[dict[str, float]] = []

    def log(step: int, loss: float) -> None:
        row = {"step": step, "loss": loss}
        if evaluate is not None and eval_every and (step % eval_every == 0 or step == steps):
            model.eval()
            row.update(evaluate())
        history.append(row)

    log(0, float("nan"))
    model.train()
    # progress=False always hides the bar; otherwise tqdm decides, so that TQDM_DISABLE=1 (set
    # by the lab runner for saved notebooks) hides it too. An explicit disable=False would win.
    # The bar writes to stdout: Jupyter shows stderr in red, like an error. It stays as one line
    # when done ("desc: 100%| 300/300 ..."), so a saved notebook keeps a readable record
    # instead of an empty output stripe.
    hide = {} if progress else {"disable": True}
    bar = tqdm(range(1, steps + 1), desc=desc, unit="step", leave=True, mininterval=0.5, file=sys.stdout, **hide)
    for step in bar:
        rows = torch.randint(len(examples), (batch_size,), generator=generator)
        width = int(lengths[rows].max())  # trim padding that no row in this batch needs
        batch = {key: value[rows, :width] for key, value in data.items()}
        loss = training_step(model, batch, optimizer, params, penalty, objective)
        scheduler.step()
        bar.set_postfix(loss=f"{loss:.3f}", refresh=False)
        log(step, loss)
        model.train()
    model.eval()
    return history


def training_step(model, batch, optimizer, params, penalty=None, objective=None) -> float:
    """One step of gradient descent, the core of every fine-tune in this course.

    The model computes the cross-entropy of the reply tokens itself (``labels`` in ``batch``);
    backpropagation fills each trainable weight's ``.grad``; clipping the gradient's norm to 1
    keeps one unlucky batch from throwing the weights far; AdamW moves each weight.
    """
    loss = model(**batch).loss if objective is None else objective(model, batch)
    total = loss if penalty is None else loss + penalty(model)
    optimizer.zero_grad(set_to_none=True)
    total.backward()
    torch.nn.utils.clip_grad_norm_(params, 1.0)
    optimizer.step()
    return loss.item()


def warmup_cosine(optimizer: torch.optim.Optimizer, steps: int, warmup: float = 0.05, floor: float = 0.1):
    """Learning rate: a short linear warm-up, then a cosine decay to ``floor`` x the peak.

    Warm-up keeps the first, noisy Adam steps small; the decay lets the last steps settle,
    which matters here because accuracy is exact match (one wrong digit fails a reply).
    """
    warm = max(1, int(warmup * steps))

    def factor(step: int) -> float:
        if step < warm:
            return (step + 1) / warm
        progress = (step - warm) / max(1, steps - warm)
        return floor + (1 - floor) * 0.5 * (1 + math.cos(math.pi * progress))

    return torch.optim.lr_scheduler.LambdaLR(optimizer, factor)


def mean_loss(model: torch.nn.Module, tokenizer, examples: Sequence[PromptResponse], batch_size: int = 256) -> float:
    """Average cross-entropy per predicted token (response tokens only)."""
    total, count = 0.0, 0
    model.eval()
    with torch.no_grad():
        for start in range(0, len(examples), batch_size):
            batch = encode_examples(tokenizer, list(examples[start : start + batch_size]))
            n = int((batch["labels"][:, 1:] != IGNORE).sum())
            total += model(**batch).loss.item() * n
            count += n
    return total / count
