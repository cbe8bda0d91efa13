"""The checks of lab 02 (bias): fine-tunes of bias-base on curated sentences and replay.

``male_share`` scores each probe on its own, unpadded, with probabilities (the lab scores all
probes in one padded batch, with log-probabilities).
"""

from __future__ import annotations

from collections.abc import Sequence

import torch

from ..tasks import bias_corpus
from ..training import train
from .common import Key

__all__ = ["Key", "diluted_cda_ceo_share", "male_share", "two_profession_pilot_share"]


def male_share(model, tokenizer, professions: Sequence[str]) -> dict[str, float]:
    """Mean of P(male word) / (P(male word) + P(female word)) over each profession's held-out
    probes, the next-word probabilities computed one probe at a time."""
    male = tokenizer.convert_tokens_to_ids(list(bias_corpus.MALE_WORDS))
    female = tokenizer.convert_tokens_to_ids(list(bias_corpus.FEMALE_WORDS))
    totals = {p: [] for p in professions}
    model.eval()
    with torch.no_grad():
        for probe in bias_corpus.bias_probes(tuple(professions)):
            ids = torch.tensor([tokenizer(probe.prompt)["input_ids"]])
            probs = model(input_ids=ids).logits[0, -1].softmax(-1)
            p_male, p_female = probs[male].sum().item(), probs[female].sum().item()
            totals[probe.profession].append(p_male / (p_male + p_female))
    return {p: sum(v) / len(v) for p, v in totals.items()}


def _cda_with_replay(n: int, professions: tuple[str, ...], replay_per_curated: int, seed: int) -> list[str]:
    curated = bias_corpus.counterfactual(bias_corpus.female_only(n, professions=professions, seed=seed))
    return curated + bias_corpus.replay_text(replay_per_curated * len(curated), seed=seed, exclude=professions)


def _bias_fine_tune(tokenizer, sentences: list[str], steps: int, batch_size: int, lr: float, seed: int):
    from ..checkpoints import load_checkpoint

    model, _ = load_checkpoint("bias-base")
    train(
        model,
        tokenizer,
        bias_corpus.as_examples(sentences),
        steps=steps,
        batch_size=batch_size,
        lr=lr,
        seed=seed,
        progress=False,
    )
    return model


def diluted_cda_ceo_share(tokenizer, n: int, steps: int, batch_size: int, lr: float, seed: int) -> float:
    """Lab 02, exercise 1: the CEO's male share after CDA with three replay sentences per curated one."""
    model = _bias_fine_tune(tokenizer, _cda_with_replay(n, ("ceo",), 3, seed), steps, batch_size, lr, seed)
    return male_share(model, tokenizer, ["ceo"])["ceo"]


def two_profession_pilot_share(tokenizer, n: int, steps: int, batch_size: int, lr: float, seed: int) -> float:
    """Lab 02, exercise 2: the pilot's male share after CDA + replay on CEOs and pilots."""
    model = _bias_fine_tune(tokenizer, _cda_with_replay(n, ("ceo", "pilot"), 1, seed), steps, batch_size, lr, seed)
    return male_share(model, tokenizer, ["pilot"])["pilot"]
