"""How each shipped checkpoint is made. One module per checkpoint, discovered automatically.

Every checkpoint is made the same way, written once in :func:`train_from_scratch`: seed
everything, train a word-level tokenizer, build a fresh model, train it with AdamW, measure it on
held-out data. A recipe module says only what differs, as names:

- ``NAME`` (the checkpoint name), ``SUMMARY`` (one line for the model card);
- ``SEED``, ``SIZE`` (a name in ``tiny_models.models.SIZES``), ``STEPS``, ``BATCH``, ``LR``;
- ``vocabulary()`` (text with every word the model will meet) and ``training_data()``;
- ``measure(model, tokenizer)`` (held-out metrics for the card) and ``DATA`` (its training data
  in a sentence or two); optionally ``SETTINGS``, further training settings for the card.

``python -m tiny_models build`` runs recipes and saves their results with
:func:`tiny_models.checkpoints.save_checkpoint`; with ``--check`` it saves them to a temporary
folder and compares their hashes with the manifest instead.
"""

from __future__ import annotations

import importlib
import pkgutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import torch

from ..checkpoints import read_manifest, rebuild_command, save_checkpoint
from ..determinism import THREADS, seed_everything
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


def train_from_scratch(recipe: ModuleType) -> Built:
    """Make the checkpoint that ``recipe`` describes (see the module docstring)."""
    seed_everything(recipe.SEED, threads=THREADS)  # checkpoints are defined at the default count
    tokenizer = train_tokenizer(recipe.vocabulary())
    model = build_model(recipe.SIZE, tokenizer, seed=recipe.SEED)
    steps, batch, lr = recipe.STEPS, recipe.BATCH, recipe.LR
    train(
        model,
        tokenizer,
        recipe.training_data(),
        steps=steps,
        batch_size=batch,
        lr=lr,
        seed=recipe.SEED,
        desc=recipe.NAME,
    )
    model.eval()
    settings = getattr(recipe, "SETTINGS", {})
    return Built(
        model=model,
        tokenizer=tokenizer,
        size=recipe.SIZE,
        data=recipe.DATA,
        training={
            "steps": steps,
            "batch size": batch,
            "learning rate": lr,
            "optimizer": "AdamW",
            **settings,
            "seed": recipe.SEED,
        },
        metrics=recipe.measure(model, tokenizer),
    )


def support_desk_measure(per_task: int, seed: int = 0) -> Callable[[torch.nn.Module, object], dict[str, float]]:
    """A recipe's ``measure`` for the support desk: accuracy on ``per_task`` held-out examples of
    every task, as the model card lists it."""

    def measure(model, tokenizer) -> dict[str, float]:
        heldout = {
            task: support_desk.make_examples(task, per_task, split="heldout", seed=seed) for task in support_desk.TASKS
        }
        return {f"accuracy/{task}": acc for task, acc in task_accuracy(model, tokenizer, heldout).items()}

    return measure


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
    built = train_from_scratch(module)
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
