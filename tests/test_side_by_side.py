"""tiny_models.side_by_side: independent fine-tunes two at a time, with the same bits as one by one."""

import threading

import pytest
import torch

from tiny_models import fine_tune, load_checkpoint
from tiny_models.side_by_side import side_by_side
from tiny_models.tasks import support_desk


@pytest.fixture(scope="module")
def base():
    return load_checkpoint("support-base")


@pytest.fixture
def threads():
    """Set PyTorch's thread count for one test and put the session's back afterwards."""
    before = torch.get_num_threads()
    yield torch.set_num_threads
    torch.set_num_threads(before)


def short_fine_tune(base, seed):
    model, tokenizer = base
    data = support_desk.make_examples("order", 64, seed=seed)
    return fine_tune(model, tokenizer, data, steps=12, batch_size=8, lr=3e-3, seed=seed, progress=False).model


def test_two_at_a_time_gives_the_same_weights_as_one_by_one_on_one_thread(base, threads):
    threads(1)
    one_by_one = [short_fine_tune(base, seed) for seed in range(3)]
    threads(2)
    together = side_by_side(lambda seed: short_fine_tune(base, seed), range(3))
    assert torch.get_num_threads() == 2, "the thread count must be restored"
    for alone, shared in zip(one_by_one, together, strict=True):
        for (name, a), (_, b) in zip(alone.named_parameters(), shared.named_parameters(), strict=True):
            assert torch.equal(a, b), name
    assert not torch.equal(next(one_by_one[0].parameters()), next(one_by_one[1].parameters()))


def test_with_two_threads_runs_share_the_cores_on_one_thread_each(threads):
    threads(2)
    seen = side_by_side(lambda i: (threading.get_ident(), torch.get_num_threads(), i), range(6))
    assert [i for *_, i in seen] == list(range(6)), "results come back in the order of the items"
    assert {n for _, n, _ in seen} == {1}
    assert threading.get_ident() not in {t for t, *_ in seen}


def test_with_one_thread_runs_go_one_after_the_other_here(threads):
    threads(1)
    seen = side_by_side(lambda i: (threading.get_ident(), i), range(3))
    assert seen == [(threading.get_ident(), i) for i in range(3)]


@pytest.mark.parametrize("n_threads", [1, 2])
def test_a_run_that_draws_from_the_global_generator_is_refused(threads, n_threads):
    threads(n_threads)
    with pytest.raises(RuntimeError, match="global random generator.*before side_by_side"):
        side_by_side(lambda i: torch.rand(1), range(2))


def test_a_failing_run_raises_and_the_thread_count_is_restored(threads):
    threads(2)

    def run(i):
        if i == 1:
            raise ValueError("run 1 failed")
        return i

    with pytest.raises(ValueError, match="run 1 failed"):
        side_by_side(run, range(4))
    assert torch.get_num_threads() == 2
