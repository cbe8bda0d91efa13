"""Greedy answers from a chat model for many prompts at once (lab 05).

Prompts are tokenized without special tokens (they already carry the chat markup), padded on
the *left*, so that every prompt ends where generation starts, and decoded without the
markup. Greedy decoding draws no random numbers: the same prompts give the same answers.
"""

from __future__ import annotations

import torch


@torch.no_grad()
def greedy_answers(model, tokenizer, prompts: list[str], max_new_tokens: int, batch_size: int = 32) -> list[str]:
    """The model's greedy continuation of each prompt, in batches of ``batch_size``."""
    if tokenizer.padding_side != "left":
        raise ValueError("pad chat prompts on the left (tokenizer.padding_side = 'left'), or answers start mid-padding")
    answers = []
    for i in range(0, len(prompts), batch_size):
        batch = tokenizer(prompts[i : i + batch_size], return_tensors="pt", padding=True, add_special_tokens=False)
        out = model.generate(
            **batch, max_new_tokens=max_new_tokens, do_sample=False, pad_token_id=tokenizer.pad_token_id
        )
        answers += tokenizer.batch_decode(out[:, batch["input_ids"].shape[1] :], skip_special_tokens=True)
    return answers
