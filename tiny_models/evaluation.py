"""Measuring a model: replies by batched greedy generation, accuracy per task, perplexity."""

from __future__ import annotations

import math
from collections.abc import Sequence

import torch

from .batching import PromptResponse, encode_prompts
from .training import mean_loss

MAX_REPLY_TOKENS = 20  # our longest reply is 16 words (tokens), plus [EOS]


def generate_replies(
    model, tokenizer, queries: Sequence[str], *, batch_size: int = 200, max_new_tokens: int = MAX_REPLY_TOKENS
) -> list[str]:
    """Greedy replies, decoded without special tokens, for many queries at once."""
    replies: list[str] = []
    model.eval()
    with torch.no_grad():
        for start in range(0, len(queries), batch_size):
            batch = encode_prompts(tokenizer, list(queries[start : start + batch_size]))
            out = model.generate(
                **batch,
                max_new_tokens=max_new_tokens,
                do_sample=False,
                eos_token_id=tokenizer.eos_token_id,
                pad_token_id=tokenizer.pad_token_id,
            )
            new_tokens = out[:, batch["input_ids"].shape[1] :]
            replies += [text.strip() for text in tokenizer.batch_decode(new_tokens, skip_special_tokens=True)]
    return replies


def accuracy(model, tokenizer, examples: Sequence[PromptResponse]) -> float:
    """Share of examples whose greedy reply equals the reference reply exactly."""
    replies = generate_replies(model, tokenizer, [ex.query for ex in examples])
    return sum(r == ex.response for r, ex in zip(replies, examples)) / len(examples)


def task_accuracy(model, tokenizer, examples_by_task: dict[str, Sequence[PromptResponse]]) -> dict[str, float]:
    """Accuracy for each task, e.g. ``{"recommendation": 0.98, "order": 0.0, ...}``.

    All tasks are generated in one pass (fewer, larger batches are faster on a CPU).
    """
    flat = [(task, ex) for task, exs in examples_by_task.items() for ex in exs]
    replies = generate_replies(model, tokenizer, [ex.query for _, ex in flat])
    hits = {task: 0 for task in examples_by_task}
    for (task, ex), reply in zip(flat, replies):
        hits[task] += reply == ex.response
    return {task: hits[task] / len(exs) for task, exs in examples_by_task.items()}


def perplexity(model, tokenizer, examples: Sequence[PromptResponse]) -> float:
    """exp(mean loss per predicted token): how surprised the model is by held-out text."""
    return math.exp(mean_loss(model, tokenizer, examples))
