import pytest
import torch

from tiny_models import build_model, fine_tune, train
from tiny_models.latency import median_latency_ms, throughput
from tiny_models.tasks import support_desk
from tiny_models.tokenizer import train_tokenizer
from tiny_models.training import mean_loss


def test_training_reduces_loss_and_is_deterministic():
    tokenizer = train_tokenizer(support_desk.vocabulary_corpus())
    data = support_desk.make_examples("order", 64)

    def run():
        model = build_model("tiny", tokenizer, seed=0)
        before = mean_loss(model, tokenizer, data)
        history = train(model, tokenizer, data, steps=60, batch_size=16, lr=3e-3, seed=0, progress=False)
        return model, before, mean_loss(model, tokenizer, data), history

    model_a, before, after, history = run()
    assert after < 0.6 * before
    assert [row["step"] for row in history] == list(range(61))
    model_b, *_ = run()
    for a, b in zip(model_a.parameters(), model_b.parameters()):
        assert torch.equal(a, b)


def test_unknown_size_lists_valid_ones():
    tokenizer = train_tokenizer(support_desk.vocabulary_corpus())
    try:
        build_model("huge", tokenizer)
    except ValueError as error:
        assert "tiny, mini, small, base, large" in str(error)
    else:
        raise AssertionError("expected a ValueError")


def test_fine_tune_copies_the_start_and_a_penalty_holds_weights_back():
    tokenizer = train_tokenizer(support_desk.vocabulary_corpus())
    data = support_desk.make_examples("order", 64)
    start = build_model("tiny", tokenizer, seed=0)
    before = [p.detach().clone() for p in start.parameters()]

    def drift(model):
        return sum(float((p - b).pow(2).sum()) for p, b in zip(model.parameters(), before))

    def l2_sp(model):  # L2-SP: squared distance from the starting weights
        return 10.0 * sum((p - b).pow(2).sum() for p, b in zip(model.parameters(), before))

    recipe = dict(steps=30, batch_size=16, lr=3e-3, seed=0, progress=False)
    free = fine_tune(
        start, tokenizer, data, evaluate=lambda m: {"loss_now": mean_loss(m, tokenizer, data)}, eval_every=10, **recipe
    )
    held = fine_tune(start, tokenizer, data, penalty=l2_sp, **recipe)
    assert all(torch.equal(p, b) for p, b in zip(start.parameters(), before)), "the start must not change"
    assert free.seconds > 0 and [row["step"] for row in free.history if "loss_now" in row] == [0, 10, 20, 30]
    assert drift(held.model) < 0.5 * drift(free.model)


def test_latency_takes_turns_and_throughput_counts_requests():
    calls = []
    medians = median_latency_ms(
        {"a": lambda r: calls.append(("a", r)), "b": lambda r: calls.append(("b", r))}, [1, 2, 3, 4], warmup=1
    )
    assert set(medians) == {"a", "b"} and all(ms >= 0 for ms in medians.values())
    assert calls[2:6] == [("a", 1), ("b", 1), ("a", 2), ("b", 2)]  # after one warm-up call each
    assert throughput(lambda rs: None, list(range(50)), runs=1) > 50
    with pytest.raises(ValueError, match="at least one request"):
        median_latency_ms({"a": print}, [])


def test_an_objective_replaces_the_loss_the_model_computes():
    tokenizer = train_tokenizer(support_desk.vocabulary_corpus())
    data = support_desk.make_examples("order", 32)
    start = build_model("tiny", tokenizer, seed=0)
    recipe = dict(steps=5, batch_size=8, lr=3e-3, seed=0, progress=False)
    plain = fine_tune(start, tokenizer, data, **recipe)
    same = fine_tune(start, tokenizer, data, objective=lambda model, batch: model(**batch).loss, **recipe)
    doubled = fine_tune(start, tokenizer, data, objective=lambda model, batch: 2 * model(**batch).loss, **recipe)
    assert [row["loss"] for row in same.history[1:]] == [row["loss"] for row in plain.history[1:]]
    assert doubled.history[1]["loss"] == pytest.approx(2 * plain.history[1]["loss"])
