"""support-mini: a small pretrained model that has never answered the distillation tasks.

The student of the distillation lab starts here, as real students start from a small
pretrained model rather than from random weights (DistilBERT from half of BERT's layers,
CoEdIT from Flan-T5). Its pretraining gives it what a pretrained model brings to a new task:

- it has *read* the support desk's sentences (queries and replies of recommendations and
  feedback, each as a plain text on its own), so every word has a trained embedding, but it
  has never seen which reply answers which query;
- it has learned two instruction tasks that teach it to find a number in a message and copy
  it: order changes, and "reply with the number in this message" on recommendation and
  feedback queries (the reply is the number only, never a category or a sentiment). In the
  second task the number is moved to a random place in the message, so the skill is "find the
  digits", not "look where the training sentences put them": without that, a 2-layer model
  copies numbers from familiar sentences and fails on new phrasings.

So it knows the language and the copying, not the answers: which product category fits a need
and which reply fits a sentiment it must learn from a teacher or from labelled data. From
random weights the same student needs over 500 steps before it can copy a number at all, too
slow for a lab.
"""

from __future__ import annotations

import random

from ..batching import as_examples
from ..tasks import support_desk
from ..tasks.noisy_labels import numbers_in
from . import support_desk_measure

NAME = "support-mini"
SUMMARY = (
    "The distillation student's starting point: a mini model that has read support-desk text "
    "and learned order changes, but never answered a recommendation or feedback query."
)

SEED = 0
SIZE = "mini"
ORDER_EXAMPLES = 4000
TEXTS_PER_KIND = 2000  # queries, and separately replies, of recommendations and feedback
NUMBER_EXAMPLES = 3000  # "reply with the number in this message"
STEPS, BATCH, LR = 1500, 64, 3e-3
EVAL_EXAMPLES = 200  # per task, held-out templates


def move_number(query: str, rng: random.Random) -> str:
    """The query with its number taken out and put back at a random word position."""
    words = query.split()
    number = [w for w in words if w.isdigit()]
    rest = [w for w in words if not w.isdigit()]
    at = rng.randint(0, len(rest))
    return " ".join(rest[:at] + number + rest[at:])


def number_replies(n: int, seed: int) -> list[support_desk.Example]:
    """Recommendation and feedback queries, number moved, answered with the number they
    contain: "... budget is dollars 4 5 ..." -> "4 5 ." (no category, no sentiment)."""
    tasks = {"recommendation": n // 2, "feedback": n // 2}
    rng = random.Random(f"support-mini/numbers/{seed}")
    return [
        support_desk.Example(ex.task, move_number(ex.query, rng), f"{numbers_in(ex.response)} .", "number")
        for ex in support_desk.make_mixture(tasks, seed=seed)
    ]


def pretraining_data(seed: int) -> list:
    """Order-change pairs, number replies, and unpaired texts (the queries of one draw, the
    replies of another)."""
    orders = support_desk.make_examples("order", ORDER_EXAMPLES, seed=seed)
    tasks = {"recommendation": TEXTS_PER_KIND // 2, "feedback": TEXTS_PER_KIND // 2}
    queries = [ex.query for ex in support_desk.make_mixture(tasks, seed=seed + 1)]
    replies = [ex.response for ex in support_desk.make_mixture(tasks, seed=seed + 2)]
    data = orders + number_replies(NUMBER_EXAMPLES, seed + 3) + as_examples(queries + replies)
    random.Random(f"support-mini/{seed}").shuffle(data)
    return data


vocabulary = support_desk.vocabulary_corpus
measure = support_desk_measure(EVAL_EXAMPLES, seed=SEED)
DATA = (
    f"{ORDER_EXAMPLES} order-change (query, reply) pairs and {NUMBER_EXAMPLES} recommendation "
    "and feedback queries, their number moved to a random position, answered with that "
    "number (loss on the reply), plus "
    f"{TEXTS_PER_KIND} recommendation and feedback queries and {TEXTS_PER_KIND} replies as "
    "separate plain texts (loss on every token; a query and its reply never appear together), "
    "all from the training templates of `tiny_models.tasks.support_desk`."
)


def training_data() -> list:
    return pretraining_data(SEED)
