"""Command line for the labs.

python -m labs list                         the labs, their purpose and run time
python -m labs run NAME [--seed S] [--fast] [--json] [--out FILE.ipynb]
python -m labs site                         execute every lab (cached) for the site
python -m labs learner [--out DIR]          your own notebooks in my-labs/, created once, never overwritten
python -m labs jupyter [--out DIR]          the same, then JupyterLab in that folder (make jupyter)
python -m labs student [LAB ...] --out DIR [--roster roster.csv]
                                            student copies (no solutions) and a zip to hand out
python -m labs grade LAB SUBMISSIONS_DIR --out grades.csv [--roster roster.csv] [--timeout S]
                                            grade submitted notebooks: CSV plus feedback per student
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import nbformat

from .registry import all_labs, find_lab

# The runner imports PyTorch (several seconds): commands that need no kernel run without it.


def lab_errors() -> tuple[type[Exception], ...]:
    """LabFailed, if a command imported the runner."""
    runner = sys.modules.get(f"{__package__}.runner")
    return (runner.LabFailed,) if runner else ()


def cmd_list(_args) -> int:
    for lab in all_labs():
        print(f"{lab.name:18s} ~{lab.expected_seconds:3.0f} s  {lab.title}: {lab.purpose}")
    return 0


def cmd_run(args) -> int:
    from .runner import ROOT, run_lab

    lab = find_lab(args.name)
    if not args.json:
        print(f"running {lab.slug} (seed {args.seed}, {'fast' if args.fast else 'normal'} mode) ...", flush=True)
    run = run_lab(lab, seed=args.seed, fast=args.fast)
    out = (
        Path(args.out)
        if args.out
        else ROOT / "build" / "executed" / f"{lab.slug}-seed{args.seed}{'-fast' if args.fast else ''}.ipynb"
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(run.notebook, out)
    if args.json:
        print(
            json.dumps(
                {
                    "lab": lab.name,
                    "seed": args.seed,
                    "fast": args.fast,
                    "seconds": round(run.seconds, 2),
                    "metrics": run.metrics,
                }
            )
        )
    else:
        print(f"finished in {run.seconds:.1f} s; executed notebook: {out}")
        for key, value in run.metrics.items():
            print(f"  {key:32s} {value:.4g}")
    return 0


def cmd_site(_args) -> int:
    from .site import prepare_site

    print("executing labs for the site (cached by a hash of everything they depend on) ...", flush=True)
    prepare_site()
    return 0


def cmd_learner(args) -> int:
    from .learner import make_learner_copies

    print(make_learner_copies(Path(args.out)).summary())
    return 0


def cmd_jupyter(args) -> int:
    import os

    from .learner import jupyterlab_command, make_learner_copies

    folder = Path(args.out)
    print(make_learner_copies(folder).summary(), flush=True)
    command = jupyterlab_command(folder.resolve(), port=args.port, open_browser=not args.no_browser)
    os.execv(command[0], command)  # JupyterLab takes over this process (Ctrl-C stops it)


def cmd_student(args) -> int:
    from .student import make_student_copies, read_roster

    roster = read_roster(Path(args.roster)) if args.roster else None
    zips = make_student_copies(args.labs, Path(args.out), roster)
    print(f"wrote {len(zips)} zip(s) to hand out, e.g. {zips[0]}")
    return 0


def cmd_grade(args) -> int:
    from .grade import grade
    from .student import read_roster

    roster = read_roster(Path(args.roster)) if args.roster else None
    folder = Path(args.submissions)
    if not folder.is_dir():
        raise LookupError(f"{folder} is not a folder of submissions")
    try:
        rows = grade(
            args.lab,
            folder,
            Path(args.out),
            roster=roster,
            timeout=args.timeout,
            fast=args.fast,
            output_cap=int(args.max_output_mb * 1e6),
        )
    except KeyboardInterrupt:
        print(
            "interrupted: every submission graded so far is kept; run the same command again to resume", file=sys.stderr
        )
        return 130
    for row in rows:
        print(
            f"  {row['student']:20s} {row['total']}/{row['out_of']}  {row['status']}"
            + (f": {row['detail']}" if row["detail"] else "")
        )
    print(f"wrote {args.out} ({len(rows)} submissions) and one feedback file per student")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m labs", description="Run the labs of Fine-tune or Not?")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("list", help="list the labs").set_defaults(func=cmd_list)
    run = sub.add_parser("run", help="execute a lab as a notebook and print its recorded metrics")
    run.add_argument("name", help="lab name, slug or number (see `list`)")
    run.add_argument("--seed", type=int, default=0)
    run.add_argument("--fast", action="store_true", help="the shorter mode CI uses; the lesson still holds")
    run.add_argument("--json", action="store_true", help="print one JSON object only")
    run.add_argument("--out", help="where to save the executed notebook")
    run.set_defaults(func=cmd_run)
    sub.add_parser("site", help="execute every lab (cached) into docs/ for mkdocs").set_defaults(func=cmd_site)
    from .learner import LEARNER_DIR

    for command, func, text in [
        ("learner", cmd_learner, "write your own notebooks (never overwrites them)"),
        ("jupyter", cmd_jupyter, "write your own notebooks, then open JupyterLab on them"),
    ]:
        learner = sub.add_parser(command, help=text)
        learner.add_argument("--out", default=str(LEARNER_DIR), help=f"the folder to work in (default {LEARNER_DIR})")
        if command == "jupyter":
            learner.add_argument("--port", type=int, help="port on 127.0.0.1 (default: the first free from 8888)")
            learner.add_argument(
                "--no-browser", action="store_true", help="print the address instead of opening a browser"
            )
        learner.set_defaults(func=func)
    student = sub.add_parser("student", help="write student copies (solutions removed) and a zip to hand out")
    student.add_argument("labs", nargs="*", metavar="LAB", help="labs to include (default: all)")
    student.add_argument("--out", required=True, help="folder to write the copies and the zip(s) to")
    student.add_argument("--roster", help="CSV with columns student[,seed]: one variant per student")
    student.set_defaults(func=cmd_student)
    grade = sub.add_parser("grade", help="grade a folder of submitted notebooks")
    grade.add_argument("lab", help="lab name, slug or number")
    grade.add_argument("submissions", help="folder with STUDENT.ipynb files or STUDENT/ folders")
    grade.add_argument("--out", required=True, help="the grades CSV to write")
    grade.add_argument("--roster", help="the roster the student copies were made with")
    grade.add_argument("--timeout", type=float, default=300, help="seconds per submission (default 300)")
    grade.add_argument("--max-output-mb", type=float, default=2, help="output a submission may print (default 2)")
    grade.add_argument("--fast", action="store_true", help="grade in fast mode (students must run in fast mode too)")
    grade.set_defaults(func=cmd_grade)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (LookupError, ValueError, OSError, *lab_errors()) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
