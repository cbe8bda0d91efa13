"""Turn (prompt, response) pairs into padded tensors for training and for generation.

A training sequence is ``[BOS] prompt [SEP] response [EOS]``; the loss is computed on the
response and [EOS] only (labels -100 elsewhere), because we teach the model to *answer*, not
to write queries. A plain text (prompt empty) is trained on every token, which is what
pretraining on a corpus needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import torch
from transformers import PreTrainedTokenizerBase

IGNORE = -100  # label value that torch's cross-entropy skips


class PromptResponse(Protocol):
    query: str
    response: str


@dataclass(frozen=True)
class Text:
    """A plain training text in the shape ``tiny_models.train`` expects: an empty query means
    "train on the whole text" (pretraining on a corpus)."""

    response: str
    query: str = ""


def as_examples(sentences: list[str]) -> list[Text]:
    """Plain sentences as training examples that are trained on every token (a corpus)."""
    return [Text(s) for s in sentences]


def prompt_text(query: str) -> str:
    return f"{query} [SEP]"


def encode_pairs(tokenizer: PreTrainedTokenizerBase, pairs: list[tuple[str, str]]) -> dict[str, torch.Tensor]:
    """Right-padded ``input_ids``, ``attention_mask`` and ``labels`` for (prompt, response) pairs.

    An empty prompt means "train on the whole text".
    """
    rows, label_rows = [], []
    for prompt, response in pairs:
        if prompt:
            prompt_ids = tokenizer(prompt_text(prompt))["input_ids"]
            answer_ids = tokenizer(f"{response} [EOS]", add_special_tokens=False)["input_ids"]
            rows.append(prompt_ids + answer_ids)
            label_rows.append([IGNORE] * len(prompt_ids) + answer_ids)
        else:
            ids = tokenizer(f"{response} [EOS]")["input_ids"]
            rows.append(ids)
            label_rows.append([IGNORE] + ids[1:])  # nothing predicts [BOS]
    width = max(len(r) for r in rows)
    pad = tokenizer.pad_token_id
    input_ids = torch.tensor([r + [pad] * (width - len(r)) for r in rows])
    labels = torch.tensor([r + [IGNORE] * (width - len(r)) for r in label_rows])
    attention_mask = torch.tensor([[1] * len(r) + [0] * (width - len(r)) for r in rows])
    return {"input_ids": input_ids, "attention_mask": attention_mask, "labels": labels}


def encode_examples(tokenizer: PreTrainedTokenizerBase, examples: list[PromptResponse]) -> dict[str, torch.Tensor]:
    return encode_pairs(tokenizer, [(ex.query, ex.response) for ex in examples])


def encode_prompts(tokenizer: PreTrainedTokenizerBase, queries: list[str]) -> dict[str, torch.Tensor]:
    """Left-padded prompts, so that every row's next token is generated at the same position."""
    rows = [tokenizer(prompt_text(q))["input_ids"] for q in queries]
    width = max(len(r) for r in rows)
    pad = tokenizer.pad_token_id
    return {
        "input_ids": torch.tensor([[pad] * (width - len(r)) + r for r in rows]),
        "attention_mask": torch.tensor([[0] * (width - len(r)) + [1] * len(r) for r in rows]),
    }
