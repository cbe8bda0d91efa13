import pytest

from tiny_models.tasks import support_desk as sd


def words(examples):
    return {w for ex in examples for w in ex.query.split()}


@pytest.mark.parametrize("task", sd.TASKS)
def test_same_seed_same_data_other_seed_other_data(task):
    assert sd.make_examples(task, 50, seed=3) == sd.make_examples(task, 50, seed=3)
    assert sd.make_examples(task, 50, seed=3) != sd.make_examples(task, 50, seed=4)


@pytest.mark.parametrize("task", sd.TASKS)
def test_heldout_queries_use_templates_never_trained_on(task):
    train = {ex.query for ex in sd.make_examples(task, 3000, split="train")}
    heldout = sd.make_examples(task, 300, split="heldout")
    assert not train & {ex.query for ex in heldout}
    # ... yet only words seen in training: a new word would have an untrained embedding.
    assert words(heldout) <= words(sd.make_examples(task, 3000, split="train"))


def test_template_lists_are_disjoint():
    assert not set(sd.RECOMMENDATION_TEMPLATES["train"]) & set(sd.RECOMMENDATION_TEMPLATES["heldout"])
    assert not set(sd.FEEDBACK_TEMPLATES["train"]) & set(sd.FEEDBACK_TEMPLATES["heldout"])
    assert not set(sd.ORDER_TEMPLATES["train"]) & set(sd.ORDER_TEMPLATES["heldout"])


def test_replies_are_checkable_and_copy_the_numbers():
    for ex in sd.make_mixture({t: 100 for t in sd.TASKS}, seed=1):
        digits = [w for w in ex.query.split() if w.isdigit()]
        assert " ".join(digits) in ex.response


def test_router_sends_every_query_to_its_task():
    for split in sd.SPLITS:
        for ex in sd.make_mixture({t: 200 for t in sd.TASKS}, split=split):
            assert sd.route(ex.query) == ex.task


def test_unknown_task_lists_valid_ones():
    with pytest.raises(ValueError, match="valid tasks: recommendation, order, feedback"):
        sd.make_examples("refund", 1)
