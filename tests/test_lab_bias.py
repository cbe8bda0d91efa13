"""Lab 02 runs top to bottom and shows its lesson: naive over-corrects; in the two-by-two design,
counterfactual augmentation (CDA) is what brings the CEO to parity and replay is what keeps
perplexity and the facts; re-weighting "he"/"she" at decoding time matches the fine-tunes on the
pronoun probes it lists, at no cost, and misses the names it does not list. Each metric's own
range is in labs/02_bias/lab.toml (asserted by tests/test_exercises.py); here, the comparisons
between recipes that make the lesson."""

import pytest
from conftest import LESSON_RUNS

from tiny_models.tasks import bias_corpus as bc

FINE_TUNES = ("naive", "naive_replay", "cda", "cda_replay")


def test_held_out_frame_is_held_out():
    """The frame probes' shape ("the team met the ceo .") occurs in no training text, in training words."""
    text = (
        bc.pretraining_corpus(5000, seed=0)
        + bc.counterfactual(bc.female_only(300, professions=("ceo", "pilot"), seed=1))
        + bc.replay_text(500, seed=0)
    )
    train_words = set(" ".join(text).split())
    for probe in bc.frame_probes():
        stem = probe.prompt[:-2]  # without the final "." or ","
        assert not any(stem in s for s in text), probe
        assert set(probe.prompt.split()) <= train_words, probe


@pytest.mark.lab
@pytest.mark.parametrize(("seed", "fast"), LESSON_RUNS)
def test_curated_fine_tuning_lesson(lab_run, seed, fast):
    m = lab_run("bias", seed=seed, fast=fast).metrics
    # every curated fine-tune moves the CEO away from the base's skew; naive overshoots past 0.5
    for recipe in FINE_TUNES:
        assert m[f"{recipe}/ceo_male_share"] < m["base/ceo_male_share"] - 0.15, recipe
    assert m["naive/ceo_male_share"] < m["cda_replay/ceo_male_share"] - 0.2
    # replay is what keeps the model's general fit: it costs less perplexity than CDA alone
    assert m["cda_replay/perplexity"] < m["cda/perplexity"]
    assert m["cda_replay/perplexity"] <= 1.10 * m["base/perplexity"]


@pytest.mark.lab
@pytest.mark.parametrize(("seed", "fast"), LESSON_RUNS)
def test_factorial_tells_cda_and_replay_apart(lab_run, seed, fast):
    m = lab_run("bias", seed=seed, fast=fast).metrics
    # CDA fixes the over-correction; replay barely does (naive_replay still over-corrects)
    assert m["effect/cda/parity_gap"] < -0.2
    assert abs(m["effect/replay/parity_gap"]) < abs(m["effect/cda/parity_gap"]) / 2
    assert m["naive_replay/ceo_male_share"] < 0.3
    # replay protects perplexity and the facts, far more than CDA does
    assert m["effect/replay/perplexity_vs_base"] < 1.5 * m["effect/cda/perplexity_vs_base"] < 0
    assert m["effect/replay/fact_accuracy"] >= m["effect/cda/fact_accuracy"]
    # replay alone explains most of cda_replay's perplexity gain over naive
    gain_all = m["naive/perplexity"] - m["cda_replay/perplexity"]
    gain_replay = m["naive/perplexity"] - m["naive_replay/perplexity"]
    assert gain_replay >= 0.7 * gain_all
    # with both, spill-over is the smallest of the four fine-tunes, but not zero
    assert m["cda_replay/spill_over"] == min(m[f"{r}/spill_over"] for r in FINE_TUNES)
    assert m["cda_replay/spill_over"] > 0.02


@pytest.mark.lab
@pytest.mark.parametrize(("seed", "fast"), LESSON_RUNS)
def test_reweighting_matches_on_listed_words_and_misses_the_rest(lab_run, seed, fast):
    m = lab_run("bias", seed=seed, fast=fast).metrics
    # on the pronoun probes (the words it lists) it reaches parity, as close as the best fine-tune
    assert abs(m["reweight/ceo_pronoun_share"] - 0.5) < 0.1
    assert abs(m["reweight/ceo_pronoun_share"] - 0.5) <= abs(m["cda_replay/ceo_pronoun_share"] - 0.5) + 0.05
    # at no cost: nothing else moves
    assert m["reweight/spill_over"] < 1e-6
    assert m["reweight/fact_accuracy"] == m["base/fact_accuracy"]
    assert m["reweight/perplexity_vs_base"] < 1.01
    # but names, which it does not list, keep the base's skew, unlike after the fine-tunes
    assert abs(m["reweight/ceo_name_share"] - m["base/ceo_name_share"]) < 0.02
    assert m["cda_replay/ceo_name_share"] < m["base/ceo_name_share"] - 0.15


@pytest.mark.lab
@pytest.mark.parametrize(("seed", "fast"), LESSON_RUNS)
def test_fix_carries_over_to_a_held_out_frame(lab_run, seed, fast):
    m = lab_run("bias", seed=seed, fast=fast).metrics
    assert m["base/ceo_frame_share"] > 0.8  # the skew is there in a sentence shape never seen
    assert abs(m["cda_replay/ceo_frame_share"] - 0.5) < 0.15  # and CDA + replay fixes it there too
    assert m["naive/ceo_frame_share"] < 0.2  # as naive over-corrects it there too


@pytest.mark.lab
def test_reference_solutions_pass_their_checks(lab_run):
    checks = lab_run("bias").checks
    assert checks == {"exercise 1": "pass", "exercise 2": "pass", "exercise 3": "pass"}
