"""MkDocs hook: render "Check yourself" quizzes from their answer keys.

A page asks for a quiz with a marker on a line of its own::

    <!-- quiz: why-not -->

and this hook replaces the marker with the questions in ``docs/quizzes/why-not.yml``. Each
option becomes a collapsible block that tells the reader whether it is right and why, so the
answer shows only on demand. The tests read the same file, so the page and the key cannot drift.

File format::

    questions:
      - question: What ...?
        options:
          - text: an option
            correct: true          # exactly one option per question
            explanation: why it is right
          - text: another option
            explanation: why it is wrong
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

MARKER = re.compile(r"^<!-- quiz: ([a-z0-9-]+) -->[ \t]*$", re.M)
LETTERS = "ABCDEFGH"


def load_quiz(path: Path) -> list[dict]:
    """Read and validate one answer key; raises ValueError naming the problem."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    questions = data.get("questions")
    if not isinstance(questions, list) or not questions:
        raise ValueError(f"{path}: no questions")
    for number, q in enumerate(questions, 1):
        where = f"{path} question {number}"
        if not str(q.get("question", "")).strip():
            raise ValueError(f"{where}: empty question text")
        options = q.get("options") or []
        if not 2 <= len(options) <= len(LETTERS):
            raise ValueError(f"{where}: needs 2-{len(LETTERS)} options, has {len(options)}")
        correct = [o for o in options if o.get("correct") is True]
        if len(correct) != 1:
            raise ValueError(f"{where}: exactly one option must be correct, found {len(correct)}")
        for option in options:
            if not str(option.get("text", "")).strip() or not str(option.get("explanation", "")).strip():
                raise ValueError(f"{where}: every option needs text and an explanation")
            extra = set(option) - {"text", "correct", "explanation"}
            if extra:
                raise ValueError(f"{where}: unknown option keys {sorted(extra)}")
    return questions


def _indent(text: str, spaces: int) -> str:
    pad = " " * spaces
    return "\n".join(pad + line if line.strip() else "" for line in text.strip().splitlines())


def render_quiz(questions: list[dict]) -> str:
    """Markdown for the questions: one admonition per question, one collapsible per option."""
    parts = []
    for number, q in enumerate(questions, 1):
        block = [f'!!! question "Question {number}"', "", _indent(str(q["question"]), 4), ""]
        for letter, option in zip(LETTERS, q["options"]):
            title = " ".join(str(option["text"]).split()).replace('"', "&quot;")
            verdict = "**Correct.**" if option.get("correct") is True else "**Not this one.**"
            block += [
                f'    ??? abstract "{letter}. {title}"',
                "",
                _indent(f"{verdict} {str(option['explanation']).strip()}", 8),
                "",
            ]
        parts.append("\n".join(block))
    intro = "Pick an answer for each question, then open it to see whether it is right and why."
    return intro + "\n\n" + "\n\n".join(parts) + "\n"


def on_page_markdown(markdown: str, page, config, files) -> str:
    quizzes = Path(config["docs_dir"]) / "quizzes"

    def expand(match: re.Match) -> str:
        path = quizzes / f"{match.group(1)}.yml"
        if not path.exists():
            raise ValueError(f"{page.file.src_path} asks for quiz {match.group(1)!r}: {path} does not exist")
        return render_quiz(load_quiz(path))

    return MARKER.sub(expand, markdown)
