"""Answer keys: what the checks of labs 01-03 compute to judge an exercise that runs an experiment.

An exercise such as "fine-tune at a ten times lower learning rate and measure" has an answer
that only a training run can give, and it differs with the learner's seed. Its check therefore
runs the experiment itself, once, when the learner submits an answer. That code lives here,
not in the check cell, so that a learner who reads a check reads *what* it compares, not a
line to copy; and it measures with code of its own, not the lab's helpers, so that a check
does not merely repeat the reference solution:

- ``male_share`` scores each probe on its own, unpadded, with probabilities (lab 02 scores all
  probes in one padded batch, with log-probabilities);
- ``exact_match`` compares the words of each reply (the labs call ``task_accuracy``).

``Key`` runs the experiment lazily and once, and ``matches`` compares an answer with it in the
plain data the grader hands over (a tuple may come back as a list, a number as an int).
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable, Sequence

import torch

from .evaluation import generate_replies
from .tasks import bias_corpus
from .training import mean_loss, train


class Key:
    """The true answer, computed by ``compute()`` the first time it is needed."""

    def __init__(self, compute: Callable[[], object]):
        self._compute = compute
        self._value = None
        self._done = False

    @property
    def value(self):
        if not self._done:
            self._value, self._done = self._compute(), True
        return self._value

    def accepts(self, answer, tolerance: float) -> bool:
        return matches(answer, self.value, tolerance)


def matches(answer, truth, tolerance: float) -> bool:
    """``answer`` equals ``truth`` up to ``tolerance`` on every number, for numbers, strings,
    dicts (same keys) and sequences (same length); a bool is never taken for a number."""
    if isinstance(truth, dict):
        return (
            isinstance(answer, dict)
            and set(answer) == set(truth)
            and all(matches(answer[k], truth[k], tolerance) for k in truth)
        )
    if isinstance(truth, (list, tuple)):
        return (
            isinstance(answer, (list, tuple))
            and len(answer) == len(truth)
            and all(matches(a, t, tolerance) for a, t in zip(answer, truth))
        )
    if isinstance(truth, str):
        return isinstance(answer, str) and answer.strip().lower() == truth
    if isinstance(answer, bool) or not hasattr(answer, "__float__"):
        return False
    return abs(float(answer) - float(truth)) <= tolerance


def trained_copy(model, tokenizer, examples, *, steps: int, batch_size: int, lr: float, seed: int):
    """A fine-tuned copy of ``model`` (the original is left as it was)."""
    tuned = copy.deepcopy(model)
    train(tuned, tokenizer, examples, steps=steps, batch_size=batch_size, lr=lr, seed=seed, progress=False)
    return tuned


def exact_match(model, tokenizer, examples_by_task: dict[str, Sequence]) -> dict[str, float]:
    """Share of replies whose words equal the reference's, per task."""
    shares = {}
    for task, examples in examples_by_task.items():
        replies = generate_replies(model, tokenizer, [ex.query for ex in examples])
        shares[task] = sum(r.split() == ex.response.split() for r, ex in zip(replies, examples)) / len(examples)
    return shares


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


# --- lab 02 (bias): fine-tunes of bias-base on curated sentences and replay -----------------


def _cda_with_replay(n: int, professions: tuple[str, ...], replay_per_curated: int, seed: int) -> list[str]:
    curated = bias_corpus.counterfactual(bias_corpus.female_only(n, professions=professions, seed=seed))
    return curated + bias_corpus.replay_text(replay_per_curated * len(curated), seed=seed, exclude=professions)


def _bias_fine_tune(tokenizer, sentences: list[str], steps: int, batch_size: int, lr: float, seed: int):
    from .checkpoints import load_checkpoint

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


# --- lab 01 (forgetting) ---------------------------------------------------------------------


def accuracy_and_loss(model, tokenizer, examples) -> tuple[float, float]:
    """(exact-match accuracy, mean loss per reply token of the correct replies) on ``examples``."""
    return exact_match(model, tokenizer, {"all": examples})["all"], mean_loss(model, tokenizer, examples)


def gentle_fine_tune(base, tokenizer, order_data, heldout, steps: int, batch_size: int, lr: float, seed: int):
    """Lab 01, exercise 1: after the order fine-tune at ``lr / 10``, the held-out accuracy per
    task and the held-out loss on recommendations."""
    model = trained_copy(base, tokenizer, order_data, steps=steps, batch_size=batch_size, lr=lr / 10, seed=seed)
    return exact_match(model, tokenizer, heldout), mean_loss(model, tokenizer, heldout["recommendation"])


# --- lab 03 (distillation) -------------------------------------------------------------------


def teacher_replies(teacher, tokenizer, examples) -> list:
    """The examples with the teacher's greedy reply in place of their own."""
    replies = generate_replies(teacher, tokenizer, [ex.query for ex in examples])
    return [dataclasses.replace(ex, response=reply) for ex, reply in zip(examples, replies)]


def error_rate(answered, truth) -> float:
    """Share of ``answered`` whose reply differs, word for word, from the same query's in ``truth``."""
    return sum(a.response.split() != t.response.split() for a, t in zip(answered, truth)) / len(truth)


def student_scores(start, tokenizer, examples, heldout, steps: int, batch_size: int, lr: float, seed: int):
    """Lab 03, exercise 1: held-out accuracy per task and their mean, and the held-out loss on every
    task's examples, of a student trained on ``examples``."""
    student = trained_copy(start, tokenizer, examples, steps=steps, batch_size=batch_size, lr=lr, seed=seed)
    shares = exact_match(student, tokenizer, heldout)
    everything = [ex for task_examples in heldout.values() for ex in task_examples]
    return {**shares, "mean": sum(shares.values()) / len(shares)}, mean_loss(student, tokenizer, everything)
