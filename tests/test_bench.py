"""``python -m labs bench``: what it writes into lab.toml and what it refuses (no lab is run)."""

from __future__ import annotations

import shutil

import pytest

from labtools.bench import Timing, record
from labtools.cli import main
from labtools.registry import Lab, find_lab


def copy_of_lab(tmp_path) -> Lab:
    lab = find_lab("meet_the_model")
    folder = tmp_path / lab.slug
    shutil.copytree(lab.folder, folder)
    return Lab(lab.slug, lab.name, lab.title, lab.purpose, lab.expected_seconds, folder)


def test_record_writes_the_median_and_keeps_the_rest(tmp_path):
    lab = copy_of_lab(tmp_path)
    before = (lab.folder / "lab.toml").read_text()
    record(Timing(lab, seconds=[31.2, 29.6, 40.1], peak_mb=[450, 460, 455]))
    after = (lab.folder / "lab.toml").read_text()
    assert "expected_seconds = 31\n" in after
    assert [line for line in after.splitlines() if not line.startswith("expected_seconds")] == [
        line for line in before.splitlines() if not line.startswith("expected_seconds")
    ]


def test_record_refuses_a_lab_toml_without_the_line(tmp_path):
    lab = copy_of_lab(tmp_path)
    (lab.folder / "lab.toml").write_text('title = "x"\n')
    with pytest.raises(ValueError, match="expected_seconds"):
        record(Timing(lab, seconds=[1.0], peak_mb=[1.0]))


@pytest.mark.parametrize("args", [["--record", "--runs", "2"], ["--record", "--fast"], ["--runs", "0"]])
def test_bench_refuses_figures_not_fit_for_lab_toml(args, capsys):
    assert main(["bench", "meet_the_model", *args]) == 2
    assert "error:" in capsys.readouterr().err


def test_unknown_lab_lists_the_valid_ones(capsys):
    assert main(["bench", "no_such_lab"]) == 2
    assert "valid labs" in capsys.readouterr().err


def test_record_class_writes_one_grading_table_and_replaces_it(tmp_path):
    import tomllib

    from labtools.bench import ClassTiming, record_class

    lab = copy_of_lab(tmp_path)
    toml = lab.folder / "lab.toml"
    # Start from the lab.toml without the real lab's own record, if it has one.
    toml.write_text(toml.read_text().split("\n# Measured by `python -m labs bench --class")[0])
    before = toml.read_text()
    record_class(ClassTiming(lab, students=40, jobs=2, seconds=541.4))
    record_class(ClassTiming(lab, students=40, jobs=2, seconds=498.6))  # a second record replaces the first
    after = toml.read_text()
    assert tomllib.loads(after)["grading"] == {"students": 40, "jobs": 2, "seconds": 499}
    assert after.count("[grading]") == 1 and after.count("# Measured by `python -m labs bench --class") == 1
    assert after.startswith(before.rstrip())  # the rest of lab.toml is kept


@pytest.mark.parametrize("args", [["--class", "0", "meet_the_model"], ["--class", "3"], ["--class", "3", "00", "01"]])
def test_bench_class_needs_one_lab_and_a_class(args, capsys):
    assert main(["bench", *args]) == 2
    assert "--class N times grading one lab" in capsys.readouterr().err


def test_compare_alternates_two_trees_and_swaps_who_goes_first(monkeypatch):
    import subprocess

    from labtools import bench

    head = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
    calls = []

    def fake_run(lab, *, seed, fast, tree=None):
        if tree is not None:  # the other tree is a real checkout of the revision asked for
            checked_out = subprocess.run(["git", "-C", str(tree), "rev-parse", "HEAD"], capture_output=True, text=True)
            assert checked_out.stdout.strip() == head and (tree / "labs").is_dir()
        calls.append("old" if tree else "new")
        return (10.0 if tree else 9.0), 100.0

    monkeypatch.setattr(bench, "run_once", fake_run)
    [(new, old)] = bench.compare([find_lab("meet_the_model")], against="HEAD", runs=3, fast=True, log=lambda _: None)
    assert calls == ["new", "old", "old", "new", "new", "old"]
    assert (new.median, old.median) == (9.0, 10.0)
    assert "0.90x" in bench.comparison_row(new, old, "HEAD")
    worktrees = subprocess.run(["git", "worktree", "list"], capture_output=True, text=True, check=True).stdout
    assert "bench-against-" not in worktrees  # removed afterwards


@pytest.mark.parametrize(
    "args, message",
    [
        (["--against", "no-such-revision"], "not a commit of this repository"),
        (["--against", "HEAD", "--record", "--runs", "2"], "--record writes lab.toml's normal-mode figure"),
        (["--against", "HEAD", "--class", "3"], "--against does not apply"),
    ],
)
def test_bench_against_refuses_what_it_cannot_do(args, message, capsys):
    assert main(["bench", "meet_the_model", *args]) == 2
    assert message in capsys.readouterr().err
