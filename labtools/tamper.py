"""What a submission can touch, checked by content (see grade.py's docstring): the grader's own
records, the submitted notebooks and the private copy of the code the kernels import."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from .registry import Lab
from .submissions import Submission, notebook_paths

CODE_FOLDERS = ("tiny_models", "labtools")  # with the lab's folder: what the kernels import


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def tree_digest(roots: list[Path]) -> dict[str, str]:
    """path -> sha256 of every file under ``roots`` (bytecode caches and ``.cache/`` skipped)."""
    digests = {}
    for root in roots:
        for path in sorted(root.rglob("*")):
            skip = {"__pycache__", ".cache"} & set(path.relative_to(root).parts) or path.suffix == ".pyc"
            if path.is_file() and not skip:
                try:
                    digests[str(path)] = sha256(path.read_bytes())
                except OSError:
                    digests[str(path)] = "unreadable"
    return digests


def copy_code(lab: Lab, root: Path) -> Path:
    """A private copy of the code the kernels import: ``tiny_models``, ``labtools`` and the lab.

    The git-ignored ``.cache/`` (lab 05's converted model, verified by hash when loaded) is
    linked, not copied."""
    dest = Path(tempfile.mkdtemp(prefix="grade-code-"))
    ignore = shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints", "*.pyc")
    for name in CODE_FOLDERS:
        shutil.copytree(root / name, dest / name, ignore=ignore)
    shutil.copytree(lab.folder, dest / "labs" / lab.folder.name, ignore=ignore)
    if (root / ".cache").is_dir():
        (dest / ".cache").symlink_to(root / ".cache", target_is_directory=True)
    return dest


class Guard:
    """The grader's own records, the submitted notebooks and the project code, by content hash.

    `verify` lists what changed since the last call and undoes what it can."""

    def __init__(self, *, work: Path, folder: Path, exclude: list[Path], notebooks: list[Submission], code: list[Path]):
        self.work, self.folder, self.exclude, self.code_roots = work, folder, exclude, code
        # Whatever the work folder holds before any submission runs is the grader's own.
        self.records: dict[Path, bytes] = {p: p.read_bytes() for p in sorted(work.rglob("*")) if p.is_file()}
        self.folders = {p for p in work.rglob("*") if p.is_dir()}
        self.notebooks = {s.path: s.data for s in notebooks if s.data is not None}
        self.known = set(notebook_paths(folder, exclude))
        self.code = tree_digest(code)
        self.quarantine = work.with_name(work.name.removesuffix("-work") + "-quarantine")

    def wrote(self, path: Path, data: bytes) -> None:
        self.records[path] = data

    def verify(self) -> tuple[list[str], bool]:
        """(what changed, whether the project code changed). Records and notebooks are restored."""
        changed = []
        self.work.mkdir(parents=True, exist_ok=True)
        for path in sorted(self.work.rglob("*"), reverse=True):  # files before their folders
            if path in self.records or path in self.folders:
                continue
            changed.append(f"added {self.show(path)}")
            shutil.rmtree(path) if path.is_dir() and not path.is_symlink() else path.unlink()
        for label, files in (("", self.records), ("the submission ", self.notebooks)):
            for path in restore_changed(files):
                changed.append(f"changed {label}{self.show(path)}")
        for path in notebook_paths(self.folder, self.exclude):
            if path not in self.known:
                target = self.quarantine / path.relative_to(self.folder)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(path, target)
                changed.append(f"added {self.show(path)} (moved to {self.show(target)})")
        code = tree_digest(self.code_roots)
        code_changed = [p for p in sorted(set(code) | set(self.code)) if code.get(p) != self.code.get(p)]
        changed += [f"changed {self.show(Path(p))}" for p in code_changed]
        return changed, bool(code_changed)

    def show(self, path: Path) -> str:
        """``path`` as the instructor knows it: under the output folder, the submissions folder
        (by its name) or the grader's copy of the code."""
        for base, prefix in [(root, "(grader's copy) ") for root in self.code_roots] + [
            (self.folder, self.folder.name + "/"),
            (self.work.parent, ""),
        ]:
            if path.is_relative_to(base):
                return prefix + path.relative_to(base).as_posix()
        return str(path)


def restore_changed(files: dict[Path, bytes]) -> list[Path]:
    """Write back every file whose bytes differ from ``files[path]`` (or that is gone); return them."""
    changed = []
    for path, data in files.items():
        try:
            same = path.read_bytes() == data
        except OSError:
            same = False
        if not same:
            changed.append(path)
            atomic_write_bytes(path, data)
    return changed


def atomic_write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def atomic_write(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))
