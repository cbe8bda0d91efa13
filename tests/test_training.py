import torch

from tiny_models import build_model, train
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
