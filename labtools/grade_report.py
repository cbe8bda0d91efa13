"""The grader's results: the rows of ``grades.csv``, the feedback files and the Canvas import file."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING

from .registry import Lab
from .roster import Roster, safe_name
from .submissions import Found
from .tamper import atomic_write

if TYPE_CHECKING:  # grade.py imports this module
    from .grade import GradeResult

NO_RUN = {"invalid", "not on roster", "tampered", "missing"}  # statuses that earn no points
CANVAS_IDS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")


def number(value: float):
    return int(value) if float(value).is_integer() else round(float(value), 2)


def build_rows(found: Found, records: dict, roster: Roster | None, columns, points) -> list[dict]:
    subs = {s.student: s for s in found.graded}
    out_of = number(sum(points[name] for _, name in columns))
    reserved = {"student", "status", "total", "out_of", "seed", "file", "detail", "feedback"} | set(points)
    extra_names = [c if c.casefold() not in reserved else f"roster {c}" for c in (roster.columns if roster else [])]

    def row(student: str, rec: dict | None, extra: dict, status_if_none: str, detail: str, sub) -> dict:
        status = rec["status"] if rec else status_if_none
        verdicts = {} if status in NO_RUN else (rec or {}).get("verdicts", {})
        r = {"student": student, **dict(zip(extra_names, extra.values()))}
        r["status"] = status
        for key, name in columns:
            r[name] = number(points[name] if verdicts.get(key, ["missing"])[0] == "pass" else 0)
        r["total"] = number(sum(r[name] for _, name in columns))
        r["out_of"] = out_of
        r["seed"] = rec["seed"] if rec and rec["seed"] >= 0 else ""
        r["file"] = sub.file if sub else ""
        notes = ([rec.get("detail", "")] if rec else [detail]) + (sub.notes if sub else [])
        if sub and sub.duplicates:
            notes.append(f"also handed in, not graded: {', '.join(sub.duplicates)}")
        r["detail"] = "; ".join(n for n in notes if n)
        r["feedback"] = " | ".join(feedback_lines(status, verdicts, columns))
        return r

    rows = []
    if roster is None:
        for student in sorted(subs):
            rows.append(row(student, records.get(student), {}, "missing", "", subs[student]))
    else:
        for student in roster.values():
            sub = subs.get(student.id)
            rows.append(
                row(
                    student.id,
                    records.get(student.id) if sub else None,
                    student.extra,
                    "missing",
                    "no notebook found for this student",
                    sub,
                )
            )
    for sub in found.unmatched:
        who = sub.place_name or sub.meta_student or Path(sub.file).stem
        rows.append(
            row(
                who,
                None,
                dict.fromkeys(extra_names, ""),
                "not on roster",
                f"no roster student matches {who!r}",
                sub,
            )
        )
    return rows


def feedback_lines(status: str, verdicts: dict, columns) -> list[str]:
    if status == "missing":
        return ["No notebook was found for you."]
    if status in NO_RUN:
        return [f"{name}: not graded ({status})." for _, name in columns]
    return [verdicts.get(key, ["missing", f"{name}: not graded."])[1] for key, name in columns]


def write_results(out: Path, feedback: Path, lab: Lab, rows, records, columns, roster) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]) if rows else ["student"], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    atomic_write(out, buffer.getvalue())
    feedback.mkdir(parents=True, exist_ok=True)
    written = set()
    for row in rows:
        if row["status"] == "not on roster":
            continue
        name = roster[row["student"]].file if roster is not None else safe_name(row["student"])
        lines = [
            f"{lab.title} (lab {lab.name}): feedback for {row['student']}",
            f"file: {row['file'] or '(none)'}   seed: {row['seed']}",
            f"score: {row['total']} / {row['out_of']}",
            f"run: {row['status']}" + (f": {row['detail']}" if row["detail"] else ""),
            "",
            *feedback_lines(row["status"], records.get(row["student"], {}).get("verdicts", {}), columns),
        ]
        path = feedback / f"{name}.txt"
        atomic_write(path, "\n".join(lines) + "\n")
        written.add(path)
    for stale in feedback.glob("*.txt"):
        if stale not in written:
            stale.unlink()


def write_canvas(path: Path, column: str, rows, roster: Roster | None) -> None:
    """The totals as Canvas's gradebook import reads them: its five identity columns (copied
    from a roster that is a Canvas gradebook export, else the student id as ``Student``) and
    one column named after the assignment."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*CANVAS_IDS, column])
    for row in rows:
        if row["status"] == "not on roster":
            continue
        extra = {k.casefold(): v for k, v in (roster[row["student"]].extra.items() if roster else [])}
        if roster is not None and roster.id_column.casefold() in (c.casefold() for c in CANVAS_IDS):
            extra[roster.id_column.casefold()] = row["student"]
        ids = [extra.get(c.casefold(), "") for c in CANVAS_IDS]
        if not any(ids):
            ids[0] = row["student"]
        writer.writerow([*ids, row["total"]])
    atomic_write(path, buffer.getvalue())


def grading_summary(result: GradeResult) -> str:
    """What ``python -m labs grade`` prints when it is done: a line per student, the count of
    each status, and where the grades, the feedback and the grader's records are."""
    rows = result.rows
    width = max([len(str(r["student"])) for r in rows] + [10])
    lines = [
        f"  {row['student']:{width}s} {row['total']}/{row['out_of']}  {row['status']}"
        + (f": {row['detail']}" if row["detail"] else "")
        for row in rows
    ]
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["status"]] = counts.get(row["status"], 0) + 1
    lines.append(
        f"\n{len(rows)} rows: "
        + ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
        + f"; {result.reused} record(s) reused from earlier runs, {result.ran} submission(s) run now."
    )
    lines.append(
        "\nNext:\n"
        f"  - grades: {result.csv} (import it into your LMS: see the instructor guide, 'Import the grades')\n"
        + (f"  - for Canvas's gradebook import: {result.canvas}\n" if result.canvas else "")
        + f"  - feedback: one file per student in {result.feedback}/ (named after the student's file name)\n"
        f"  - records: {result.csv.with_name(result.csv.stem + '-work')}/; the same command again re-uses them "
        "and grades only what changed"
        + (
            "\n  - check the rows 'not on roster' and the notes above: a notebook no roster student matched"
            if counts.get("not on roster")
            else ""
        )
    )
    return "\n".join(lines)
