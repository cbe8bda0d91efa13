"""tiny_models.routing: ambiguous queries that mislead a keyword router, and a learned router."""

import pytest

from tiny_models.routing import AMBIGUOUS_TEMPLATES, CentroidRouter, make_ambiguous
from tiny_models.tasks import support_desk as sd


def words(examples, field="query"):
    return {w for ex in examples for w in getattr(ex, field).split()}


@pytest.mark.parametrize("task", sd.TASKS)
def test_same_seed_same_queries_other_seed_other_queries(task):
    assert make_ambiguous(task, 40, seed=2) == make_ambiguous(task, 40, seed=2)
    assert make_ambiguous(task, 40, seed=2) != make_ambiguous(task, 40, seed=3)


@pytest.mark.parametrize("task", sd.TASKS)
def test_ambiguous_queries_use_only_words_the_models_were_trained_on(task):
    trained = words(sd.make_mixture({t: 3000 for t in sd.TASKS}))
    assert words(make_ambiguous(task, 300)) <= trained


@pytest.mark.parametrize("task", sd.TASKS)
def test_each_query_gets_the_reply_of_its_true_task(task):
    replies = words(sd.make_examples(task, 3000), "response")
    for ex in make_ambiguous(task, 100):
        assert ex.task == task
        assert set(ex.response.split()) <= replies
        digits = [w for w in ex.query.split() if w.isdigit()]
        assert " ".join(digits) in ex.response  # the number to copy is in the query


def test_the_keyword_router_misroutes_every_ambiguous_query():
    for task in sd.TASKS:
        assert all(sd.route(ex.query) != task for ex in make_ambiguous(task, 200))


def test_templates_come_in_pairs_per_task():
    assert set(AMBIGUOUS_TEMPLATES) == set(sd.TASKS)
    assert all(len(templates) == 2 for templates in AMBIGUOUS_TEMPLATES.values())


def test_centroid_router_learns_from_examples():
    train = sd.make_mixture({t: 300 for t in sd.TASKS}, seed=0)
    router = CentroidRouter([ex.query for ex in train], [ex.task for ex in train])
    heldout = sd.make_mixture({t: 100 for t in sd.TASKS}, split="heldout", seed=1)
    assert all(router(ex.query) == ex.task for ex in heldout)
    assert CentroidRouter(["a b", "c d"], ["x", "y"])("b b a") == "x"
    with pytest.raises(ValueError):
        CentroidRouter(["a b"], ["x", "y"])  # one task per query


def test_unknown_task_is_refused():
    with pytest.raises(ValueError, match="unknown task"):
        make_ambiguous("refund", 3)
