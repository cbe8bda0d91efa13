"""Unit tests for tiny_models.merging: weight interpolation and task arithmetic."""

import pytest
import torch

from tiny_models.merging import add_task_vectors, interpolate, task_vector


def make(seed: int) -> torch.nn.Module:
    torch.manual_seed(seed)
    model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.LayerNorm(4))
    model.register_buffer("steps", torch.tensor(seed))  # an integer buffer: copied, not merged
    return model


def test_interpolate_endpoints_and_midpoint():
    base, tuned = make(0), make(1)
    for alpha, expected in [(0.0, base), (1.0, tuned)]:
        merged = interpolate(base, tuned, alpha)
        for (name, a), b in zip(merged.state_dict().items(), expected.state_dict().values()):
            if torch.is_floating_point(a):
                torch.testing.assert_close(a, b, msg=name)
    mid = interpolate(base, tuned, 0.5)
    torch.testing.assert_close(mid[0].weight, (base[0].weight + tuned[0].weight) / 2)
    assert int(mid.steps) == 0  # integer buffer comes from the base


def test_inputs_are_not_modified():
    base, tuned = make(0), make(1)
    before = base[0].weight.clone()
    interpolate(base, tuned, 0.7)
    add_task_vectors(base, [task_vector(base, tuned)], 2.0)
    torch.testing.assert_close(base[0].weight, before)


def test_task_arithmetic_adds_scaled_vectors():
    base, a, b = make(0), make(1), make(2)
    merged = add_task_vectors(base, [task_vector(base, a), task_vector(base, b)], [1.0, 0.5])
    expected = base[0].bias + (a[0].bias - base[0].bias) + 0.5 * (b[0].bias - base[0].bias)
    torch.testing.assert_close(merged[0].bias, expected)


def test_mismatched_models_are_refused():
    with pytest.raises(ValueError, match="differ"):
        task_vector(make(0), torch.nn.Linear(3, 4))
    with pytest.raises(ValueError, match="scales"):
        add_task_vectors(make(0), [task_vector(make(0), make(1))], [1.0, 2.0])


def test_tied_weights_move_once():
    class Tied(torch.nn.Module):
        def __init__(self, seed):
            super().__init__()
            torch.manual_seed(seed)
            self.embed = torch.nn.Embedding(5, 3)
            self.head = torch.nn.Linear(3, 5, bias=False)
            self.head.weight = self.embed.weight

    base, tuned = Tied(0), Tied(1)
    merged = interpolate(base, tuned, 1.0)
    torch.testing.assert_close(merged.embed.weight, tuned.embed.weight)
    assert merged.head.weight is merged.embed.weight
