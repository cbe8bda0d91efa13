"""How each shipped checkpoint is made. One module per checkpoint, discovered automatically.

A recipe module defines ``NAME`` (the checkpoint name), ``SUMMARY`` (one line) and
``build() -> Built``: it trains from scratch, deterministically, and returns the model, its
tokenizer and the facts for the model card. ``python -m tiny_models build`` runs recipes and
saves their results with :func:`tiny_models.checkpoints.save_checkpoint`.
"""

from __future__ import annotations

import importlib
import pkgutil
import time
from dataclasses import dataclass, field
from types import ModuleType

import torch

from ..checkpoints import rebuild_command, save_checkpoint
from ..evaluation import task_accuracy
from ..models import count_parameters
from ..tasks import support_desk


@dataclass
class Built:
    model: torch.nn.Module
    tokenizer: object
    size: str
    data: str  # what it was trained on, in a sentence or two
    training: dict[str, object]  # steps, batch size, learning rate, seed, ...
    metrics: dict[str, float] = field(default_factory=dict)  # measured on held-out data


def support_desk_card_metrics(model, tokenizer, per_task: int, seed: int = 0) -> dict[str, float]:
    """Accuracy on held-out templates for every support-desk task, as the model card lists it."""
    heldout = {task: support_desk.make_examples(task, per_task, split="heldout", seed=seed)
               for task in support_desk.TASKS}
    return {f"accuracy/{task}": acc for task, acc in task_accuracy(model, tokenizer, heldout).items()}


def recipes() -> dict[str, ModuleType]:
    found = {}
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        found[module.NAME] = module
    return dict(sorted(found.items()))


def model_card(name: str, summary: str, built: Built, seconds: float) -> str:
    params = count_parameters(built.model)
    cfg = built.model.config
    lines = [
        f"# {name}", "", summary, "",
        "## Model", "",
        f"- Architecture: GPT-2-style causal LM (`GPT2LMHeadModel`), size `{built.size}`: "
        f"{cfg.n_layer} layers, width {cfg.n_embd}, {cfg.n_head} heads",
        f"- Parameters: {params:,} (float32 safetensors)",
        f"- Vocabulary: {cfg.vocab_size} word-level tokens (`tokenizer.json`, trained here)", "",
        "## Training data", "", built.data, "",
        "## Training", "",
        *[f"- {key}: {value}" for key, value in built.training.items()],
        f"- Wall time on the build machine: {seconds:.0f} s", "",
        "## Measured on held-out templates", "",
        "| metric | value |", "| --- | --- |",
        *[f"| {key} | {value:.3f} |" for key, value in built.metrics.items()], "",
        "## Rebuild", "",
        f"`{rebuild_command(name)}` recreates this folder bit for bit on the same machine type "
        "(seeded, CPU, fixed thread count) and updates `manifest.json`.", "",
    ]
    return "\n".join(lines)


def build(name: str) -> dict[str, float]:
    """Run one recipe and save its checkpoint; returns the measured metrics."""
    available = recipes()
    if name not in available:
        raise SystemExit(f"unknown checkpoint {name!r}; recipes: {', '.join(available)}")
    module = available[name]
    start = time.perf_counter()
    built = module.build()
    seconds = time.perf_counter() - start
    save_checkpoint(name, built.model, built.tokenizer, model_card(name, module.SUMMARY, built, seconds))
    return {**built.metrics, "seconds": seconds}
