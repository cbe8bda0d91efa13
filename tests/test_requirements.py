"""requirements.txt lists what the project imports or runs, each pinned exactly, and
constraints.txt pins the same version of each (installs use both)."""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CODE = ["labs", "labtools", "tiny_models", "tests", "site_hooks"]
# import name -> distribution name, where they differ
DISTRIBUTION = {"IPython": "ipython", "yaml": "pyyaml"}
# Installed to be run, not imported: the site, the learner's Jupyter, the GGUF reader
# transformers uses, the lint.
TOOLS = {
    "mkdocs",
    "mkdocs-material",
    "mkdocs-jupyter",
    "mkdocs-macros-plugin",
    "jupyterlab",
    "ipywidgets",
    "ipykernel",
    "gguf",
    "ruff",
}


def pins(path: Path) -> dict[str, str]:
    found = {}
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"{path.name}: {line!r} is not pinned exactly (name==version)"
            found[re.sub(r"[-_.]+", "-", name).lower()] = version
    return found


def third_party_imports() -> set[str]:
    # the project's own modules and packages, and the test helpers next to the tests
    local = {path.stem for folder in (ROOT, ROOT / "tests") for path in folder.iterdir()}
    names = set()
    for folder in CODE:
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.Import):
                    names |= {alias.name.split(".")[0] for alias in node.names}
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names.add(node.module.split(".")[0])
    return {name for name in names if name not in sys.stdlib_module_names and name not in local}


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", DISTRIBUTION.get(name, name)).lower()


def test_every_import_is_a_pinned_requirement_and_every_requirement_is_used():
    required = pins(ROOT / "requirements.txt")
    imported = {normalise(name) for name in third_party_imports()}
    assert not imported - set(required), f"imported but not in requirements.txt: {sorted(imported - set(required))}"
    unused = set(required) - imported - TOOLS
    assert not unused, f"in requirements.txt but never imported (drop them, or name them as tools): {sorted(unused)}"


def test_constraints_pin_the_same_versions():
    required, constrained = pins(ROOT / "requirements.txt"), pins(ROOT / "constraints.txt")
    differ = {
        name: (version, constrained.get(name)) for name, version in required.items() if constrained.get(name) != version
    }
    assert not differ, f"requirements.txt and constraints.txt disagree (requirement, constraint): {differ}"
