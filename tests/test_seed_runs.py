"""Runs on other seeds (tiny_models/seed_runs.py, ``python -m labs seeds``): what the fingerprint
covers, and that a stale record is never shown. No lab is run here."""

from __future__ import annotations

import json
import shutil

import pytest

from labtools.cli import main
from labtools.registry import find_lab
from tiny_models import seed_runs


def names(lab: str) -> set[str]:
    deps = seed_runs.dependencies(find_lab(lab).source.resolve())
    return {str(p.relative_to(seed_runs.PACKAGE)) for p in deps if p.is_relative_to(seed_runs.PACKAGE)}


def test_a_lab_depends_on_the_modules_it_imports_and_theirs():
    bias, facts = names("bias"), names("facts")
    assert {"checks/bias.py", "checks/common.py", "tasks/bias_corpus.py", "training.py", "labkit.py"} <= bias
    assert "retrieval.py" in facts and "retrieval.py" not in bias  # lab 02 never imports retrieval
    assert "seed_runs.py" in bias  # imported inside show_expected: a function's own import counts


@pytest.fixture
def fake_project(tmp_path, monkeypatch):
    """A copy of tiny_models and of lab 02's folder, which the fingerprint reads instead."""
    shutil.copytree(
        seed_runs.PACKAGE, tmp_path / "tiny_models", ignore=shutil.ignore_patterns("weights", "__pycache__")
    )
    (tmp_path / "tiny_models" / "weights").mkdir()
    (tmp_path / "tiny_models" / "weights" / "manifest.json").write_text("{}")
    shutil.copy(seed_runs.ROOT / "constraints.txt", tmp_path / "constraints.txt")
    lab = tmp_path / "labs" / "02_bias"
    shutil.copytree(find_lab("bias").folder, lab, ignore=shutil.ignore_patterns("seeds.json"))
    package = tmp_path / "tiny_models"
    monkeypatch.setattr(seed_runs, "PACKAGE", package)
    monkeypatch.setattr(seed_runs, "ROOT", tmp_path)
    monkeypatch.setattr(
        seed_runs,
        "DATA_FILES",
        [package / "weights" / "manifest.json", package / "real_models.json", tmp_path / "constraints.txt"],
    )
    return tmp_path, lab


def test_the_fingerprint_moves_with_what_the_lab_runs_and_only_that(fake_project):
    root, lab = fake_project
    first = seed_runs.fingerprint(lab)
    (root / "tiny_models" / "retrieval.py").write_text("# not imported by lab 02\n")
    (lab / "README.md").write_text("prose changes no number\n")
    assert seed_runs.fingerprint(lab) == first
    for changed in (root / "tiny_models" / "tasks" / "bias_corpus.py", lab / "lab.py", root / "constraints.txt"):
        before = seed_runs.fingerprint(lab)
        changed.write_text(changed.read_text() + "\n# changed\n")
        assert seed_runs.fingerprint(lab) != before, changed


def test_a_stale_record_is_not_shown(fake_project):
    _, lab = fake_project
    runs = {str(s): {"metrics": {"cda_replay/ceo": 0.5 + s / 100}, "checks": {}} for s in (1, 2, 3)}
    record = {"fingerprint": seed_runs.fingerprint(lab), "runs": runs}
    (lab / "seeds.json").write_text(json.dumps(record))
    mean, sd, n = seed_runs.spread(lab)["cda_replay/ceo"]
    assert n == 3 and mean == pytest.approx(0.52) and sd == pytest.approx(0.01)
    (lab / "lab.py").write_text((lab / "lab.py").read_text() + "\n# a change\n")
    assert seed_runs.spread(lab) is None


def test_the_seeds_command_refuses_seed_zero(capsys):
    assert main(["seeds", "meet_the_model", "--seeds", "0", "1"]) == 2
    assert "seed 0 is the run the site shows" in capsys.readouterr().err
