import pytest

from tiny_models.tasks import support_desk as sd
from tiny_models.tasks.noisy_labels import add_label_noise, labels_of, noise_rate, numbers_in, relabel


@pytest.mark.parametrize("task", sd.TASKS)
def test_stated_share_of_labels_is_wrong_and_numbers_are_kept(task):
    clean = sd.make_examples(task, 200, seed=5)
    noisy = add_label_noise(clean, 0.3, seed=5)
    assert noise_rate(noisy, clean) == pytest.approx(0.3)
    for a, b in zip(noisy, clean):
        assert a.query == b.query
        assert numbers_in(a.response) == numbers_in(b.response)
        assert (a.label != b.label) == (a.response != b.response)
        assert a.label in labels_of(task)


@pytest.mark.parametrize("task", sd.TASKS)
def test_relabel_to_own_label_reproduces_the_reply(task):
    for ex in sd.make_examples(task, 30, seed=2):
        assert relabel(ex, ex.label) == ex


def test_same_seed_same_noise_other_seed_other_noise():
    clean = sd.make_examples("feedback", 100, seed=0)
    assert add_label_noise(clean, 0.2, seed=1) == add_label_noise(clean, 0.2, seed=1)
    assert add_label_noise(clean, 0.2, seed=1) != add_label_noise(clean, 0.2, seed=2)


def test_no_noise_and_bad_rates():
    clean = sd.make_examples("recommendation", 50, seed=0)
    assert add_label_noise(clean, 0.0) == clean
    with pytest.raises(ValueError):
        add_label_noise(clean, 1.5)
    with pytest.raises(ValueError):
        relabel(clean[0], "not a category")
