"""support-base: good at recommendations and feedback, never taught order changes.

The starting point of the forgetting lab (and of "Meet your tiny model"). Its tokenizer knows
every word of all three tasks, so that fine-tuning on order changes needs no new tokens; its
weights have only ever seen recommendation and feedback conversations.
"""

from __future__ import annotations

from ..tasks import support_desk
from . import support_desk_measure

NAME = "support-base"
SUMMARY = (
    "A tiny support-desk assistant pretrained on product recommendations and general "
    "feedback only; it has never seen an order-change request."
)

SEED = 0
# The smallest size that learns order changes quickly later (two layers copy numbers; width
# 64 keeps each fine-tuning step of the forgetting lab under 20 ms on 2 cores).
SIZE = "small"
TRAIN_EXAMPLES = 4000  # per task
STEPS, BATCH, LR = 1200, 64, 3e-3
EVAL_EXAMPLES = 200  # per task, held-out templates


vocabulary = support_desk.vocabulary_corpus
measure = support_desk_measure(EVAL_EXAMPLES, seed=SEED)
DATA = (
    f"{TRAIN_EXAMPLES} recommendation and {TRAIN_EXAMPLES} feedback (query, reply) pairs "
    "from the training templates of `tiny_models.tasks.support_desk` (seed 0). No order "
    "changes. Loss on the reply only."
)


def training_data() -> list:
    return support_desk.make_mixture({"recommendation": TRAIN_EXAMPLES, "feedback": TRAIN_EXAMPLES}, seed=SEED)
