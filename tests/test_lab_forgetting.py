"""Lab 01 runs top to bottom and shows its lesson: fine-tuning on one task erases the others;
the controls (a ten times lower learning rate, an L2-SP penalty, LoRA at several ranks and its
own rates) do not explain it away; the old skills come back with a short replay; replay and
routing keep every task, and a keyword router fails on ambiguous queries where a learned one
mostly does not. Each metric's own range is in labs/01_forgetting/lab.toml (asserted by
tests/test_exercises.py); here, the comparisons between methods that make the lesson."""

import pytest
from conftest import LESSON_RUNS

OLD_TASKS = ("recommendation", "feedback")
LR = 3e-3  # support-base's pretraining peak rate, the rate of the lab's order fine-tune


@pytest.mark.lab
@pytest.mark.parametrize(("seed", "fast"), LESSON_RUNS)
def test_forgetting_and_its_remedies(lab_run, seed, fast):
    m = lab_run("forgetting", seed=seed, fast=fast).metrics
    for task in OLD_TASKS:
        # order-only fine-tuning forgets what the base knew ...
        assert m[f"naive/{task}"] <= m[f"base/{task}"] - 0.5, task
        # ... and the two plain remedies keep it
        for method in ("mixed", "routed"):
            assert m[f"{method}/{task}"] >= m[f"naive/{task}"] + 0.5, f"{method}/{task}"
    # the old tasks were lost early, while the order task was still far from learned
    assert m["curve/order_when_old_lost"] <= 0.3
    # every fine-tune that saw orders learned them, compared with the base
    for method in ("naive", "mixed", "routed"):
        assert m[f"{method}/order"] >= m["base/order"] + 0.5, method
    # the replay sweep: half old data keeps the worst task far better than none, and the
    # smallest share that keeps every task at 80 % lies above 1 % (Scialom et al.'s share)
    assert m["replay/0.5/min_task"] >= m["replay/0/min_task"] + 0.5
    assert 0.01 < m["replay/threshold"] <= 0.5
    if "replay/0.01/min_task" in m:  # normal mode: Scialom et al.'s 1 % keeps (almost) nothing here
        assert m["replay/0.01/min_task"] <= 0.2


@pytest.mark.lab
@pytest.mark.parametrize(("seed", "fast"), LESSON_RUNS)
def test_the_controls_do_not_explain_the_forgetting_away(lab_run, seed, fast):
    m = lab_run("forgetting", seed=seed, fast=fast).metrics
    low = f"{LR / 10:g}"
    # a ten times lower rate keeps the old replies more likely (lower loss) ...
    assert m[f"lr/{low}/old_loss"] < m[f"lr/{LR:g}/old_loss"] - 0.5
    # ... but keeps no old task, though it trained: it learned orders, fewer than at LR
    assert m[f"lr/{low}/old_min"] <= 0.2
    assert m["base/order"] + 0.2 <= m[f"lr/{low}/order"] < m[f"lr/{LR:g}/order"]
    # L2-SP: the same trade, and no old task kept either
    assert m["l2sp/0.1/old_loss"] < m["l2sp/0/old_loss"] - 0.5
    assert m["l2sp/0.1/old_min"] <= 0.2
    assert m["l2sp/0.1/order"] < m["l2sp/0/order"]
    # LoRA at every rank and rate it tried forgets too, while its best setting learns most orders
    assert m["lora/old_best"] <= 0.2
    assert m["lora/order_best"] >= 0.5


@pytest.mark.lab
@pytest.mark.parametrize(("seed", "fast"), LESSON_RUNS)
def test_the_old_skills_are_hidden_more_than_gone(lab_run, seed, fast):
    m = lab_run("forgetting", seed=seed, fast=fast).metrics
    steps = int(m["recovery/steps"])
    # the old replies became unlikely during the order fine-tune (nats per token) ...
    assert m["probe/old_loss/naive"] >= m["probe/old_loss/base"] + 1.0
    # ... yet a short replay brings a large part of them back, far more than as many steps
    # teach of a task the model never knew
    assert m[f"recovery/{steps}/old_min"] >= m["recovery/0/old_min"] + 0.3
    assert m[f"recovery/{steps}/old_min"] >= m["recovery/new_task_order"] + 0.3
    # the replay first knocks the new order task down too: the model switches templates
    during = [v for k, v in m.items() if k.startswith("recovery/") and k.endswith("/order") and k != "recovery/0/order"]
    assert min(during) <= m["recovery/0/order"] - 0.3


@pytest.mark.lab
@pytest.mark.parametrize(("seed", "fast"), LESSON_RUNS)
def test_task_vectors_compared_at_equal_steps(lab_run, seed, fast):
    m = lab_run("forgetting", seed=seed, fast=fast).metrics
    # after the same number of steps the new task moved the weights further than the known one
    assert m["tau/order_short"] > m["tau/feedback_short"]


@pytest.mark.lab
@pytest.mark.parametrize(("seed", "fast"), LESSON_RUNS)
def test_routing_needs_a_router_measured_on_real_traffic(lab_run, seed, fast):
    m = lab_run("forgetting", seed=seed, fast=fast).metrics
    assert m["router/keyword/held-out"] == 1.0 and m["router/learned/held-out"] == 1.0
    assert m["router/keyword/ambiguous"] <= 0.1  # misroutes (nearly) every ambiguous query
    assert m["router/learned/ambiguous"] >= m["router/keyword/ambiguous"] + 0.5
    assert m["routed/learned/ambiguous"] >= m["routed/keyword/ambiguous"] + 0.3


@pytest.mark.lab
def test_lab_draws_the_figures_the_site_embeds(lab_run):
    figures = lab_run("forgetting").figures()
    expected = {"forgetting-curve", "lr-sweep", "hidden-or-gone", "replay-sweep", "wise-ft", "remedies-comparison"}
    assert expected <= set(figures)


@pytest.mark.lab
def test_reference_solutions_pass_their_checks(lab_run):
    checks = lab_run("forgetting").checks
    assert checks == {"exercise 1": "pass", "exercise 2": "pass", "exercise 3": "pass"}
