"""The model factory: a few named sizes of a GPT-2-style causal language model.

Every model is a real ``transformers.GPT2LMHeadModel`` built from a ``GPT2Config`` with random
weights; only the size differs. Sizes are named so a lab can say ``build_model("small",
tokenizer)`` and a reader can compare them at a glance with ``SIZES``.
"""

from __future__ import annotations

import torch
from transformers import GPT2Config, GPT2LMHeadModel, PreTrainedTokenizerBase

# name: (layers, width, attention heads). Parameter counts depend on the vocabulary too;
# with ~230 words: tiny ~22k, mini ~70k, small ~118k, base ~430k, large ~960k. Two layers are
# the least that can copy a number from the query into the reply (one layer cannot). "large"
# is deep rather than wide: at this scale a forward pass costs per layer, not per weight.
SIZES = {
    "tiny": (1, 32, 2),
    "mini": (2, 48, 4),
    "small": (2, 64, 4),
    "base": (2, 128, 4),
    "large": (12, 80, 4),
}
MAX_POSITIONS = 64  # our longest sequence (query + reply) is under 50 tokens


def build_model(size: str, tokenizer: PreTrainedTokenizerBase, *, seed: int = 0) -> GPT2LMHeadModel:
    """A freshly initialised model of a named size whose vocabulary matches ``tokenizer``."""
    if size not in SIZES:
        raise ValueError(f"unknown model size {size!r}; valid sizes: {', '.join(SIZES)}")
    layers, width, heads = SIZES[size]
    config = GPT2Config(
        vocab_size=len(tokenizer),
        n_positions=MAX_POSITIONS,
        n_embd=width,
        n_layer=layers,
        n_head=heads,
        n_inner=4 * width,
        # Dropout slows convergence and we never train long enough to overfit the templates.
        resid_pdrop=0.0,
        embd_pdrop=0.0,
        attn_pdrop=0.0,
        # GPT2Config defaults these to GPT-2's 50256, which does not exist in our vocabulary.
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
    )
    torch.manual_seed(seed)
    model = GPT2LMHeadModel(config)
    name_loss(model)
    model.generation_config.pad_token_id = tokenizer.pad_token_id
    return model


def name_loss(model: GPT2LMHeadModel) -> None:
    """transformers cannot infer the loss from the class name "GPT2LMHeadModel" and warns on
    every forward pass with labels; name the (ordinary causal-LM) loss it falls back to."""
    model.loss_type = "ForCausalLM"


def count_parameters(model: torch.nn.Module, *, trainable_only: bool = False) -> int:
    return sum(p.numel() for p in model.parameters() if p.requires_grad or not trainable_only)
