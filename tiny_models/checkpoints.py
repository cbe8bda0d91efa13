"""Shipped checkpoints: save in ``save_pretrained`` layout, verify hashes, load safely.

Each checkpoint lives in ``tiny_models/weights/<name>/`` (config.json, model.safetensors,
tokenizer files and a model card README.md). ``manifest.json`` beside them records the
sha256 of every file the model is loaded from; loading refuses a checkpoint whose files are
missing or differ, and says which command rebuilds it. Weights are only ever read from
safetensors (``use_safetensors=True``), never from pickles.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import torch
from transformers import AutoTokenizer, GPT2LMHeadModel
from transformers.utils import logging as hf_logging

from .models import name_loss

WEIGHTS_DIR = Path(__file__).parent / "weights"
MANIFEST = WEIGHTS_DIR / "manifest.json"
VERIFIED_FILES = ("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json")

hf_logging.disable_progress_bar()  # loading bars would clutter every lab's output


class CheckpointError(RuntimeError):
    """A checkpoint is missing, incomplete or not the one that was shipped."""


def rebuild_command(name: str) -> str:
    return f"python -m tiny_models build {name}"


def checkpoint_path(name: str) -> Path:
    return WEIGHTS_DIR / name


def read_manifest() -> dict[str, dict[str, str]]:
    return json.loads(MANIFEST.read_text()) if MANIFEST.exists() else {}


def sha256(path: Path) -> str:
    with path.open("rb") as stream:  # streamed: a 0.5 GB model must not be read into memory at once
        return hashlib.file_digest(stream, "sha256").hexdigest()


def check_files(
    label: str, folder: Path, expected: dict[str, str], fix: str, *, manifest_name: str = MANIFEST.name
) -> None:
    """Raise CheckpointError unless every file in ``expected`` exists in ``folder`` with that sha256."""
    for filename, digest in expected.items():
        path = folder / filename
        if not path.exists():
            raise CheckpointError(f"{label} is missing {path}. {fix}")
        if sha256(path) != digest:
            raise CheckpointError(
                f"{label}: {filename} does not match its sha256 in {manifest_name} (corrupted or edited). {fix}"
            )


def verify(name: str) -> Path:
    """Check that checkpoint ``name`` is complete and matches the manifest; return its folder."""
    manifest = read_manifest()
    folder = checkpoint_path(name)
    fix = f"Rebuild it with `{rebuild_command(name)}` (from the project root)."
    if name not in manifest:
        known = ", ".join(sorted(manifest)) or "none"
        raise CheckpointError(f"unknown checkpoint {name!r}; shipped checkpoints: {known}. {fix}")
    check_files(f"checkpoint {name!r}", folder, manifest[name], fix)
    return folder


def load_checkpoint(name: str) -> tuple[GPT2LMHeadModel, object]:
    """Verify, then load model and tokenizer with the ordinary ``from_pretrained`` code."""
    folder = verify(name)
    model = GPT2LMHeadModel.from_pretrained(folder, dtype=torch.float32, use_safetensors=True)
    tokenizer = AutoTokenizer.from_pretrained(folder)
    name_loss(model)
    model.eval()
    return model, tokenizer


def save_checkpoint(
    name: str, model: GPT2LMHeadModel, tokenizer, card: str, *, into: Path | None = None
) -> dict[str, str]:
    """Write the checkpoint folder and its model card; return the sha256 of its verified files.

    By default the folder is the shipped one and its hashes go into the manifest. With ``into``,
    the files go to that folder instead and the manifest is left alone (to compare a rebuild).
    """
    folder = into or checkpoint_path(name)
    folder.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(folder, safe_serialization=True)
    tokenizer.save_pretrained(folder)
    (folder / "README.md").write_text(card)
    hashes = {f: sha256(folder / f) for f in VERIFIED_FILES}
    if into is None:
        manifest = read_manifest()
        manifest[name] = hashes
        MANIFEST.write_text(json.dumps(dict(sorted(manifest.items())), indent=2) + "\n")
    return hashes
