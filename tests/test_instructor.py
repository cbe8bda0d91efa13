"""The instructor kit: answer keys, rosters, student copies, the site's folded solutions and the
grader on a fixture class.

The fixture class is built here from the lab itself (its student copies and reference
solutions, labtools/demo_class.py), so it follows lab 00 as it changes. One class is graded
once per module (`graded_class`) and many tests read it, so the kit adds about two minutes of
kernel runs to the suite.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import time

import nbformat
import pytest
from conftest import LESSON_RUNS

from labtools.demo_class import filled_copy, solutions_by_exercise, solved_copy
from labtools.grade import grade, lab_checks, write_canvas
from labtools.grade_report import grading_summary
from labtools.handout import EXERCISE, SEED_TAG, SOLUTION, handout_notebook, tags
from labtools.in_kernel import decode, encode
from labtools.registry import all_labs, find_lab
from labtools.roster import RosterError, derived_seed, read_roster, safe_name
from labtools.runner import ROOT, read_notebook
from labtools.site import site_notebook
from labtools.student import make_student_copies, student_notebook
from labtools.submissions import find_submissions
from tiny_models import labkit

LABS = [lab.name for lab in all_labs()]
DATA = ROOT / "tests" / "data"
LAB = "meet_the_model"


@pytest.mark.lab
@pytest.mark.parametrize("name", LABS)
@pytest.mark.parametrize(("seed", "fast"), LESSON_RUNS)
def test_reference_solutions_pass_their_checks(lab_run, name, seed, fast):
    """On the runs the lessons are asserted on (four seeds, both modes), so no extra run."""
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


@pytest.mark.parametrize("name", LABS)
def test_site_pages_fold_every_solution(name):
    """The answers policy: the site may show a solution, folded under "Show a solution"."""
    lab = find_lab(name)
    nb = read_notebook(lab)
    for cell in nb.cells:  # stand-ins for what an executed run prints
        if cell.cell_type == "code":
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="printed by the run\n")]
    page = site_notebook(nb)
    solutions = [c.source.strip() for c in nb.cells if SOLUTION in tags(c)]
    code = "\n".join(c.source for c in page.cells if c.cell_type == "code")
    assert solutions and not any(s in code for s in solutions), "a solution left as a visible code cell"
    folded = [c.source for c in page.cells if "folded-solution" in tags(c)]
    assert len(folded) == len(solutions)
    for source, text in zip(solutions, folded):
        assert text.startswith("<details><summary>Show a solution</summary>") and text.endswith("</details>")
        assert source in text and "printed by the run" in text
    assert [c.cell_type for c in nb.cells if SOLUTION not in tags(c)] == [
        c.cell_type for c in page.cells if "folded-solution" not in tags(c)
    ]


def test_protocol_is_written_once():
    """The MIME types and the seed variable are labkit's; the handout's seed cell uses its name."""
    import labtools.grade_kernel as host
    import labtools.runner as runner

    assert host.ANSWER_MIME is labkit.ANSWER_MIME and host.VERDICT_MIME is labkit.VERDICT_MIME
    assert runner.CHECK_MIME is labkit.CHECK_MIME and runner.METRICS_MIME is labkit.METRICS_MIME
    seed_cell = handout_notebook(find_lab(LAB), offer_solutions=False, seed=5).cells[0]
    assert SEED_TAG in tags(seed_cell) and f'os.environ["{labkit.SEED_VAR}"] = "5"' in seed_cell.source
    env = runner.kernel_env(5, True)
    assert env[labkit.SEED_VAR] == "5" and env[labkit.FAST_VAR] == "1"
    assert labkit.verdict("ex", None, None, "") == ("not attempted", labkit.verdict("ex", ..., None, "")[1])
    assert labkit.verdict("ex", 2, lambda a: a == 2, "h") == ("pass", "ex: correct!")
    assert labkit.verdict("ex", "x", lambda a: a + 1, "h")[0] == "not yet"


def test_answers_travel_as_plain_data():
    import math

    import numpy as np

    value = {"a": (1, 2.5, None), "b": {"x 1", "y"}, 3: [True, ...], "n": np.array([1, 2]), "f": float("inf")}
    back = decode(json.loads(json.dumps(encode(value))))
    assert back["a"] == (1, 2.5, None) and back["b"] == {"x 1", "y"} and back[3] == [True, ...]
    assert back["n"] == [1, 2] and math.isinf(back["f"])
    with pytest.raises(TypeError):
        encode(object())


# --- rosters ---------------------------------------------------------------------------------


def test_roster_accepts_unicode_spaces_emails_and_semicolons():
    roster = read_roster(DATA / "roster_semicolon.csv")
    assert list(roster.students) == ["José Núñez", "Ann Lee", "kim@uni.example"]
    assert roster["ann lee"].seed == 7 and roster["José Núñez"].seed == derived_seed("José Núñez")
    assert roster["José Núñez"].email == "jose.nunez@uni.example" and roster["kim@uni.example"].email
    assert roster.columns == ["Email", "Section"]  # kept for the grades CSV
    files = [s.file for s in roster.values()]
    assert files[0].startswith("Jose_Nunez-") and files[1].startswith("Ann_Lee-") and "@" not in files[2]
    assert all(name.isascii() and "/" not in name and " " not in name for name in files)
    assert safe_name("ann") == "ann" and safe_name("José Núñez") == files[0]  # stable: from the id alone
    assert safe_name("José Núñez") != safe_name("Jose Nunez") != safe_name("jose_nunez")


def test_roster_reports_every_problem_at_once():
    with pytest.raises(RosterError) as error:
        read_roster(DATA / "roster_problems.csv")
    problems = error.value.problems
    text = "\n".join(problems)
    assert len(problems) == 5, text
    assert "line 3: seed 'x'" in text and "line 5: no student id" in text
    assert "line 6: student 'josé núñez' is already on line 2" in text
    assert "line 7: seed '-1'" in text and "line 9: 4 fields" in text
    assert str(error.value).count("\n") == 5  # one line each, in one message


def test_roster_from_a_canvas_export_and_from_excel(tmp_path):
    roster = read_roster(DATA / "canvas_gradebook_export.csv", id_column="SIS Login ID")
    assert list(roster.students) == ["jnunez", "alee"]  # the "Points Possible" row is skipped
    assert roster["jnunez"].extra["Student"] == "Núñez, José" and roster["jnunez"].extra["ID"] == "101"
    (tmp_path / "excel.csv").write_bytes("student;seed\r\nJosé Núñez;3\r\n".encode("cp1252"))
    assert read_roster(tmp_path / "excel.csv")["José Núñez"].seed == 3
    (tmp_path / "none.csv").write_text("name,seed\nann,1\n")
    with pytest.raises(RosterError, match="no column for the student id"):
        read_roster(tmp_path / "none.csv")


def test_student_copies_carry_id_and_seed(tmp_path):
    roster = read_roster(DATA / "roster_semicolon.csv")
    zips = make_student_copies([LAB], tmp_path / "out", roster)
    assert [z.name for z in zips] == [f"{s.file}.zip" for s in roster.values()]
    ann = roster["Ann Lee"]
    nb = nbformat.read(tmp_path / "out" / ann.file / "00_meet_the_model.ipynb", as_version=4)
    assert nb.metadata["fine-tune-or-not"]["student"] == "Ann Lee" and nb.metadata["fine-tune-or-not"]["seed"] == 7
    assert 'os.environ["LAB_SEED"] = "7"' in nb.cells[0].source


# --- matching submissions --------------------------------------------------------------------


def write_nb(path, nb, mtime=None):
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    if mtime is not None:
        os.utime(path, (mtime, mtime))


def test_submissions_are_matched_by_metadata_and_by_lms_layout(tmp_path):
    lab = find_lab(LAB)
    (tmp_path / "roster.csv").write_text(
        "student,name,seed\njnunez,José Núñez,1\nann.lee@uni.example,Ann Lee,2\nkim,Kim Park,3\nlee,Lee Ann,4\n"
        "bob,,5\ncarl,,6\n",
        encoding="utf-8",
    )
    roster = read_roster(tmp_path / "roster.csv")
    subs = tmp_path / "subs"
    blank = student_notebook(lab)  # no id in its metadata
    write_nb(subs / "José Núñez_1234_assignsubmission_file_" / "00_meet_the_model.ipynb", blank)  # Moodle
    write_nb(subs / "leeann_LATE_12345_67890_00_meet_the_model-1.ipynb", blank)  # Canvas: "leeann"
    write_nb(subs / "parkkim_12346_67891_00_meet_the_model.ipynb", filled_copy(lab, {}, roster["bob"]))
    write_nb(subs / "00_meet_the_model (3).ipynb", filled_copy(lab, {}, roster["carl"]), mtime=1_000)
    write_nb(subs / "carl" / "00_meet_the_model.ipynb", blank, mtime=2_000)  # carl's newer one
    write_nb(subs / "renamed by me.ipynb", filled_copy(lab, {}, roster["ann.lee@uni.example"]))
    write_nb(subs / "stranger.ipynb", blank)
    (subs / "moodle.zip").write_bytes(b"PK")
    found = find_submissions(subs, lab, roster)
    graded = {s.student: s.file for s in found.graded}
    assert graded == {
        "jnunez": "José Núñez_1234_assignsubmission_file_/00_meet_the_model.ipynb",
        # "leeann" is Lee Ann's Canvas name ("lastfirst"), and also Ann Lee's first-last: an
        # ambiguous name leaves the notebook to its metadata, which has none here.
        "kim": "parkkim_12346_67891_00_meet_the_model.ipynb",  # the place wins over bob's metadata
        "carl": "carl/00_meet_the_model.ipynb",  # the newest of two
        "ann.lee@uni.example": "renamed by me.ipynb",  # metadata, whatever the file name
    }
    assert [s.file for s in found.unmatched] == [
        "leeann_LATE_12345_67890_00_meet_the_model-1.ipynb",
        "stranger.ipynb",
    ]
    notes = "\n".join(found.notes)
    assert "handed out to 'bob'" in notes and "fits several students" in notes
    assert "carl: 2 notebooks" in notes and "unzip it" in notes
    assert next(s for s in found.graded if s.student == "carl").duplicates == ["00_meet_the_model (3).ipynb"]


def test_canvas_import_file(tmp_path):
    roster = read_roster(DATA / "canvas_gradebook_export.csv", id_column="SIS Login ID")
    rows = [{"student": "jnunez", "status": "ok", "total": 2}, {"student": "x", "status": "not on roster", "total": 0}]
    write_canvas(tmp_path / "c.csv", "Lab 00 (1234)", rows, roster)
    lines = (tmp_path / "c.csv").read_text().splitlines()
    assert lines == [
        "Student,ID,SIS User ID,SIS Login ID,Section,Lab 00 (1234)",
        '"Núñez, José",101,S101,jnunez,Section A,2',
    ]


# --- the fixture class -----------------------------------------------------------------------

ROSTER = """student;seed;email
José Núñez;101;jose.nunez@uni.example
Ann Lee;101;
kim@uni.example;102;
dup;101;
Copier;102;
blank;103;
missing;104;
tamper;105;
faker;101;
crasher;101;
gina;107;
hal;108;
"""


def answers_of_lab() -> list[tuple[str, str, str]]:
    """(record key, answer expression, exercise) of each checked answer of the lab, in order."""
    checks = lab_checks(read_notebook(find_lab(LAB)))
    return [
        (f"{i}.{j}", e, x) for i, c in enumerate(checks) for j, (e, x) in enumerate(zip(c.expressions, c.exercises))
    ]


def answer_names() -> list[str]:
    """The answer variable of each checked exercise of the lab, in order."""
    return [name for _, name, _ in answers_of_lab()]


def fake_notebook() -> nbformat.NotebookNode:
    """A notebook that fakes its grade: a check_answer that always passes, printed PASS, and
    check outputs (and grader answer outputs) pasted in. Its answers are nonsense."""
    fake = nbformat.v4.new_notebook()
    fake.cells = [
        nbformat.v4.new_code_cell(
            "import tiny_models.labkit as labkit\n"
            "def check_answer(exercise, answer, is_correct, hint):\n"
            "    print(f'[PASS] {exercise}: correct!')\n"
            "labkit.check_answer = check_answer\n" + "".join(f"{name} = 'fake'\n" for name in answer_names())
        )
    ]
    for k, name in enumerate(answer_names()):
        cell = nbformat.v4.new_code_cell(
            f"check_answer('exercise {k + 1}', {name}, None, '')", metadata={"tags": ["check"]}
        )
        cell.outputs = [
            nbformat.v4.new_output(
                "display_data",
                data={
                    "text/plain": f"[PASS] exercise {k + 1}: correct!",
                    labkit.CHECK_MIME: {"exercise": f"exercise {k + 1}", "status": "pass"},
                    labkit.ANSWER_MIME: {"nonce": "guess", "cell": k, "answers": [{"value": 1}]},
                },
            )
        ]
        fake.cells.append(cell)
    return fake


def tamper_cell(out_dir, subs) -> str:
    forged = nbformat.writes(filled_copy(find_lab(LAB), {}, None))
    forged = forged.replace('"kind": "student"', '"kind": "student", "student": "missing"')
    return (
        "import pathlib\n"
        f"out, subs = pathlib.Path({str(out_dir)!r}), pathlib.Path({str(subs)!r})\n"
        "(out / 'grades.csv').write_text('student,total\\ntamper,99\\n')\n"  # overwritten at the end anyway
        "(out / 'grades-work' / 'evil.json').write_text('{}')\n"
        "victim = subs / 'Ann Lee' / '00_meet_the_model.ipynb'\n"
        "victim.write_text(victim.read_text() + ' ')\n"
        f"(subs / 'planted.ipynb').write_text({forged!r})\n"
    )


def build_class(root):
    """The fixture class (see ROSTER): every case the grader must handle, from the lab's code."""
    lab = find_lab(LAB)
    (root / "roster.csv").write_text(ROSTER, encoding="utf-8")
    roster = read_roster(root / "roster.csv")
    subs, out_dir = root / "submissions", root / "out"
    out_dir.mkdir()
    solved = lambda sid: solved_copy(lab, roster[sid])  # noqa: E731
    write_nb(subs / "José Núñez_1234_assignsubmission_file_" / "00_meet_the_model.ipynb", solved("José Núñez"))
    write_nb(subs / "Ann Lee" / "00_meet_the_model.ipynb", solved("Ann Lee"))  # a folder named with spaces
    write_nb(subs / "kim_12345_67890_00_meet_the_model.ipynb", solved("kim@uni.example"))  # Canvas
    write_nb(subs / "dup" / "00_meet_the_model.ipynb", filled_copy(lab, {}, roster["dup"]), mtime=time.time() - 3600)
    write_nb(subs / "dup" / "00_meet_the_model-final.ipynb", solved("dup"))  # the newer one counts
    write_nb(subs / "my work.ipynb", filled_copy(lab, {}, roster["blank"]))  # renamed: found by metadata
    write_nb(subs / "tamper.ipynb", quick_notebook({}, tamper_cell(out_dir, subs)))
    write_nb(subs / "faker.ipynb", fake_notebook())
    crasher = solved("crasher")
    crasher.cells.insert(1, nbformat.v4.new_code_cell("raise RuntimeError('my notebook is broken')"))
    write_nb(subs / "crasher.ipynb", crasher)
    (subs / "gina.ipynb").write_text("print('this is a script, not a notebook')")
    write_nb(subs / "01_forgetting.ipynb", filled_copy(find_lab("forgetting"), {}, roster["hal"]))  # another lab
    (subs / "zed.ipynb").write_bytes(b"")  # nobody on the roster
    return roster, subs, out_dir


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    """The class graded twice, as an instructor would: first with the log tee'd next to the CSV
    (``> out/grade.log``) and before Copier handed in; then again, cleanly, once Copier has handed
    in a notebook with José's numbers typed in. ``--jobs 2`` both times."""
    root = tmp_path_factory.mktemp("class")
    roster, subs, out_dir = build_class(root)
    out = out_dir / "grades.csv"
    log_file = out_dir / "grade.log"

    def tee(line):
        with open(log_file, "a", encoding="utf-8") as handle:
            handle.write(line + "\n")

    ann_before = (subs / "Ann Lee" / "00_meet_the_model.ipynb").read_bytes()
    first = grade(LAB, subs, out, roster=roster, timeout=240, fast=True, jobs=2, log=tee)
    first_csv = out.read_text(encoding="utf-8")
    jose = json.loads((out_dir / "grades-work" / f"{roster['José Núñez'].file}.json").read_text(encoding="utf-8"))
    copied = {
        k: f"{name} = {decode(jose['answers'][key]['value'])!r}" for k, (key, name, _) in enumerate(answers_of_lab())
    }
    write_nb(subs / "Copier.ipynb", filled_copy(find_lab(LAB), copied, roster["Copier"]))
    (out_dir / "grades-feedback" / "left-by-an-earlier-run.txt").write_text("stale")
    second_log = []
    second = grade(LAB, subs, out, roster=roster, timeout=240, fast=True, jobs=1, log=second_log.append)
    return {
        "root": root,
        "roster": roster,
        "subs": subs,
        "out": out,
        "ann_before": ann_before,
        "first": first,
        "first_csv": first_csv,
        "first_log": log_file.read_text(encoding="utf-8"),
        "second": second,
        "second_log": second_log,
        "rows": {r["student"]: r for r in csv.DictReader(out.read_text(encoding="utf-8").splitlines())},
    }


EXPECTED = {  # student: (status, share of the full points)
    "José Núñez": ("ok", 1),  # Moodle download, name with accents and a space
    "Ann Lee": ("ok", 1),  # a folder named with a space
    "kim@uni.example": ("ok", 1),  # Canvas download, e-mail id
    "dup": ("ok", 1),  # the newer of two notebooks
    "blank": ("ok", 0),  # the copy as handed out, under another file name
    "missing": ("missing", 0),
    "tamper": ("tampered", 0),
    "faker": ("ok", 0),  # fakes its own checks
    "crasher": ("error", 1),  # the rest of the notebook still ran and answered
    "gina": ("invalid", 0),  # not a notebook
    "hal": ("invalid", 0),  # lab 01's notebook
}


@pytest.mark.lab
def test_every_roster_student_has_a_row(graded_class):
    rows = graded_class["rows"]
    roster = graded_class["roster"]
    assert list(rows)[: len(roster)] == list(roster.students)  # roster order, then the unmatched
    assert list(rows)[len(roster) :] == ["zed"]
    points = find_lab(LAB).exercise_points
    full = sum(points.get(exercise, 1) for _, _, exercise in answers_of_lab())
    for student, (status, share) in EXPECTED.items():
        row = rows[student]
        assert (row["status"], float(row["total"])) == (status, share * full), (student, row)
        assert float(row["out_of"]) == full and row["email"] == roster[student].extra["email"]
    assert rows["missing"]["detail"] == "no notebook found for this student"
    assert all(rows[s]["detail"] for s in ("tamper", "crasher", "dup", "gina", "hal"))
    assert "lab 'forgetting'" in rows["hal"]["detail"] and "not a notebook" in rows["gina"]["detail"]


@pytest.mark.lab
def test_the_printed_summary_counts_each_status_and_names_the_files(graded_class):
    first = graded_class["first"]
    text = grading_summary(first)
    for row in first.rows:
        assert f"{row['student']}" in text and f"{row['total']}/{row['out_of']}  {row['status']}" in text
    assert f"{len(first.rows)} rows: " in text and "1 not on roster" in text and "1 tampered" in text
    assert str(first.csv) in text and f"{first.feedback}/" in text
    assert "a notebook no roster student matched" in text  # zed is not on the roster


@pytest.mark.lab
def test_stray_notebooks_and_duplicates_are_reported(graded_class):
    rows = graded_class["rows"]
    assert rows["zed"]["status"] == "not on roster" and rows["zed"]["file"] == "zed.ipynb"
    assert "also handed in, not graded: dup/00_meet_the_model.ipynb" in rows["dup"]["detail"]
    assert any("dup: 2 notebooks" in note for note in graded_class["first"].notes)


@pytest.mark.lab
def test_a_log_next_to_the_csv_is_not_tampering_and_a_rerun_reuses_records(graded_class):
    """Issue 14's misfire: ``> grade.log`` next to grades.csv marked every row "tampered"."""
    first_rows = list(csv.DictReader(graded_class["first_csv"].splitlines()))
    assert [r["student"] for r in first_rows if r["status"] == "tampered"] == ["tamper"]
    assert "reused 0 record(s)" in graded_class["first_log"]
    rows = graded_class["rows"]
    for before in first_rows:  # the clean re-run gives the same rows, but for Copier's new notebook
        if before["student"] != "Copier":
            assert rows[before["student"]] == before
    assert first_rows[4]["student"] == "Copier" and first_rows[4]["status"] == "missing"
    log = "\n".join(graded_class["second_log"])
    reusable = sum(r["status"] in {"ok", "error", "output", "invalid"} for r in first_rows)
    assert graded_class["second"].reused == reusable and f"reused {reusable} record(s)" in log
    graded_again = {
        line.split("(student ")[1].split(",")[0] for line in log.splitlines() if line.startswith("grading ")
    }
    assert graded_again == {"Copier", "tamper"}  # a tampered record is never reused
    assert graded_class["second"].ran == 2


@pytest.mark.lab
def test_tampering_is_undone_and_only_the_tamperer_blamed(graded_class):
    root, subs = graded_class["root"], graded_class["subs"]
    rows = graded_class["rows"]
    detail = rows["tamper"]["detail"]
    assert "added grades-work/evil.json" in detail and "changed the submission submissions/Ann Lee/" in detail
    assert "added submissions/planted.ipynb (moved to grades-quarantine/planted.ipynb)" in detail
    assert not (root / "out" / "grades-work" / "evil.json").exists()
    assert (subs / "Ann Lee" / "00_meet_the_model.ipynb").read_bytes() == graded_class["ann_before"]
    assert not (subs / "planted.ipynb").exists() and (root / "out" / "grades-quarantine" / "planted.ipynb").exists()
    assert rows["missing"]["status"] == "missing"  # the planted notebook was not graded as theirs
    assert rows["Ann Lee"]["status"] == "ok"


@pytest.mark.lab
def test_copied_numbers_fail(graded_class):
    """Copier typed in José's answers (seed 101); Copier's seed is 102, like kim's, whose
    solved notebook gives the right answers there. Every answer that differs between the two
    seeds fails, and each graded answer of lab 00 does differ."""
    rows, roster = graded_class["rows"], graded_class["roster"]
    work = graded_class["root"] / "out" / "grades-work"
    answers = {
        sid: json.loads((work / f"{roster[sid].file}.json").read_text(encoding="utf-8"))["answers"]
        for sid in ("José Núñez", "kim@uni.example", "Copier")
    }
    assert answers["Copier"] == answers["José Núñez"]  # the numbers were copied...
    assert rows["Copier"]["status"] == "ok"
    for key, _, column in answers_of_lab():
        assert answers["José Núñez"][key] != answers["kim@uni.example"][key], f"{column}: seeds 101 and 102 agree"
        assert float(rows["Copier"][column]) == 0, column  # ... and fail at Copier's own seed
        assert "not yet" in rows["Copier"]["feedback"]


@pytest.mark.lab
def test_feedback_files_and_stale_ones(graded_class):
    roster, out = graded_class["roster"], graded_class["out"]
    feedback = out.with_name("grades-feedback")
    names = sorted(p.name for p in feedback.glob("*.txt"))
    assert names == sorted(f"{s.file}.txt" for s in roster.values())  # the stale file is gone
    jose = (feedback / f"{roster['José Núñez'].file}.txt").read_text(encoding="utf-8")
    assert "feedback for José Núñez" in jose and "exercise 1: correct!" in jose
    assert "No notebook was found" in (feedback / "missing.txt").read_text()
    assert "not attempted" in (feedback / "blank.txt").read_text()


# --- limits, parallel runs -------------------------------------------------------------------


def quick_notebook(values: dict[str, str], first: str = "") -> nbformat.NotebookNode:
    """A notebook that sets the answers directly, without running the lab: a second's run."""
    nb = nbformat.v4.new_notebook()
    nb.cells = ([nbformat.v4.new_code_cell(first)] if first else []) + [
        nbformat.v4.new_code_cell(f"{name} = {values.get(name, 'None')}") for name in answer_names()
    ]
    return nb


@pytest.mark.lab
def test_time_and_output_limits(tmp_path):
    subs = tmp_path / "subs"
    write_nb(subs / "eve.ipynb", quick_notebook({}, "while True:\n    pass"))
    write_nb(subs / "frank.ipynb", quick_notebook({}, "for _ in range(100):\n    print('x' * 100_000)"))
    result = grade(LAB, subs, tmp_path / "grades.csv", timeout=8, fast=True, jobs=2, log=lambda *_: None)
    rows = {r["student"]: r for r in result.rows}
    assert rows["eve"]["status"] == "timeout" and "time limit of 8 s" in rows["eve"]["detail"]
    assert rows["frank"]["status"] == "output" and "more than 2 MB" in rows["frank"]["detail"]
    again = grade(LAB, subs, tmp_path / "grades.csv", timeout=8, fast=True, log=lambda *_: None)
    assert again.reused == 1 and again.ran == 1  # the time-out depended on the machine: run again


@pytest.mark.lab
def test_the_csv_does_not_depend_on_jobs(tmp_path):
    """--jobs 1 and --jobs 2 on a small class with a tamperer: the same CSV. With two runs at
    once a change is blamed on both, and each runs again alone."""
    (tmp_path / "roster.csv").write_text("student,seed\nann,1\nben,1\ncid,2\ntom,1\n")
    roster = read_roster(tmp_path / "roster.csv")
    subs = tmp_path / "subs"
    write_nb(subs / "ann.ipynb", quick_notebook({name: "1" for name in answer_names()}))
    write_nb(subs / "ben.ipynb", quick_notebook({name: "{'1 2 3'}" for name in answer_names()}))
    write_nb(subs / "cid.ipynb", quick_notebook({}))
    write_nb(subs / "tom.ipynb", quick_notebook({}, f"open({str(subs / 'ann.ipynb')!r}, 'a').write(' ')"))
    csvs = []
    for jobs in (1, 2):
        shutil.rmtree(tmp_path / f"out{jobs}", ignore_errors=True)
        grade(LAB, subs, tmp_path / f"out{jobs}" / "grades.csv", roster=roster, fast=True, jobs=jobs, log=print)
        csvs.append((tmp_path / f"out{jobs}" / "grades.csv").read_text())
    assert csvs[0] == csvs[1]
    rows = {r["student"]: r for r in csv.DictReader(csvs[0].splitlines())}
    assert [s for s, r in rows.items() if r["status"] == "tampered"] == ["tom"]


def test_demo_class_uses_the_labs_own_solutions(tmp_path):
    from labtools.demo_class import write_demo_class

    roster = write_demo_class(LAB, tmp_path, 3)
    assert [s.id for s in roster.values()] == ["student01", "student02", "student03"]
    nb = nbformat.read(tmp_path / "submissions" / "student02" / "00_meet_the_model.ipynb", as_version=4)
    exercises = [c.source for c in nb.cells if EXERCISE in tags(c)]
    assert exercises == solutions_by_exercise(find_lab(LAB))
    assert nb.metadata["fine-tune-or-not"]["student"] == "student02"
