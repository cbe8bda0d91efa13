"""A lab's recorded runs on other seeds, so that a learner can judge the numbers of their own run.

``python -m labs seeds LAB`` runs a lab in normal mode on a few seeds besides the default one
and writes each run's metrics and check verdicts into ``labs/NN_slug/seeds.json``, with a
*fingerprint* of the code those runs executed: the lab's ``lab.py``, every ``tiny_models``
module it imports (directly or through other modules), the shipped checkpoints' manifest and
the pinned package versions. The record counts only while the fingerprint matches the code as
it is now; after any change that could move a number, the record is stale, the lab says so, a
test fails, and the command above refreshes it. So the spread a lab shows always comes from
runs of its current code, never from numbers typed in.
"""

from __future__ import annotations

import ast
import hashlib
import json
import statistics
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent
RECORD_NAME = "seeds.json"
DATA_FILES = [PACKAGE / "weights" / "manifest.json", PACKAGE / "real_models.json", ROOT / "constraints.txt"]


def _module_files(dotted: str) -> list[Path]:
    """The files behind ``tiny_models.a.b``: each package's ``__init__.py`` on the way, then the
    module itself (``a/b.py`` or ``a/b/__init__.py``); nothing for a name that is not a module."""
    parts = dotted.split(".")[1:]
    files = [PACKAGE / "__init__.py"]
    folder = PACKAGE
    for part in parts:
        if (folder / part / "__init__.py").exists():
            folder = folder / part
            files.append(folder / "__init__.py")
        elif (folder / f"{part}.py").exists():
            files.append(folder / f"{part}.py")
            break
        else:
            break
    return files


def _imported_modules(path: Path) -> set[str]:
    """Dotted names of the tiny_models modules ``path`` imports, functions' own imports included."""
    package = (
        "tiny_models" + "".join(f".{p}" for p in path.relative_to(PACKAGE).parent.parts)
        if path.is_relative_to(PACKAGE)
        else ""
    )
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "tiny_models"}
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: from .x import y, from ..tasks import z
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            if module.split(".")[0] != "tiny_models":
                continue
            found.add(module)
            found |= {f"{module}.{a.name}" for a in node.names}  # "from tiny_models import checks"
    return found


def dependencies(lab_source: Path) -> list[Path]:
    """``lab_source`` and every tiny_models file it imports, transitively, in a stable order."""
    seen: set[Path] = set()
    todo = [lab_source]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        for module in _imported_modules(path):
            todo += [f for f in _module_files(module) if f not in seen]
    return sorted(seen, key=str)


def fingerprint(lab_folder: Path) -> str:
    """sha256 of what a run of the lab in ``lab_folder`` executes (see the module docstring)."""
    digest = hashlib.sha256()
    source = lab_folder.resolve() / "lab.py"
    for path in dependencies(source) + [p for p in DATA_FILES if p.exists()]:
        name = "lab.py" if path == source else str(path.relative_to(ROOT))
        digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def read_record(lab_folder: Path) -> dict | None:
    path = lab_folder / RECORD_NAME
    return json.loads(path.read_text()) if path.exists() else None


def is_fresh(record: dict | None, lab_folder: Path) -> bool:
    return record is not None and record.get("fingerprint") == fingerprint(lab_folder)


def spread(lab_folder: Path) -> dict[str, tuple[float, float, int]] | None:
    """Metric -> (mean, standard deviation, number of runs) over the recorded seeds, or None when
    there is no record or it is stale."""
    record = read_record(lab_folder)
    if not is_fresh(record, lab_folder):
        return None
    values: dict[str, list[float]] = {}
    for run in record["runs"].values():
        for key, value in run["metrics"].items():
            values.setdefault(key, []).append(float(value))
    return {key: (statistics.mean(v), statistics.stdev(v) if len(v) > 1 else 0.0, len(v)) for key, v in values.items()}
