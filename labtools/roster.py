"""A class roster: who the students are, their seeds, and safe file names for them.

The format (documented for instructors in docs/instructors/index.md, "The roster"):

- a CSV file with a header row, comma-, semicolon- or tab-separated (the separator is read from
  the header), UTF-8 (with or without a byte-order mark; a file that is not UTF-8 is read as
  Windows-1252, the encoding Excel uses for "CSV" on Windows);
- one column holds the student id: ``student``, else ``id``, else ``email``, else ``username``
  (letter case ignored), or the column named with ``--id-column``. An id is any text: names
  with accents and spaces (``José Núñez``), e-mail addresses, numbers. Spaces at either end are
  dropped and runs of spaces count as one; ids that differ only in letter case are the same id;
- an optional ``seed`` column (a whole number from 0 to 4294967295); a student without one gets
  a seed derived from their id (`derived_seed`), the same for every lab and every term;
- optional ``name`` and ``email`` columns help match LMS downloads named after the student;
- every other column is kept and copied into the grades CSV (so an LMS export used as the
  roster keeps the columns the LMS needs to import the grades back);
- blank rows are skipped, and so is the "Points Possible" row of a Canvas gradebook export.

Every problem in the file is reported at once (`RosterError` lists them all), not one per run.

Each student also gets a *file name* (`safe_name`): the id itself when it is already made of
ASCII letters, digits, ``.``, ``_`` and ``-``; otherwise an ASCII spelling of it followed by a
short hash of the id (``José Núñez`` -> ``Jose_Nunez-1f3a9c``), so two ids never share a file and
a student's file name never changes when the roster does.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

ID_COLUMNS = ("student", "id", "email", "username")
SEED_LIMIT = 2**32  # NumPy's seeds are below this
DERIVED_SEEDS = 999_999  # derived seeds are 1..DERIVED_SEEDS; 0 is the published run's seed
MAX_ID_CHARS = 200
SAFE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,59}$")
WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}
CANVAS_POINTS_ROW = "points possible"


class RosterError(ValueError):
    """Every problem found in a roster, one per line of the message."""

    def __init__(self, path: Path, problems: list[str]):
        self.problems = problems
        count = f"{len(problems)} problem{'s' if len(problems) > 1 else ''}"
        super().__init__(f"{path}: {count} in the roster, fix them and run again:\n  " + "\n  ".join(problems))


@dataclass(frozen=True)
class Student:
    id: str
    seed: int
    file: str = ""  # safe file name stem; safe_name(id) when empty
    name: str = ""
    email: str = ""
    extra: dict = field(default_factory=dict, compare=False)  # the roster's other columns, in order

    def __post_init__(self):
        if not self.file:
            object.__setattr__(self, "file", safe_name(self.id))


def clean_id(text: str) -> str:
    """An id as the roster means it: NFC, spaces trimmed and runs of spaces made one."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def id_key(text: str) -> str:
    """Ids equal under this key are the same student (letter case ignored)."""
    return clean_id(text).casefold()


def ascii_fold(text: str) -> str:
    """``José Núñez`` -> ``Jose Nunez``: accents dropped, other non-ASCII letters left out."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).encode("ascii", "ignore").decode()


def safe_name(student_id: str) -> str:
    """A file name stem for ``student_id``, the same on every system (see the module docstring)."""
    if SAFE.match(student_id) and student_id.lower() not in WINDOWS_RESERVED:
        return student_id
    folded = re.sub(r"[^A-Za-z0-9._-]+", "_", ascii_fold(student_id.replace("@", "_at_")))
    folded = re.sub(r"_+", "_", folded).strip("._-")[:40] or "student"
    return f"{folded}-{hashlib.sha256(clean_id(student_id).encode()).hexdigest()[:6]}"


def derived_seed(student_id: str) -> int:
    """A seed in 1..999999 from the id alone (seed 0 is the one the site's pages show)."""
    return 1 + int(hashlib.sha256(clean_id(student_id).encode()).hexdigest(), 16) % DERIVED_SEEDS


def words_key(text: str) -> str:
    """``José_Núñez`` and ``jose nunez`` -> ``jose nunez``: for matching names in file names."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", ascii_fold(text).casefold()).split())


def name_keys(student: Student) -> set[str]:
    """Every spelling under which an LMS download may name ``student`` (see submissions.py).

    The id, name and e-mail (and its local part) as words, and each squashed without spaces in
    every rotation of its words: Canvas names files ``lastfirst`` (``nunezjose``)."""
    keys = set()
    texts = [student.id, student.name, student.email]
    texts += [t.split("@")[0] for t in (student.id, student.email) if "@" in t]
    for text in filter(None, texts):
        words = words_key(text).split()
        if not words:
            continue
        keys.add(" ".join(words))
        for i in range(len(words)):
            keys.add("".join(words[i:] + words[:i]))
    return keys


def read_text(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def sniff_delimiter(header: str) -> str:
    counts = {sep: header.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


@dataclass
class Roster:
    path: Path
    id_column: str
    columns: list[str]  # the roster's columns other than the id and the seed, in file order
    students: dict[str, Student]  # id -> student, in file order
    warnings: list[str] = field(default_factory=list)

    def __contains__(self, student_id: str) -> bool:
        return self.find(student_id) is not None

    def __getitem__(self, student_id: str) -> Student:
        found = self.find(student_id)
        if found is None:
            raise KeyError(student_id)
        return found

    def __len__(self) -> int:
        return len(self.students)

    def values(self):
        return self.students.values()

    def find(self, student_id: str) -> Student | None:
        """The student with this id (letter case and extra spaces ignored), or None."""
        if student_id in self.students:
            return self.students[student_id]
        key = id_key(student_id)
        return next((s for s in self.students.values() if id_key(s.id) == key), None)


def read_roster(path: Path, id_column: str | None = None) -> Roster:
    """Read and check a roster; RosterError lists every problem found."""
    path = Path(path)
    text = read_text(path)
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        raise RosterError(path, ["the file is empty: it needs a header row, e.g. 'student,seed'"])
    header_line = next(line for line in lines if line.strip())
    reader = csv.reader(io.StringIO(text), delimiter=sniff_delimiter(header_line))
    rows = [(number, row) for number, row in enumerate(reader, start=1)]
    rows = [(n, r) for n, r in rows if any(cell.strip() for cell in r)]
    header_number, header = rows[0]
    names = [h.strip() for h in header]
    folded = [h.casefold() for h in names]
    problems: list[str] = []
    if id_column is not None:
        if id_column.strip().casefold() not in folded:
            raise RosterError(
                path, [f"no column {id_column!r} for the student id; the columns are: {', '.join(names)}"]
            )
        id_index = folded.index(id_column.strip().casefold())
    else:
        found = next((folded.index(c) for c in ID_COLUMNS if c in folded), None)
        if found is None:
            raise RosterError(
                path,
                [
                    f"line {header_number}: no column for the student id; name one 'student' (or 'id', 'email', "
                    f"'username'), or pass --id-column; the columns are: {', '.join(names) or '(none)'}"
                ],
            )
        id_index = found
    dupes = sorted({h for h in folded if h and folded.count(h) > 1})
    if dupes:
        problems.append(f"line {header_number}: the header repeats the column(s) {', '.join(dupes)}")
    seed_index = folded.index("seed") if "seed" in folded else None
    name_index = folded.index("name") if "name" in folded and folded.index("name") != id_index else None
    email_index = folded.index("email") if "email" in folded and folded.index("email") != id_index else None
    extra_indices = [i for i in range(len(names)) if i not in (id_index, seed_index) and names[i]]
    students: dict[str, Student] = {}
    first_line: dict[str, int] = {}
    for number, row in rows[1:]:
        cells = [c.strip() for c in row] + [""] * (len(names) - len(row))
        if len(row) > len(names) and any(c.strip() for c in row[len(names) :]):
            problems.append(f"line {number}: {len(row)} fields but the header has {len(names)} (a stray separator?)")
            continue
        raw = cells[id_index]
        sid = clean_id(raw)
        if not sid:
            if any(cells[i].strip().casefold() == CANVAS_POINTS_ROW for i in range(len(names))):
                continue  # the "Points Possible" row of a Canvas gradebook export
            problems.append(f"line {number}: no student id (column {names[id_index]!r} is empty)")
            continue
        if sid.casefold() == CANVAS_POINTS_ROW:
            continue
        if len(sid) > MAX_ID_CHARS:
            problems.append(f"line {number}: the student id is longer than {MAX_ID_CHARS} characters")
            continue
        if any(unicodedata.category(c) in ("Cc", "Cf") for c in sid):
            problems.append(f"line {number}: the student id {sid!r} contains control characters")
            continue
        key = id_key(sid)
        if key in first_line:
            problems.append(f"line {number}: student {sid!r} is already on line {first_line[key]}")
            continue
        first_line[key] = number
        seed = derived_seed(sid)
        if seed_index is not None and cells[seed_index]:
            try:
                seed = int(cells[seed_index])
                if not 0 <= seed < SEED_LIMIT:
                    raise ValueError
            except ValueError:
                problems.append(
                    f"line {number}: seed {cells[seed_index]!r} of {sid!r} is not a whole number from 0 to {SEED_LIMIT - 1}"
                )
                continue
        students[sid] = Student(
            sid,
            seed,
            name=cells[name_index] if name_index is not None else "",
            email=(cells[email_index] if email_index is not None else "") or (sid if "@" in sid else ""),
            extra={names[i]: cells[i] for i in extra_indices},
        )
    if not students and not problems:
        problems.append("the roster lists no students")
    if problems:
        raise RosterError(path, problems)
    roster = Roster(path, names[id_index], [names[i] for i in extra_indices], students)
    by_seed: dict[int, list[str]] = {}
    for student in students.values():
        by_seed.setdefault(student.seed, []).append(student.id)
    for seed, ids in by_seed.items():
        if len(ids) > 1:
            roster.warnings.append(
                f"students {', '.join(map(repr, ids))} share seed {seed}: their answers are the same, "
                "so one could copy the other's numbers; give one of them another seed in the seed column"
            )
    if 0 in by_seed:
        roster.warnings.append(
            f"{', '.join(map(repr, by_seed[0]))} have seed 0, the seed of the runs the site shows with every answer"
        )
    return roster
