import json
import shutil
import types

import pytest

from tiny_models import checkpoints, recipes
from tiny_models.checkpoints import CheckpointError, load_checkpoint
from tiny_models.models import SIZES
from tiny_models.tasks import support_desk


@pytest.fixture
def sandbox(tmp_path, monkeypatch):
    """A copy of the shipped checkpoints that tests may damage."""
    copy = tmp_path / "weights"
    shutil.copytree(checkpoints.WEIGHTS_DIR, copy)
    monkeypatch.setattr(checkpoints, "WEIGHTS_DIR", copy)
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


# --- rebuilding: the shape every recipe shares, on a budget of seconds -----------------------
# A full rebuild of a shipped checkpoint takes a minute or more each (`python -m tiny_models
# build NAME --check` does it by hand); these tests run the same code path on a tiny model.


TINY_RECIPE = types.SimpleNamespace(
    NAME="tiny-test",
    SUMMARY="A test model.",
    SEED=0,
    SIZE="tiny",
    STEPS=3,
    BATCH=8,
    LR=3e-3,
    vocabulary=support_desk.vocabulary_corpus,
    training_data=lambda: support_desk.make_examples("order", 64, seed=0),
    measure=lambda model, tokenizer: {"parameters": float(sum(p.numel() for p in model.parameters()))},
    DATA="64 order changes",
    SETTINGS={"label noise": 0.0},
)


def tiny_build() -> recipes.Built:
    return recipes.train_from_scratch(TINY_RECIPE)


def test_every_recipe_names_what_the_shared_shape_reads():
    needed = (
        "NAME",
        "SUMMARY",
        "SEED",
        "SIZE",
        "STEPS",
        "BATCH",
        "LR",
        "vocabulary",
        "training_data",
        "measure",
        "DATA",
    )
    for name, module in recipes.recipes().items():
        assert module.NAME == name
        missing = [attr for attr in needed if not hasattr(module, attr)]
        assert not missing, f"recipe {name} lacks {missing}"
        assert module.SIZE in SIZES and callable(module.training_data) and callable(module.measure)


def test_recipe_shape_rebuilds_bit_identically(tmp_path):
    first, second = tiny_build(), tiny_build()
    hashes = [
        checkpoints.save_checkpoint("tiny-test", built.model, built.tokenizer, "card", into=tmp_path / str(i))
        for i, built in enumerate((first, second))
    ]
    assert hashes[0] == hashes[1]
    assert set(hashes[0]) == set(checkpoints.VERIFIED_FILES)
    assert list(first.training) == ["steps", "batch size", "learning rate", "optimizer", "label noise", "seed"]


@pytest.fixture
def tiny_recipe(tmp_path, monkeypatch):
    """The recipe registry with one tiny recipe, and a manifest in tmp_path."""
    monkeypatch.setattr(recipes, "recipes", lambda: {"tiny-test": TINY_RECIPE})
    monkeypatch.setattr(checkpoints, "WEIGHTS_DIR", tmp_path / "weights")
    monkeypatch.setattr(checkpoints, "MANIFEST", tmp_path / "weights" / "manifest.json")
    return checkpoints.MANIFEST


def test_build_check_compares_with_the_manifest_and_writes_nothing(tiny_recipe):
    recipes.build("tiny-test")  # records the manifest entry
    recorded = tiny_recipe.read_text()
    card = (checkpoints.checkpoint_path("tiny-test") / "README.md").read_text()
    assert "python -m tiny_models build tiny-test" in card and "| parameters |" in card
    recipes.build("tiny-test", check=True)  # the same recipe rebuilds identically
    assert tiny_recipe.read_text() == recorded
    manifest = json.loads(recorded)
    manifest["tiny-test"]["model.safetensors"] = "0" * 64
    tiny_recipe.write_text(json.dumps(manifest))
    with pytest.raises(SystemExit, match="differs from manifest.json in model.safetensors.*build tiny-test"):
        recipes.build("tiny-test", check=True)
