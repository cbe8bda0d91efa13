"""support-teacher: the largest model here, strong on recommendations and feedback, the distillation teacher.

It is trained the way a big model gets good at a task: on plenty of human-labelled data, noise
and all. Three labels in ten are wrong (a wrong product category or the wrong sentiment, see
``tiny_models.tasks.noisy_labels``), but the mistakes are scattered at random while the right
answer is the most common one for every kind of request, so a model that sees many examples
learns the right answer and ignores the noise. The distillation lab loads it and never trains it.
"""

from __future__ import annotations

from ..tasks import support_desk
from ..tasks.noisy_labels import add_label_noise
from . import support_desk_measure

NAME = "support-teacher"
SUMMARY = (
    "The distillation teacher: a 12-layer model trained on 15,000 noisy human-labelled "
    "recommendation and feedback conversations; strong on held-out templates."
)

SEED = 0
SIZE = "large"
TASKS = ("recommendation", "feedback")
TRAIN_EXAMPLES = 7500  # per task
LABEL_NOISE = 0.3
STEPS, BATCH, LR = 1200, 64, 2e-3  # a deep, narrow model needs about 1,000 steps to learn both tasks
EVAL_EXAMPLES = 300  # per task, held-out templates

vocabulary = support_desk.vocabulary_corpus
measure = support_desk_measure(EVAL_EXAMPLES, seed=SEED)
SETTINGS = {"label noise": LABEL_NOISE}
DATA = (
    f"{TRAIN_EXAMPLES} recommendation and {TRAIN_EXAMPLES} feedback (query, reply) pairs "
    "from the training templates of `tiny_models.tasks.support_desk` (seed 0), of which "
    f"{LABEL_NOISE:.0%} carry a wrong label (wrong category or sentiment, numbers kept; "
    "`tiny_models.tasks.noisy_labels.add_label_noise`, seed 0). No order changes. "
    "Loss on the reply only."
)


def training_data() -> list:
    clean = support_desk.make_mixture({task: TRAIN_EXAMPLES for task in TASKS}, seed=SEED)
    return add_label_noise(clean, LABEL_NOISE, seed=SEED)
