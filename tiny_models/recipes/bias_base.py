"""bias-base: a tiny language model that learned the gender skew of its pretraining corpus.

The starting point of the bias lab. It is pretrained (loss on every token) on sentences from
``tiny_models.tasks.bias_corpus``, in which CEOs are men 90 % of the time and nurses 10 %,
plus colour facts that serve as a capability probe. The lab measures the learned skew on
held-out templates and tries to undo it with curated fine-tuning data.
"""

from __future__ import annotations

import torch

from ..evaluation import perplexity
from ..tasks import bias_corpus

NAME = "bias-base"
SUMMARY = (
    "A tiny language model pretrained on a synthetic corpus where CEOs are mostly men and "
    "nurses mostly women (stated skews), plus colour facts as a capability probe."
)

SEED = 0
SIZE = "small"
CORPUS_SENTENCES = 20_000
STEPS, BATCH, LR = 500, 64, 3e-3
HELDOUT_SENTENCES = 1000


def male_share(model, tokenizer, probes) -> float:
    """Mean over ``probes`` of P(male word) / (P(male word) + P(female word)) for the next word.
    (The lab writes this metric out step by step; this compact copy fills the model card.)"""
    male = tokenizer.convert_tokens_to_ids(list(bias_corpus.MALE_WORDS))
    female = tokenizer.convert_tokens_to_ids(list(bias_corpus.FEMALE_WORDS))
    shares = []
    with torch.no_grad():
        for probe in probes:
            ids = torch.tensor([tokenizer(probe.prompt)["input_ids"]])
            logp = model(input_ids=ids).logits[0, -1].log_softmax(-1)
            m, f = logp[male].logsumexp(0), logp[female].logsumexp(0)
            shares.append(torch.sigmoid(m - f).item())
    return sum(shares) / len(shares)


def measure(model, tokenizer) -> dict[str, float]:
    metrics = {
        f"male share/{p}": male_share(model, tokenizer, bias_corpus.bias_probes((p,))) for p in bias_corpus.PROFESSIONS
    }
    heldout = bias_corpus.as_examples(bias_corpus.heldout_text(HELDOUT_SENTENCES, seed=SEED))
    metrics["perplexity"] = perplexity(model, tokenizer, heldout)
    return metrics


vocabulary = bias_corpus.vocabulary_corpus
DATA = (
    f"{CORPUS_SENTENCES:,} sentences from `tiny_models.tasks.bias_corpus.pretraining_corpus` "
    "(seed 0, training templates only): 25 % colour facts, 75 % sentences about eight "
    "professions whose holder is male with the stated probability "
    + ", ".join(f"{p} {s:.0%}" for p, s in bias_corpus.MALE_SHARE.items())
    + ". Loss on every token."
)


def training_data() -> list:
    return bias_corpus.as_examples(bias_corpus.pretraining_corpus(CORPUS_SENTENCES, seed=SEED))
