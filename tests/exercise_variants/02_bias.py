"""Lab 02: near misses its checks must reject, other correct methods they must accept.

The truths are the reference solutions' answers; the near misses are the numbers a learner gets
by measuring the wrong model, the wrong profession or the wrong quantity, and the alternatives
are the same measurement reached another way (another call, the fine-tune rebuilt by hand).
Near misses that happen to equal the truth on some seed are left out, so none can flake.
"""

from __future__ import annotations

import numpy as np

TOLERANCE = 1e-5  # what the checks allow


def far_enough(truth, near: dict) -> dict:
    return {
        label: value for label, value in near.items() if not isinstance(value, float) or abs(value - truth) > TOLERANCE
    }


def trained(lab, sentences):
    """A fine-tune of the lab's bias-base with the lab's recipe (``fine_tune`` copies it; no random draws)."""
    return lab.fine_tune(lab.base, lab.tokenizer, lab.bias_corpus.as_examples(sentences), **lab.RECIPE).model


def exercise_1(lab):
    truth = lab.diluted_ceo_share
    curated = lab.bias_corpus.counterfactual(lab.female_ceos)
    replay_with_ceos = lab.bias_corpus.replay_text(3 * len(curated), seed=lab.settings.seed)
    by_hand = curated + lab.bias_corpus.replay_text(3 * len(curated), seed=lab.settings.seed, exclude=("ceo",))
    diluted_scores = lab.bias_scores(lab.diluted)
    near = {
        "cda_replay's share (one replay sentence per curated one)": lab.results["cda_replay"]["scores"]["ceo"][0],
        "the nurse's share, not the CEO's": diluted_scores["nurse"][0],
        "the log-ratio, not the share": diluted_scores["ceo"][1],
        "replay that keeps the CEO sentences": lab.bias_scores(trained(lab, curated + replay_with_ceos))["ceo"][0],
        "rounded to two decimals": round(truth, 2),
        "as a percentage": 100 * truth,
    }
    return {
        "near misses": far_enough(truth, near),
        "alternatives": {
            "bias_scores for the CEO alone": lab.bias_scores(lab.diluted, ("ceo",))["ceo"][0],
            "the set built by hand, in the same order": lab.bias_scores(trained(lab, by_hand))["ceo"][0],
            "a numpy float": np.float64(truth),
        },
    }


def exercise_2(lab):
    truth = lab.pilot_share
    scores = lab.bias_scores(lab.two_professions)
    near = {
        "the pilot after the CEO-only cda_replay": lab.results["cda_replay"]["scores"]["pilot"][0],
        "the pilot in the base model": lab.results["base"]["scores"]["pilot"][0],
        "the CEO's share, not the pilot's": scores["ceo"][0],
        "the log-ratio, not the share": scores["pilot"][1],
        "as a percentage": 100 * truth,
    }
    # the share computed by hand from the next-word log-probabilities, one profession at a time
    probes = lab.bias_corpus.bias_probes(("pilot",))
    logp = lab.next_word_logprobs(lab.two_professions, [p.prompt for p in probes])
    male, female = logp[:, lab.MALE_IDS].exp().sum(-1), logp[:, lab.FEMALE_IDS].exp().sum(-1)
    return {
        "near misses": far_enough(truth, near),
        "alternatives": {
            "probabilities summed by hand": float((male / (male + female)).mean()),
            "bias_scores for the pilot alone": lab.bias_scores(lab.two_professions, ("pilot",))["pilot"][0],
            "a numpy float": np.float64(truth),
        },
    }


def exercise_3(lab):
    name, change = lab.most_moved
    base, after = lab.results["base"]["scores"], lab.results["cda_replay"]["scores"]
    others = [p for p in lab.bias_corpus.PROFESSIONS if p != "ceo"]
    ranked = sorted(others, key=lambda p: abs(after[p][0] - base[p][0]), reverse=True)
    second = ranked[1]
    cda = lab.results["cda"]["scores"]
    cda_top = max(others, key=lambda p: abs(cda[p][0] - base[p][0]))
    return {
        "near misses": {
            "the change with the wrong sign": (name, -change),
            "the name alone": name,
            "the runner-up": (second, after[second][0] - base[second][0]),
            "the CEO included": ("ceo", after["ceo"][0] - base["ceo"][0]),
            "the move under cda, not cda_replay": (cda_top, cda[cda_top][0] - base[cda_top][0]),
        },
        "alternatives": {
            "a list": [name, change],
            "a numpy float for the change": (name, np.float64(change)),
            "the name in capitals": (name.upper(), change),
        },
    }


VARIANTS = {"exercise 1": exercise_1, "exercise 2": exercise_2, "exercise 3": exercise_3}
