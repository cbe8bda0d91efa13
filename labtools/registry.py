"""Find the labs: every folder ``labs/NN_slug/`` with a ``lab.toml`` and a ``lab.py``.

``lab.toml`` holds what the listing shows::

    title = "Meet your tiny model"
    purpose = "Load support-base, watch it answer, measure it per task."
    expected_seconds = 15     # normal mode, 2 CPU cores

    # Each auto-checked exercise, by the name its check passes to check_answer(), and the
    # points it is worth in the grader's CSV (1 if the table is absent).
    [exercises."exercise 1"]
    points = 2

    # What the lab's recorded metrics are expected to be, in both modes and on every seed:
    # one range per metric, shown in the lab, asserted by the tests, quoted by the
    # instructor pages.
    [expected."base/recommendation"]
    min = 0.95
    max = 1.0

``lab.py`` is the lab itself, a jupytext percent-format notebook.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import jupytext

LABS_DIR = Path(__file__).resolve().parent.parent / "labs"


@dataclass(frozen=True)
class Lab:
    slug: str  # "00_meet_the_model"
    name: str  # "meet_the_model", what a user types
    title: str
    purpose: str
    expected_seconds: float
    folder: Path
    meta: dict = field(default_factory=dict, compare=False, repr=False)  # the whole lab.toml

    @property
    def exercise_points(self) -> dict[str, float]:
        """Exercise name -> points, as ``[exercises."name"] points = N`` in lab.toml."""
        return {name: float(info.get("points", 1)) for name, info in self.meta.get("exercises", {}).items()}

    @property
    def expected(self) -> dict[str, tuple[float, float]]:
        """Metric -> (min, max), as ``[expected."metric"] min = .. max = ..`` in lab.toml."""
        return {key: (float(r["min"]), float(r["max"])) for key, r in self.meta.get("expected", {}).items()}

    @property
    def source(self) -> Path:
        return self.folder / "lab.py"


def all_labs() -> list[Lab]:
    labs = []
    for folder in sorted(LABS_DIR.iterdir()):
        meta_file = folder / "lab.toml"
        if not meta_file.exists():
            continue
        meta = tomllib.loads(meta_file.read_text())
        slug = folder.name
        labs.append(
            Lab(
                slug=slug,
                name=slug.split("_", 1)[1],
                title=meta["title"],
                purpose=meta["purpose"],
                expected_seconds=float(meta["expected_seconds"]),
                folder=folder,
                meta=meta,
            )
        )
    return labs


def find_lab(name: str) -> Lab:
    """A lab by name ("forgetting"), slug ("01_forgetting") or number ("01")."""
    labs = all_labs()
    for lab in labs:
        if name in (lab.name, lab.slug, lab.slug.split("_", 1)[0]):
            return lab
    valid = ", ".join(lab.name for lab in labs)
    raise LookupError(f"unknown lab {name!r}; valid labs: {valid}")


def read_notebook(lab: Lab):
    """The lab's source as a notebook (nbformat), with the kernel every lab runs in."""
    nb = jupytext.read(lab.source)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb
