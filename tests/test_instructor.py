"""The instructor kit: answer keys, student copies and the grader on a fixture class.

The fixture submissions for lab meet_the_model are built here from the lab itself (its student
copy and its reference solutions), so they follow the lab as it changes.
"""

from __future__ import annotations

import csv
import json

import nbformat
import pytest
from conftest import LESSON_RUNS

from labtools.grade import grade
from labtools.handout import EXERCISE, SOLUTION, tags
from labtools.registry import all_labs, find_lab
from labtools.runner import read_notebook
from labtools.student import make_student_copies, read_roster, student_notebook
from tiny_models.labkit import CHECK_MIME

LABS = [lab.name for lab in all_labs()]


@pytest.mark.lab
@pytest.mark.parametrize("name", LABS)
@pytest.mark.parametrize(("seed", "fast"), LESSON_RUNS)
def test_reference_solutions_pass_their_checks(lab_run, name, seed, fast):
    """On the runs the lessons are asserted on (two seeds, both modes), so no extra run."""
    checks = lab_run(name, seed=seed, fast=fast).checks
    assert checks, f"lab {name} has no checked exercise"
    assert set(checks.values()) == {"pass"}, checks


@pytest.mark.parametrize("name", LABS)
def test_student_copy_has_no_solution(name, tmp_path):
    lab = find_lab(name)
    solutions = [c.source.strip() for c in read_notebook(lab).cells if SOLUTION in tags(c)]
    nb = student_notebook(lab)
    text = "\n".join(c.source for c in nb.cells)
    assert solutions and not any(s in text for s in solutions)
    assert not any(SOLUTION in tags(c) for c in nb.cells)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")
    assert any(EXERCISE in tags(c) for c in nb.cells)


def test_roster_variants(tmp_path):
    (tmp_path / "roster.csv").write_text("student,seed\nann,\nben,7\n")
    roster = read_roster(tmp_path / "roster.csv")
    assert roster["ben"].seed == 7 and roster["ann"].seed == read_roster(tmp_path / "roster.csv")["ann"].seed
    zips = make_student_copies(["meet_the_model"], tmp_path / "out", roster)
    assert [z.name for z in zips] == ["ann.zip", "ben.zip"]
    ben = nbformat.read(tmp_path / "out" / "ben" / "00_meet_the_model.ipynb", as_version=4)
    assert 'os.environ["LAB_SEED"] = "7"' in ben.cells[0].source


# --- the fixture class -----------------------------------------------------------------------


def fill(answers: dict[int, str]):
    """The student copy of meet_the_model with exercise cell k replaced by answers[k]."""
    nb = student_notebook(find_lab("meet_the_model"))
    exercises = [c for c in nb.cells if EXERCISE in tags(c)]
    for k, source in answers.items():
        exercises[k].source = source
    return nb


def first_code(nb, source: str):
    next(c for c in nb.cells if c.cell_type == "code").source = source
    return nb


def fixture_class(folder, out_dir):
    lab = find_lab("meet_the_model")
    solutions = [c.source for c in read_notebook(lab).cells if SOLUTION in tags(c)]
    folder.mkdir()
    write = lambda name, nb: nbformat.write(nb, folder / f"{name}.ipynb")  # noqa: E731
    write("alice", fill(dict(enumerate(solutions))))  # correct
    write("bob", fill({0: solutions[0], 1: "copied_ids = -1"}))  # partly correct
    write("carol", fill({}))  # blank: the student copy as handed out
    write("dan", first_code(fill({}), "raise RuntimeError('my notebook is broken')"))  # crashes
    write("eve", first_code(fill({}), "while True:\n    pass"))  # hangs
    write("frank", first_code(fill({}), "for _ in range(100):\n    print('x' * 100_000)"))  # megabytes
    (folder / "gina.ipynb").write_text("print('this is a script, not a notebook')")
    (folder / "hal.ipynb").write_bytes(b"")
    # mallory: a fake check_answer that always passes, printed PASS, edited recorded results
    fake = nbformat.v4.new_notebook()
    fake.cells = [
        nbformat.v4.new_code_cell(
            "import tiny_models.labkit as labkit\n"
            "def check_answer(exercise, answer, is_correct, hint):\n"
            "    print(f'✅ {exercise}: correct!')\n"
            "labkit.check_answer = check_answer\n"
            "train_accuracy, copied_ids = 0.123, 7"
        )
    ]
    for exercise, answer in [("exercise 1", "train_accuracy"), ("exercise 2", "copied_ids")]:
        cell = nbformat.v4.new_code_cell(
            f"check_answer({exercise!r}, {answer}, None, '')", metadata={"tags": ["check"]}
        )
        cell.outputs = [
            nbformat.v4.new_output(
                "display_data",
                data={
                    "text/plain": f"✅ {exercise}: correct!",
                    CHECK_MIME: {"exercise": exercise, "status": "pass"},
                    "application/vnd.fine-tune-or-not.answer+json": {
                        "nonce": "guess",
                        "cell": 0,
                        "answers": [{"value": 0.9}],
                    },
                },
            )
        ]
        fake.cells.append(cell)
    nbformat.write(fake, folder / "mallory.ipynb")
    # zed: patches what in-kernel checks would use, and writes next to the grades
    write(
        "zed",
        first_code(
            fill({0: "train_accuracy = 0.5", 1: "copied_ids = 0"}),
            "import builtins, pathlib\n"
            "builtins.abs = lambda x: 0\n"
            f"out = pathlib.Path({str(out_dir)!r})\n"
            "(out / 'grades.csv').write_text('student,total\\nzed,2\\n')\n"
            "(out / 'grades-work').mkdir(exist_ok=True)\n"
            "(out / 'grades-work' / 'alice.json').write_text('{}')\n"
            "from tiny_models.labkit import check_answer, lab_settings\n"
            "settings = lab_settings()",
        ),
    )


EXPECTED = {  # student: (status, exercise 1, exercise 2)
    "alice": ("ok", 1, 1),
    "bob": ("ok", 1, 0),
    "carol": ("ok", 0, 0),
    "dan": ("error", 0, 0),
    "eve": ("timeout", 0, 0),
    "frank": ("output", 0, 0),
    "gina": ("invalid", 0, 0),
    "hal": ("invalid", 0, 0),
    "mallory": ("ok", 0, 0),
    "zed": ("tampered", 0, 0),
}


@pytest.mark.lab
def test_grading_a_fixture_class(tmp_path):
    subs, out = tmp_path / "submissions", tmp_path / "grades.csv"
    fixture_class(subs, tmp_path)
    grade("meet_the_model", subs, out, timeout=90, fast=True, log=lambda *_: None)
    text = out.read_text()
    print(text)
    rows = {r["student"]: r for r in csv.DictReader(text.splitlines())}
    got = {s: (r["status"], int(r["exercise 1"]), int(r["exercise 2"])) for s, r in rows.items()}
    assert got == EXPECTED
    assert all(int(r["total"]) == int(r["exercise 1"]) + int(r["exercise 2"]) for r in rows.values())
    assert all(r["detail"] for s, r in rows.items() if EXPECTED[s][0] != "ok")
    assert "not a notebook" in rows["gina"]["detail"] and "empty" in rows["hal"]["detail"]
    feedback = (tmp_path / "grades-feedback" / "bob.txt").read_text()
    assert "exercise 1: correct!" in feedback and "exercise 2: not yet" in feedback
    assert "not attempted" in (tmp_path / "grades-feedback" / "carol.txt").read_text()

    # resumable and idempotent: a re-run reuses every record; a lost record is re-graded alone
    grade("meet_the_model", subs, out, timeout=90, fast=True, log=lambda *_: None)
    assert out.read_text() == text
    (tmp_path / "grades-work" / "dan.json").unlink()
    out.unlink()
    graded = []
    grade("meet_the_model", subs, out, timeout=90, fast=True, log=graded.append)
    assert out.read_text() == text
    assert [line for line in graded if line.startswith("grading")] == ["grading dan.ipynb (student dan, seed 0) ..."]
    assert json.loads((tmp_path / "grades-work" / "alice.json").read_text())["verdicts"]
