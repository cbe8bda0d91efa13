import shutil

import pytest

from tiny_models import checkpoints
from tiny_models.checkpoints import CheckpointError, load_checkpoint


@pytest.fixture
def sandbox(tmp_path, monkeypatch):
    """A copy of the shipped checkpoints that tests may damage."""
    copy = tmp_path / "checkpoints"
    shutil.copytree(checkpoints.CHECKPOINT_DIR, copy)
    monkeypatch.setattr(checkpoints, "CHECKPOINT_DIR", copy)
    monkeypatch.setattr(checkpoints, "MANIFEST", copy / "manifest.json")
    return copy


def test_every_shipped_checkpoint_verifies_and_has_a_card():
    for name in checkpoints.read_manifest():
        folder = checkpoints.verify(name)
        card = (folder / "README.md").read_text()
        assert f"python -m tiny_models build {name}" in card
        assert (folder / "model.safetensors").stat().st_size < 5_000_000
        assert not list(folder.glob("*.bin")) and not list(folder.glob("*.pt"))  # never pickles


def test_load_support_base_with_from_pretrained():
    model, tokenizer = load_checkpoint("support-base")
    assert model.config.vocab_size == len(tokenizer)
    assert tokenizer.pad_token_id == model.config.pad_token_id


def test_missing_checkpoint_names_the_rebuild_command(sandbox):
    (sandbox / "support-base" / "model.safetensors").unlink()
    with pytest.raises(CheckpointError, match="python -m tiny_models build support-base"):
        load_checkpoint("support-base")


def test_corrupted_checkpoint_is_refused(sandbox):
    weights = sandbox / "support-base" / "model.safetensors"
    data = bytearray(weights.read_bytes())
    data[-1] ^= 0xFF
    weights.write_bytes(bytes(data))
    with pytest.raises(CheckpointError, match="does not match its sha256.*python -m tiny_models build support-base"):
        load_checkpoint("support-base")


def test_unknown_checkpoint_lists_the_shipped_ones():
    with pytest.raises(CheckpointError, match="shipped checkpoints: .*support-base"):
        load_checkpoint("support-huge")
