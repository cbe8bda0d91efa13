"""Weight arithmetic for model merging: interpolation (WiSE-FT) and task vectors.

Two models fine-tuned from the same base share every parameter name and shape, so they can
be combined tensor by tensor without any training:

- ``interpolate(base, tuned, alpha)`` returns ``base + alpha * (tuned - base)``: alpha 0 is
  the base model, alpha 1 the fine-tuned one (Wortsman et al. 2022, WiSE-FT).
- ``task_vector(base, tuned)`` is ``tuned - base``, the direction fine-tuning moved the
  weights; ``add_task_vectors(base, vectors, scale)`` returns ``base + scale * sum(vectors)``
  (Ilharco et al. 2023, task arithmetic).

Only floating-point tensors are combined, each once even when tied; anything else (integer
buffers) is copied from the base. Inputs are never modified: every function returns a new model.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence

import torch

TaskVector = dict[str, torch.Tensor]


def _float_state(model: torch.nn.Module) -> dict[str, torch.Tensor]:
    """Floating-point parameters and buffers, each tensor once: tied weights (GPT-2's input and
    output embeddings are one tensor under two names) must not be moved twice."""
    tensors = dict(model.named_parameters()) | dict(model.named_buffers())
    return {k: v for k, v in tensors.items() if torch.is_floating_point(v)}


def task_vector(base: torch.nn.Module, tuned: torch.nn.Module) -> TaskVector:
    """``tuned - base`` for every floating-point tensor; both models must share one architecture."""
    base_state, tuned_state = _float_state(base), _float_state(tuned)
    if base_state.keys() != tuned_state.keys():
        missing = sorted(base_state.keys() ^ tuned_state.keys())[:5]
        raise ValueError(
            f"models differ in their parameters (e.g. {missing}); merge only models fine-tuned from the same base"
        )
    vector = {}
    for name, value in base_state.items():
        if value.shape != tuned_state[name].shape:
            raise ValueError(f"{name}: shape {tuple(value.shape)} vs {tuple(tuned_state[name].shape)}")
        vector[name] = tuned_state[name].detach() - value.detach()
    return vector


def add_task_vectors(
    base: torch.nn.Module, vectors: Sequence[TaskVector], scale: float | Sequence[float] = 1.0
) -> torch.nn.Module:
    """A new model with weights ``base + sum(scale_i * vector_i)``."""
    scales = [float(scale)] * len(vectors) if isinstance(scale, (int, float)) else [float(s) for s in scale]
    if len(scales) != len(vectors):
        raise ValueError(f"{len(vectors)} task vectors but {len(scales)} scales")
    merged = copy.deepcopy(base)
    state = _float_state(merged)  # the live tensors: in-place adds update the model
    with torch.no_grad():
        for vector, s in zip(vectors, scales):
            for name, delta in vector.items():
                state[name].add_(delta, alpha=s)
    merged.eval()
    return merged


def interpolate(base: torch.nn.Module, tuned: torch.nn.Module, alpha: float) -> torch.nn.Module:
    """WiSE-FT: a new model with weights ``(1 - alpha) * base + alpha * tuned``."""
    return add_task_vectors(base, [task_vector(base, tuned)], alpha)
