"""support-generalist: a bigger model that knows the support desk broadly, but was not specialised.

The distillation lab's stand-in for a large general-purpose model. It has about six times the
parameters of the lab's student, and its training covered every kind of support-desk request,
order changes included, with the same noisy human labels as everyone else; but recommendations
and feedback were only part of what it learned, on a fixed training budget spread across all
three tasks. It is what you get when you use a bigger model that was trained for many things
instead of the one thing you need."""

from __future__ import annotations

from ..tasks import support_desk
from ..tasks.noisy_labels import add_label_noise
from . import support_desk_measure

NAME = "support-generalist"
SUMMARY = (
    "A bigger generalist: a 2-layer model trained on a small budget over all three support-desk tasks "
    "(noisy labels), not specialised for recommendations and feedback."
)

SEED = 0
SIZE = "base"
TRAIN_EXAMPLES = 3000  # per task, all three tasks
LABEL_NOISE = 0.3
STEPS, BATCH, LR = 400, 64, 2e-3
EVAL_EXAMPLES = 300  # per task, held-out templates

vocabulary = support_desk.vocabulary_corpus
measure = support_desk_measure(EVAL_EXAMPLES, seed=SEED)
SETTINGS = {"label noise": LABEL_NOISE}
DATA = (
    f"{TRAIN_EXAMPLES} (query, reply) pairs of each of the three support-desk tasks "
    "(recommendations, order changes, feedback) from the training templates of "
    f"`tiny_models.tasks.support_desk` (seed 0), of which {LABEL_NOISE:.0%} carry a wrong "
    "label (`tiny_models.tasks.noisy_labels.add_label_noise`, seed 0). A brief run: "
    f"{STEPS} steps, about {STEPS * BATCH // (3 * TRAIN_EXAMPLES)} passes over the data. "
    "Loss on the reply only."
)


def training_data() -> list:
    clean = support_desk.make_mixture({task: TRAIN_EXAMPLES for task in support_desk.TASKS}, seed=SEED)
    return add_label_noise(clean, LABEL_NOISE, seed=SEED)
