"""Command line for the labs.

python -m labs list                         the labs, their purpose and run time
python -m labs run NAME [--seed S] [--fast] [--json] [--out FILE.ipynb]
python -m labs site                         execute every lab (cached) for the site
python -m labs learner [--out DIR]          your own notebooks in my-labs/, created once, never overwritten
python -m labs jupyter [--out DIR]          the same, then JupyterLab in that folder (make jupyter)
python -m labs student [LAB ...] --out DIR [--roster roster.csv]
                                            student copies (no solutions) and a zip to hand out
python -m labs grade LAB SUBMISSIONS_DIR --out grades.csv [--roster roster.csv] [--jobs N] ...
                                            grade submitted notebooks: CSV plus feedback per student
python -m labs demo-class LAB --students N --out DIR
                                            a made-up class of solved notebooks to try the grader on
python -m labs bench [LAB ...] [--runs N] [--fast] [--record]
                                            each lab's median run time and peak memory over N fresh runs
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
    """LabFailed and GradingStopped, if a command imported the runner or the grader."""
    runner = sys.modules.get(f"{__package__}.runner")
    grader = sys.modules.get(f"{__package__}.grade")
    return ((runner.LabFailed,) if runner else ()) + ((grader.GradingStopped,) if grader else ())


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


def load_roster(args):
    from .roster import read_roster

    if not args.roster:
        return None
    roster = read_roster(Path(args.roster), id_column=args.id_column)
    for warning in roster.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return roster


def cmd_student(args) -> int:
    from .student import make_student_copies

    roster = load_roster(args)
    out = Path(args.out)
    zips = make_student_copies(args.labs, out, roster)
    labs = [find_lab(name) for name in args.labs] if args.labs else all_labs()
    names = ", ".join(f"{lab.slug}.ipynb" for lab in labs)
    if roster is None:
        print(f"wrote {names} and {zips[0]} to {out}/")
    else:
        print(f"wrote one folder and one zip per student for {len(roster)} students, e.g. {zips[0]}")
    print(
        "\nNext:\n"
        f"  1. Give each student {'their own zip' if roster else 'the zip'}"
        f"{' (the copies differ: each has its own seed)' if roster else ''}. They work in the notebook "
        "in a checkout of this project, keep its first cell, and run it top to bottom.\n"
        "  2. They hand the .ipynb file back as it is, under any file name: "
        + (
            "it carries their id, which the grader reads. "
            if roster
            else "with no roster, name each returned file after its student (ana.ipynb or ana/...). "
        )
        + "Collect the notebooks in one folder, as your LMS downloads them (Moodle or Canvas) "
        "or one per student.\n"
        f"  3. Grade them: python -m labs grade {labs[0].name if len(labs) == 1 else 'LAB'} FOLDER --out grades.csv"
        + (f" --roster {args.roster}" if roster else "")
    )
    return 0


def cmd_grade(args) -> int:
    roster = load_roster(args)  # before the grader's imports: a roster problem shows at once
    from .grade import grade
    from .grade_report import grading_summary

    folder = Path(args.submissions)
    if args.jobs < 1:
        raise ValueError("--jobs must be 1 or more")
    if not folder.is_dir():
        raise LookupError(f"{folder} is not a folder of submissions")
    try:
        result = grade(
            args.lab,
            folder,
            Path(args.out),
            roster=roster,
            timeout=args.timeout,
            fast=args.fast,
            output_cap=int(args.max_output_mb * 1e6),
            jobs=args.jobs,
            keep=args.keep,
            canvas_column=args.canvas_column,
        )
    except KeyboardInterrupt:
        print(
            "interrupted: every submission graded so far is kept; run the same command again to resume", file=sys.stderr
        )
        return 130
    print(grading_summary(result))
    return 0


def cmd_demo_class(args) -> int:
    from .demo_class import write_demo_class

    out = Path(args.out)
    roster = write_demo_class(args.lab, out, args.students)
    lab = find_lab(args.lab)
    print(f"wrote {out / 'roster.csv'} and {len(roster)} solved notebooks in {out / 'submissions'}/")
    print(
        f"\nNext: grade them, e.g.\n  python -m labs grade {lab.name} {out / 'submissions'} "
        f"--roster {out / 'roster.csv'} --out {out / 'grades.csv'} --fast --jobs 2"
    )
    return 0


def cmd_seeds(args) -> int:
    from .seeds import record, stale

    labs = [find_lab(name) for name in args.labs] if args.labs else all_labs()
    if args.check:
        old = stale(labs)
        for lab in old:
            print(f"{lab.slug}: no runs on other seeds recorded for its current code")
        if old:
            print(f"\nRecord them with: python -m labs seeds {' '.join(lab.name for lab in old)}")
        return 1 if old else 0
    if not args.seeds or min(args.seeds) < 0 or 0 in args.seeds:
        raise ValueError("--seeds takes whole numbers above 0 (seed 0 is the run the site shows)")
    print(f"{len(labs)} lab(s) on seeds {', '.join(map(str, args.seeds))}, normal mode, {args.jobs} at a time ...")
    record(labs, seeds=tuple(args.seeds), jobs=args.jobs)
    print("\nEach lab now shows these runs' mean and spread beside its own numbers (show_expected).")
    return 0


def cmd_bench(args) -> int:
    from .bench import bench, bench_class, compare, comparison_row, record, record_class

    labs = [find_lab(name) for name in args.labs] if args.labs else all_labs()
    if args.students is not None:
        if args.against:
            raise ValueError("--class times one tree's grading; --against does not apply")
        if len(args.labs) != 1 or args.students < 1:
            raise ValueError("--class N times grading one lab: give exactly one LAB and N >= 1")
        timing = bench_class(labs[0], students=args.students, jobs=args.jobs)
        print(timing.row())
        if args.record:
            record_class(timing)
            print(f"wrote it into {labs[0].folder / 'lab.toml'} ([grading])")
        return 0
    if args.runs < 1:
        raise ValueError("--runs must be at least 1")
    if args.record and (args.fast or args.runs < 3):
        raise ValueError(
            "--record writes lab.toml's normal-mode figure: use it without --fast and with --runs 3 or more"
        )
    mode = "fast" if args.fast else "normal"
    if args.against:
        print(f"{len(labs)} lab(s), {args.runs} pair(s) of runs in {mode} mode, this tree and {args.against} ...")
        for new, old in compare(labs, against=args.against, runs=args.runs, fast=args.fast):
            print(comparison_row(new, old, args.against))
            if args.record:
                record(new)  # this tree's median, as without --against
        return 0
    print(f"{len(labs)} lab(s), {args.runs} run(s) each in {mode} mode, one after another ...", flush=True)
    timings = bench(labs, runs=args.runs, fast=args.fast)
    print(f"\n{'lab':16s} {'median':>10s}  {'min-max':>15s}  {'peak':>10s}")
    for timing in timings:
        print(timing.row())
        if args.record:
            record(timing)
    if args.record:
        print("\nwrote each median into its lab.toml (expected_seconds)")
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
    student.add_argument("--roster", help="CSV of students (column student, optional seed): one variant each")
    student.add_argument("--id-column", help="the roster column holding the student id (default: student, id, ...)")
    student.set_defaults(func=cmd_student)
    grade = sub.add_parser("grade", help="grade a folder of submitted notebooks")
    grade.add_argument("lab", help="lab name, slug or number")
    grade.add_argument("submissions", help="folder with the notebooks: per student, or as Moodle or Canvas give them")
    grade.add_argument("--out", required=True, help="the grades CSV to write")
    grade.add_argument("--roster", help="the roster the student copies were made with")
    grade.add_argument("--id-column", help="the roster column holding the student id (default: student, id, ...)")
    grade.add_argument("--jobs", type=int, default=1, help="submissions graded at once, each in its own kernel")
    grade.add_argument("--timeout", type=float, default=300, help="seconds per submission (default 300)")
    grade.add_argument("--max-output-mb", type=float, default=2, help="output a submission may print (default 2)")
    grade.add_argument("--fast", action="store_true", help="grade in fast mode (students must run in fast mode too)")
    grade.add_argument(
        "--keep", choices=["newest", "oldest"], default="newest", help="which of a student's notebooks counts"
    )
    grade.add_argument(
        "--canvas-column", metavar="ASSIGNMENT", help="also write GRADES-canvas.csv for Canvas, total in this column"
    )
    grade.set_defaults(func=cmd_grade)
    bench = sub.add_parser("bench", help="each lab's median run time and peak memory over several runs")
    bench.add_argument("labs", nargs="*", metavar="LAB", help="labs to time (default: all)")
    bench.add_argument("--runs", type=int, default=3, help="runs per lab (default 3)")
    bench.add_argument("--fast", action="store_true", help="time fast mode")
    bench.add_argument("--record", action="store_true", help="write the normal-mode medians into lab.toml")
    bench.add_argument(
        "--class", dest="students", type=int, metavar="N", help="time grading a made-up class of N (one LAB)"
    )
    bench.add_argument("--jobs", type=int, default=2, help="with --class: submissions graded at once (default 2)")
    bench.add_argument(
        "--against", metavar="REV", help="also time the labs at commit REV, alternating run by run (side by side)"
    )
    bench.set_defaults(func=cmd_bench)
    seeds = sub.add_parser("seeds", help="record each lab's runs on other seeds (the spread each lab shows)")
    seeds.add_argument("labs", nargs="*", metavar="LAB", help="labs to run (default: all)")
    seeds.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3], help="seeds to run (default 1 2 3)")
    seeds.add_argument("--jobs", type=int, default=2, help="lab kernels at a time (default 2)")
    seeds.add_argument("--check", action="store_true", help="only list the labs whose record is stale or missing")
    seeds.set_defaults(func=cmd_seeds)
    demo = sub.add_parser("demo-class", help="write a made-up class of solved notebooks to try the grader on")
    demo.add_argument("lab", help="lab name, slug or number")
    demo.add_argument("--students", type=int, default=10, help="how many students (default 10)")
    demo.add_argument("--out", required=True, help="folder for roster.csv and submissions/")
    demo.set_defaults(func=cmd_demo_class)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (LookupError, ValueError, OSError, *lab_errors()) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
