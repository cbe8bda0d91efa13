"""How each shipped checkpoint is made. One module per checkpoint, discovered automatically.

A recipe module defines ``NAME`` (the checkpoint name), ``SUMMARY`` (one line) and
``build() -> Built``: it trains from scratch, deterministically, and returns the model, its
tokenizer and the facts for the model card. Every recipe has the same shape, written once in
:func:`train_from_scratch`; a recipe says only what differs (size, vocabulary, data, budget,
what to measure). ``python -m tiny_models build`` runs recipes and saves their results with
:func:`tiny_models.checkpoints.save_checkpoint`; with ``--check`` it saves them to a temporary
folder and compares their hashes with the manifest instead.
"""

from __future__ import annotations

import importlib
import pkgutil
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import torch

from ..checkpoints import read_manifest, rebuild_command, save_checkpoint
from ..determinism import seed_everything
from ..evaluation import task_accuracy
from ..models import build_model, count_parameters
from ..tasks import support_desk
from ..tokenizer import train_tokenizer
from ..training import train


@dataclass
class Built:
    model: torch.nn.Module
    tokenizer: object
    size: str
    data: str  # what it was trained on, in a sentence or two
    training: dict[str, object]  # steps, batch size, learning rate, seed, ...
    metrics: dict[str, float] = field(default_factory=dict)  # measured on held-out data


def train_from_scratch(
    name: str,
    *,
    size: str,
    vocabulary: Callable[[], list[str]],
    data: Callable[[], Sequence],
    steps: int,
    batch_size: int,
    lr: float,
    seed: int,
    measure: Callable[[torch.nn.Module, object], dict[str, float]],
    describe: str,
    settings: dict[str, object] | None = None,
) -> Built:
    """What every recipe does: seed everything, train a word-level tokenizer on ``vocabulary()``,
    build a fresh model of ``size``, train it with AdamW on ``data()``, and measure it with
    ``measure(model, tokenizer)`` on held-out data. ``describe`` (the training data) and
    ``settings`` (training settings beyond the budget, e.g. label noise) go on the model card."""
    seed_everything(seed)
    tokenizer = train_tokenizer(vocabulary())
    model = build_model(size, tokenizer, seed=seed)
    train(model, tokenizer, data(), steps=steps, batch_size=batch_size, lr=lr, seed=seed, desc=name)
    model.eval()
    return Built(
        model=model,
        tokenizer=tokenizer,
        size=size,
        data=describe,
        training={
            "steps": steps,
            "batch size": batch_size,
            "learning rate": lr,
            "optimizer": "AdamW",
            **(settings or {}),
            "seed": seed,
        },
        metrics=measure(model, tokenizer),
    )


def support_desk_card_metrics(model, tokenizer, per_task: int, seed: int = 0) -> dict[str, float]:
    """Accuracy on held-out templates for every support-desk task, as the model card lists it."""
    heldout = {
        task: support_desk.make_examples(task, per_task, split="heldout", seed=seed) for task in support_desk.TASKS
    }
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
        f"# {name}",
        "",
        summary,
        "",
        "## Model",
        "",
        f"- Architecture: GPT-2-style causal LM (`GPT2LMHeadModel`), size `{built.size}`: "
        f"{cfg.n_layer} layers, width {cfg.n_embd}, {cfg.n_head} heads",
        f"- Parameters: {params:,} (float32 safetensors)",
        f"- Vocabulary: {cfg.vocab_size} word-level tokens (`tokenizer.json`, trained here)",
        "",
        "## Training data",
        "",
        built.data,
        "",
        "## Training",
        "",
        *[f"- {key}: {value}" for key, value in built.training.items()],
        f"- Wall time on the build machine: {seconds:.0f} s",
        "",
        "## Measured on held-out templates",
        "",
        "| metric | value |",
        "| --- | --- |",
        *[f"| {key} | {value:.3f} |" for key, value in built.metrics.items()],
        "",
        "## Rebuild",
        "",
        f"`{rebuild_command(name)}` recreates this folder bit for bit on the same machine type "
        "(seeded, CPU, fixed thread count) and updates `manifest.json`.",
        "",
    ]
    return "\n".join(lines)


def build(name: str, *, check: bool = False) -> dict[str, float]:
    """Run one recipe and save its checkpoint; returns the measured metrics.

    With ``check``, the checkpoint goes to a temporary folder and is compared file by file
    with the manifest; a difference raises SystemExit naming the files (nothing is written).
    """
    available = recipes()
    if name not in available:
        raise SystemExit(f"unknown checkpoint {name!r}; recipes: {', '.join(available)}")
    module = available[name]
    start = time.perf_counter()
    built = module.build()
    seconds = time.perf_counter() - start
    card = model_card(name, module.SUMMARY, built, seconds)
    if not check:
        save_checkpoint(name, built.model, built.tokenizer, card)
        return {**built.metrics, "seconds": seconds}
    with tempfile.TemporaryDirectory() as folder:
        hashes = save_checkpoint(name, built.model, built.tokenizer, card, into=Path(folder))
    shipped = read_manifest().get(name, {})
    differ = sorted(f for f in hashes if hashes[f] != shipped.get(f))
    if differ:
        raise SystemExit(
            f"{name}: the rebuild differs from manifest.json in {', '.join(differ)}. If the recipe changed on "
            f"purpose, record the new checkpoint with `{rebuild_command(name)}` and commit it."
        )
    return {**built.metrics, "seconds": seconds}
