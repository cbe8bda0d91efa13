"""The lab runner: command line, failure reports, the cache key."""

import json
import subprocess
import sys

import pytest

from labtools.registry import Lab, all_labs, find_lab
from labtools.runner import ROOT, LabFailed, cached_run, dependency_hash, run_lab
from tiny_models.determinism import THREADS


def labs_cli(*args):
    return subprocess.run([sys.executable, "-m", "labs", *args], cwd=ROOT, capture_output=True, text=True)


def test_list_shows_every_lab_with_purpose_and_time():
    result = labs_cli("list")
    assert result.returncode == 0
    for lab in all_labs():
        assert lab.name in result.stdout and lab.title in result.stdout
    assert " s " in result.stdout


def test_unknown_lab_lists_the_valid_ones():
    result = labs_cli("run", "forgeting")
    assert result.returncode == 2
    assert "unknown lab 'forgeting'; valid labs:" in result.stderr
    assert "meet_the_model" in result.stderr


def test_find_lab_by_name_slug_or_number():
    assert find_lab("meet_the_model") == find_lab("00_meet_the_model") == find_lab("00")


@pytest.mark.lab
def test_run_json_prints_one_object(tmp_path):
    result = labs_cli("run", "meet_the_model", "--fast", "--json", "--seed", "2", "--out", str(tmp_path / "x.ipynb"))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)  # the whole of stdout is one JSON object
    assert report["lab"] == "meet_the_model" and report["seed"] == 2 and report["fast"] is True
    assert report["seconds"] > 0
    assert set(report["metrics"]) >= {"base/recommendation", "base/order", "base/feedback"}
    assert (tmp_path / "x.ipynb").exists()


def fake_lab(tmp_path, source: str) -> Lab:
    folder = tmp_path / "99_broken"
    folder.mkdir()
    (folder / "lab.py").write_text(source)
    return Lab(slug="99_broken", name="broken", title="t", purpose="p", expected_seconds=1, folder=folder)


def test_a_failing_cell_is_named_by_lab_number_and_source(tmp_path):
    lab = fake_lab(tmp_path, "# %% [markdown]\n# intro\n\n# %%\nx = 1\n\n# %%\nraise ValueError('boom ' + str(x))\n")
    with pytest.raises(LabFailed) as failure:
        run_lab(lab, seed=0, fast=True)
    message = str(failure.value)
    assert "lab 'broken' failed in cell 2" in message
    assert "raise ValueError('boom ' + str(x))" in message
    assert "ValueError: boom 1" in message


def test_the_cache_key_covers_source_seed_mode_and_threads(tmp_path):
    lab = fake_lab(tmp_path, "# %%\nx = 1\n")
    key = dependency_hash(lab, 0, False)
    assert key == dependency_hash(lab, 0, False) == dependency_hash(lab, 0, False, THREADS)
    assert key != dependency_hash(lab, 1, False) != dependency_hash(lab, 0, True)
    assert key != dependency_hash(lab, 0, False, 1)
    lab.source.write_text("# %%\nx = 2\n")
    assert dependency_hash(lab, 0, False) != key


def test_cached_run_reuses_a_run_and_says_so(tmp_path):
    lab = fake_lab(tmp_path, "# %%\nx = 1\n")
    first = cached_run(lab, cache_dir=tmp_path / "cache")
    again = cached_run(lab, cache_dir=tmp_path / "cache")
    assert (first.reused, again.reused) == (False, True)
    assert again.seconds == pytest.approx(first.seconds, abs=0.01)  # saved to two decimals
    assert len(list((tmp_path / "cache").glob("*.ipynb"))) == 1
