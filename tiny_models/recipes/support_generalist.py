"""support-generalist: a bigger model that knows the support desk broadly, but was not specialised.

The distillation lab's stand-in for a large general-purpose model. It has about six times the
parameters of the lab's student, and its training covered every kind of support-desk request,
order changes included, with the same noisy human labels as everyone else; but recommendations
and feedback were only part of what it learned, on a fixed training budget spread across all
three tasks. It is what you get when you use a bigger model that was trained for many things
instead of the one thing you need."""

from __future__ import annotations

from ..determinism import seed_everything
from ..models import build_model
from ..tasks import support_desk
from ..tasks.noisy_labels import add_label_noise
from ..tokenizer import train_tokenizer
from ..training import train
from . import Built, support_desk_card_metrics

NAME = "support-generalist"
SUMMARY = ("A bigger generalist: a 2-layer model trained on a small budget over all three support-desk tasks "
           "(noisy labels), not specialised for recommendations and feedback.")

SEED = 0
TRAIN_EXAMPLES = 3000  # per task, all three tasks
LABEL_NOISE = 0.3
STEPS, BATCH, LR = 400, 64, 2e-3
EVAL_EXAMPLES = 300  # per task, held-out templates


def build() -> Built:
    seed_everything(SEED)
    tokenizer = train_tokenizer(support_desk.vocabulary_corpus())
    model = build_model("base", tokenizer, seed=SEED)
    clean = support_desk.make_mixture({task: TRAIN_EXAMPLES for task in support_desk.TASKS}, seed=SEED)
    data = add_label_noise(clean, LABEL_NOISE, seed=SEED)
    train(model, tokenizer, data, steps=STEPS, batch_size=BATCH, lr=LR, seed=SEED, desc=NAME)
    metrics = support_desk_card_metrics(model, tokenizer, EVAL_EXAMPLES, seed=SEED)
    return Built(
        model=model, tokenizer=tokenizer, size="base",
        data=(f"{TRAIN_EXAMPLES} (query, reply) pairs of each of the three support-desk tasks "
              "(recommendations, order changes, feedback) from the training templates of "
              f"`tiny_models.tasks.support_desk` (seed 0), of which {LABEL_NOISE:.0%} carry a wrong "
              "label (`tiny_models.tasks.noisy_labels.add_label_noise`, seed 0). A brief run: "
              f"{STEPS} steps, about {STEPS * BATCH // (3 * TRAIN_EXAMPLES)} passes over the data. "
              "Loss on the reply only."),
        training={"steps": STEPS, "batch size": BATCH, "learning rate": LR, "optimizer": "AdamW",
                  "label noise": LABEL_NOISE, "seed": SEED},
        metrics=metrics,
    )
