"""Soft targets (Hinton, Vinyals & Dean, 2015): a teacher's probabilities, computed once (lab 03).

A soft-target fine-tune makes the student match the teacher's whole distribution over the next
word at every reply position, not only the word the teacher wrote. Running the teacher at every
training step would cost more than the student's own step (the teacher has 12 layers, the
student 2), and the teacher's output for a given example never changes, so
:class:`TeacherTargets` runs it once over the training pool and hands each batch its rows,
looked up by their tokens. The loss itself stays in the lab, where a learner reads it.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch
import torch.nn.functional as F

from .batching import IGNORE, PromptResponse, encode_examples


class TeacherTargets:
    """The teacher's log-probabilities on the reply tokens of every example of a pool.

    Call it with a training batch (``input_ids``, ``attention_mask``, ``labels``, right-padded,
    as ``tiny_models.train`` draws them from the same pool) and a temperature: it returns the
    teacher's log-probabilities at that temperature, one row per reply position, in the order of
    ``logits[:, :-1][labels[:, 1:] != IGNORE]`` (the logits at position i predict token i + 1).
    """

    def __init__(self, teacher: torch.nn.Module, tokenizer, examples: Sequence[PromptResponse], batch_size: int = 200):
        self._rows: dict[tuple[int, ...], torch.Tensor] = {}
        teacher.eval()
        with torch.no_grad():
            for start in range(0, len(examples), batch_size):
                batch = encode_examples(tokenizer, list(examples[start : start + batch_size]))
                logits = teacher(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]).logits
                log_p = F.log_softmax(logits[:, :-1], dim=-1)  # temperature 1; any other is applied on lookup
                reply = batch["labels"][:, 1:] != IGNORE
                for ids, length, row, mask in zip(batch["input_ids"], batch["attention_mask"].sum(1), log_p, reply):
                    self._rows[tuple(ids[:length].tolist())] = row[mask]

    def __len__(self) -> int:
        return len(self._rows)

    def all_positions(self, temperature: float = 1.0) -> torch.Tensor:
        """Every stored reply position's distribution at ``temperature``, one row each."""
        return F.log_softmax(torch.cat(list(self._rows.values())) / temperature, dim=-1)

    def __call__(self, batch: dict[str, torch.Tensor], temperature: float = 1.0) -> torch.Tensor:
        lengths = batch["attention_mask"].sum(1)
        rows = [self._rows[tuple(ids[:length].tolist())] for ids, length in zip(batch["input_ids"], lengths)]
        # log_softmax(log_p / T) = log_softmax(logits / T): the log-normaliser is a constant per row
        return F.log_softmax(torch.cat(rows) / temperature, dim=-1)
