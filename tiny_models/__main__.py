"""Command line: ``python -m tiny_models build [NAME ...]`` rebuilds shipped checkpoints."""

from __future__ import annotations

import argparse

from .recipes import build, recipes


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tiny_models", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    build_cmd = sub.add_parser("build", help="rebuild checkpoints deterministically (all if no NAME)")
    build_cmd.add_argument("names", nargs="*", metavar="NAME")
    sub.add_parser("list", help="list the checkpoints that recipes can build")
    args = parser.parse_args(argv)
    if args.command == "list":
        for name, module in recipes().items():
            print(f"{name:20s} {module.SUMMARY}")
        return
    for name in args.names or list(recipes()):
        print(f"building {name} ...", flush=True)
        metrics = build(name)
        print(f"  saved tiny_models/checkpoints/{name}: " + ", ".join(f"{k}={v:.3f}" for k, v in metrics.items()))


if __name__ == "__main__":
    main()
