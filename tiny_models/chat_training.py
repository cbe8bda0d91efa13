"""A plain fine-tuning loop for a chat model, and the rows it trains on (lab 05 prints both).

``training_rows`` turns (question, answer) pairs into token ids and labels; the labels are
-100 on the prompt, so the loss counts the answer only. ``train`` shuffles the rows, pads each
batch on the right, and takes one AdamW step per batch on whatever parameters require a
gradient (a LoRA adapter's, or the whole model's), its learning rate falling linearly to zero.
Without that decay a run this short at the rate LoRA needs ended wherever its last steps
bounced: in a run of five epochs the training loss rose again in the last one, and on some
seeds the adapter then missed a third of the prices it had learned.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

import torch


def training_rows(tokenizer, pairs: list[tuple[str, str]], prompt_of: Callable[[str], str]):
    """(input ids, labels) per (question, answer); labels are -100 on the prompt."""
    rows = []
    for question, answer in pairs:
        prompt = tokenizer(prompt_of(question), add_special_tokens=False)["input_ids"]
        reply = tokenizer(answer + "<|im_end|>", add_special_tokens=False)["input_ids"]
        rows.append((prompt + reply, [-100] * len(prompt) + reply))
    return rows


def train(net, tokenizer, pairs, prompt_of, *, epochs: int, lr: float, seed: int, batch_size: int = 4) -> float:
    """Fine-tune ``net`` in place: shuffle, pad on the right, loss on the answer, AdamW with the
    learning rate falling linearly from ``lr`` to zero. Returns seconds."""
    rows = training_rows(tokenizer, pairs, prompt_of)
    params = [p for p in net.parameters() if p.requires_grad]
    print(f"  training {sum(p.numel() for p in params) / 1e6:.1f} M parameters on {len(rows)} rows")
    optimizer = torch.optim.AdamW(params, lr=lr, weight_decay=0.0, foreach=False)
    steps = epochs * -(-len(rows) // batch_size)  # batches per epoch, rounded up
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda step: 1 - step / steps)
    rng = random.Random(seed)
    net.train()
    start = time.perf_counter()
    for _ in range(epochs):
        rng.shuffle(rows)
        for i in range(0, len(rows), batch_size):
            batch = rows[i : i + batch_size]
            width = max(len(ids) for ids, _ in batch)
            ids = torch.tensor([ids + [tokenizer.pad_token_id] * (width - len(ids)) for ids, _ in batch])
            labels = torch.tensor([lab + [-100] * (width - len(lab)) for _, lab in batch])
            mask = torch.tensor([[1] * len(x) + [0] * (width - len(x)) for x, _ in batch])
            loss = net(input_ids=ids, attention_mask=mask, labels=labels).loss
            loss.backward()
            optimizer.step()
            schedule.step()
            optimizer.zero_grad(set_to_none=True)
    net.eval()
    return time.perf_counter() - start
