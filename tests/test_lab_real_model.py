"""Lab 05 runs top to bottom on the real model and shows what it says: closed book, the model
states wrong prices as facts; one relevant line in the prompt fixes that, the whole catalogue
much less; retrieval brings back the one-line result; LoRA learns the prices, then keeps the old
ones after an update, and costs general answers. Asserted only where it held on fast seeds 0-2
and normal seed 0; the paraphrase comparison and the full fine-tunes are reported, not asserted."""

import pytest
from conftest import LESSON_RUNS


@pytest.mark.lab
@pytest.mark.parametrize(("seed", "fast"), LESSON_RUNS)
def test_facts_belong_in_the_prompt_on_a_real_model(lab_run, seed, fast):
    m = lab_run("real_model", seed=seed, fast=fast).metrics
    assert m["params_m"] == pytest.approx(134.5, abs=1)
    assert m["closed/accuracy"] <= 0.1
    assert m["closed/wrong_value_share"] >= 0.6
    assert m["prompt/one_line"] >= 0.75
    assert m["prompt/one_line"] > m["prompt/whole_catalogue"]
    assert m["prompt/bm25_top3"] > m["prompt/whole_catalogue"]
    assert m["probe/questions"] >= 30 and m["probe/base"] >= 0.9
    # facts in the weights: LoRA learns them, then states the old prices after an update
    assert m["lora/paraphrases"] >= 0.7  # one phrasing: 0.25 in normal mode, 0.875-1.0 in fast
    assert m["update/lora_new"] <= 0.3 and m["update/lora_old"] >= 0.7
    assert m["update/retrieval_new"] >= 0.8
    # side effects: the LoRA fine-tune costs general answers (seeds 0-2 fast: 30-80 points)
    assert m["probe/LoRA, paraphrases"] <= m["probe/base"] - 0.2
    assert m["peak_rss_gb"] <= 3.0


@pytest.mark.lab
def test_reference_solutions_pass_their_checks(lab_run):
    checks = lab_run("real_model").checks
    assert checks == {"exercise 1": "pass", "exercise 2": "pass", "exercise 3": "pass"}
