"""catalogue-reader: a model that has learned to read a price from catalogue lines in its prompt.

The starting point of lab 04 ("Facts in the prompt or in the weights"). It was trained on the
*skill*, never on a shop's facts: every training prompt carries one to four catalogue lines of
random products with random prices, the asked product's line among near-miss distractors
(products sharing one or two words with it), and the reply copies that line's price. It has
never seen a question without catalogue lines, and no price in its training data repeats in any
systematic way, so it knows no catalogue by heart: whatever it answers must come from the prompt.

It reads one line reliably. Picking the right line among near-miss lines (same item, another
colour) is a harder skill that its training budget does not teach (a 2-layer model must match all
three words of a name at once); the model card reports both, and the lab measures it.
"""

from __future__ import annotations

from ..evaluation import generate_replies
from ..tasks import catalogue

NAME = "catalogue-reader"
SUMMARY = (
    "A tiny model that reads a product's price from catalogue lines in its prompt; trained on "
    "random products and prices, it knows no catalogue by heart."
)

SEED = 0
SIZE = "small"
TRAIN_EXAMPLES = 20000
STEPS, BATCH, LR = 800, 64, 3e-3
EVAL_EXAMPLES = 800


def reading_accuracy(model, tokenizer, examples) -> float:
    replies = generate_replies(model, tokenizer, [ex.query for ex in examples], max_new_tokens=catalogue.REPLY_TOKENS)
    return sum(r == ex.response for r, ex in zip(replies, examples)) / len(examples)


def measure(model, tokenizer) -> dict[str, float]:
    heldout = catalogue.reading_examples(EVAL_EXAMPLES, split="heldout", seed=SEED + 1)
    return {
        f"accuracy/reading, {k} line{'s' if k > 1 else ''} (held-out phrasings, random products)": reading_accuracy(
            model, tokenizer, [ex for ex in heldout if ex.query.count(" ; ") == k - 1]
        )
        for k in range(1, catalogue.MAX_LINES + 1)
    }


vocabulary = catalogue.vocabulary_corpus
DATA = (
    f"{TRAIN_EXAMPLES} prompts from `tiny_models.tasks.catalogue.reading_examples` (seed {SEED}): "
    f"one to {catalogue.MAX_LINES} catalogue lines of random products (colour x material x item) "
    "with random prices from 10 to 99 dollars, then a price question in one of the training "
    "phrasings; the reply names the product and copies its price. Loss on the reply only. "
    "No fixed catalogue, no question without catalogue lines."
)


def training_data() -> list:
    return catalogue.reading_examples(TRAIN_EXAMPLES, seed=SEED)
