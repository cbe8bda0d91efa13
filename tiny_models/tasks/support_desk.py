"""The support-desk assistant: three kinds of query, each with one correct reply.

The running example of the curriculum (Huyen, *AI Engineering*, ch. 7): an assistant answers
product recommendations, order changes and general feedback. Every query is built from a
template and slot values, and its reply is a deterministic function of those slots, so a
generated reply can be checked by exact match.

Templates are split in two: ``train`` templates for training and ``heldout`` templates that
no model ever trains on. Evaluating on held-out templates tests whether a model understood
the request rather than memorised the sentence.

Numbers (budgets, order ids, ticket ids) are written digit by digit ("4 7 1 2"), so a model
must *copy* them from the query into the reply; copying is learned in pretraining, which
is what lets the order-change task be learned quickly later. Every kind of number comes in
several lengths, so the only rule that works is "copy the whole number": a model that only
ever copied four digits would copy four digits of a two-digit budget too.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

TASKS = ("recommendation", "order", "feedback")
SPLITS = ("train", "heldout")

# --- recommendation: which product category fits a need -------------------------------
NEEDS = {
    "travel mugs": ["keep my coffee hot on the train", "carry warm tea to work", "drink hot soup during my commute"],
    "rain jackets": ["stay dry when i walk the dog", "cycle to work in the rain", "stay dry on a wet hike"],
    "desk lamps": ["read late at night", "light up my home office", "see my papers at my desk"],
    "running shoes": ["train for a marathon", "go jogging in the park", "run faster on the road"],
    "headphones": ["listen to music on the bus", "block noise in the office", "hear my podcasts at the gym"],
    "backpacks": ["carry my laptop to school", "pack snacks for a day trip", "bring my books to class"],
    "water bottles": ["drink more water at the gym", "keep water cold on a hike", "stay hydrated during yoga"],
    "board games": ["play with friends on a rainy evening", "entertain the kids at home", "have fun at a family party"],
}
# Numbers sit at different places in different templates, so that a model learns to copy
# them by content ("the digit after the one I just wrote"), not by distance from the end.
RECOMMENDATION_TEMPLATES = {
    "train": [
        "i need something to {need} . my budget is {money} dollars",
        "with {money} dollars , what can i buy to {need} ?",
        "what should i buy to {need} ? budget {money} dollars",
        "my budget is {money} dollars and i want to {need}",
        "looking for a product to {need} for under {money} dollars please",
        "help me {need} . i have {money} dollars to spend",
        "i can spend {money} dollars . any way to {need} ?",
    ],
    "heldout": [
        "any way to {need} ? i have {money} dollars please",
        "my budget is {money} dollars . what should i buy to {need} ?",
    ],
}
RECOMMENDATION_REPLY = "try our {category} under {money} dollars ."

# --- order: change an order (the right action on the right order id) -------------------
# Like the other tasks, a query is a frame with slots: the frames are shared by all four
# actions, so the only clue to the action is the action phrase itself. Held-out frames are new
# sentences made of words seen in training (a unit test keeps this true): a tiny model cannot
# know that "stop" means "cancel" unless it has seen it.
ORDER_ACTIONS = {
    "cancel": {"phrases": ["cancel", "call off"], "reply": "ok , order {id} is cancelled ."},
    "address": {
        "phrases": ["change the address of", "fix the address on"],
        "reply": "ok , the address of order {id} is updated .",
    },
    "express": {
        "phrases": ["upgrade to express", "use express shipping for"],
        "reply": "ok , order {id} now ships express .",
    },
    "return": {"phrases": ["return", "send back"], "reply": "ok , a return label for order {id} is sent ."},
}
ORDER_TEMPLATES = {
    "train": [
        "please {action} order {id}",
        "can you {action} order {id} ?",
        "i want to {action} my order {id}",
        "{action} order {id} right away",
        "i need you to {action} order {id} today",
        "could you {action} my order {id} please",
        "i would like to {action} order {id}",
        "quick one : {action} order {id}",
    ],
    "heldout": [
        "i would like you to {action} my order {id} today",
        "can you please {action} my order {id} right away ?",
    ],
}

# --- feedback: acknowledge with the right sentiment and echo the ticket ----------------
PRODUCTS = ["mug", "jacket", "lamp", "shoes", "headphones", "backpack", "bottle", "game"]
# Sentiment lives in the phrase; templates only frame it. Held-out templates reuse the phrases
# (a tiny model cannot guess the sentiment of words it never saw) in sentences it never saw.
FEEDBACK_PHRASES = {
    "positive": ["is great", "works well", "is perfect", "made my day", "is lovely", "arrived fast"],
    "negative": ["arrived broken", "stopped working", "is bad", "came late", "fell apart", "is scratched"],
}
FEEDBACK_TEMPLATES = {
    "train": [
        "the {product} {phrase} . ticket {id}",
        "ticket {id} : my {product} {phrase}",
        "i am writing because the {product} {phrase} . ticket {id}",
        "about ticket {id} , the {product} {phrase} , just so you know",
        "hello , the {product} i bought {phrase} . ticket {id} please",
    ],
    "heldout": ["ticket {id} : the {product} i bought {phrase}", "hello , my {product} {phrase} . ticket {id}"],
}
FEEDBACK_REPLIES = {
    "positive": "thank you for the kind words ! ticket {id} is closed .",
    "negative": "sorry about that . ticket {id} is sent to our team .",
}


# Customers open and close their messages in many ways. Wrapping every query in a random
# opener and closer shifts where the numbers sit, so copying them cannot rely on position.
OPENERS = ["", "", "hello ,", "hi there ,", "good morning ,", "excuse me ,", "hi , quick question ."]
CLOSERS = ["", "", "thanks", "thank you", "thanks a lot", "please help", "have a nice day"]


def wrap(core: str, rng: random.Random) -> str:
    return " ".join(part for part in (rng.choice(OPENERS), core, rng.choice(CLOSERS)) if part)


@dataclass(frozen=True)
class Example:
    """One (query, response) pair. ``task`` is one of TASKS; ``label`` is the answer's key
    (category, action or sentiment), useful for finer error analysis."""

    task: str
    query: str
    response: str
    label: str


# How many digits each kind of number has (drawn uniformly, then a value of that length).
BUDGET_DIGITS, ORDER_ID_DIGITS, TICKET_DIGITS = (2, 3), (3, 4, 5), (3, 4, 5)


def digits(number: int) -> str:
    """Write a number digit by digit: 4712 -> '4 7 1 2' (one token per digit)."""
    return " ".join(str(number))


def random_number(rng: random.Random, lengths: tuple[int, ...]) -> str:
    """A number with a length drawn from ``lengths``, written digit by digit, no leading zero."""
    length = rng.choice(lengths)
    return digits(rng.randint(10 ** (length - 1), 10**length - 1))


def _check(task: str, split: str) -> None:
    if task not in TASKS:
        raise ValueError(f"unknown task {task!r}; valid tasks: {', '.join(TASKS)}")
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; valid splits: {', '.join(SPLITS)}")


def make_example(task: str, split: str, rng: random.Random) -> Example:
    """Draw one example of ``task`` from the templates of ``split``."""
    _check(task, split)
    if task == "recommendation":
        category = rng.choice(sorted(NEEDS))
        need = rng.choice(NEEDS[category])
        money = random_number(rng, BUDGET_DIGITS)
        query = wrap(rng.choice(RECOMMENDATION_TEMPLATES[split]).format(need=need, money=money), rng)
        return Example(task, query, RECOMMENDATION_REPLY.format(category=category, money=money), category)
    if task == "order":
        action = rng.choice(sorted(ORDER_ACTIONS))
        order_id = random_number(rng, ORDER_ID_DIGITS)
        phrase = rng.choice(ORDER_ACTIONS[action]["phrases"])
        query = wrap(rng.choice(ORDER_TEMPLATES[split]).format(action=phrase, id=order_id), rng)
        return Example(task, query, ORDER_ACTIONS[action]["reply"].format(id=order_id), action)
    sentiment = rng.choice(sorted(FEEDBACK_PHRASES))
    ticket = random_number(rng, TICKET_DIGITS)
    phrase = rng.choice(FEEDBACK_PHRASES[sentiment])
    core = rng.choice(FEEDBACK_TEMPLATES[split]).format(product=rng.choice(PRODUCTS), phrase=phrase, id=ticket)
    query = wrap(core, rng)
    return Example(task, query, FEEDBACK_REPLIES[sentiment].format(id=ticket), sentiment)


def make_examples(task: str, n: int, *, split: str = "train", seed: int = 0) -> list[Example]:
    """``n`` examples of one task, the same list for the same seed.

    The random stream depends on (task, split, seed) only, through a string seed that
    ``random.Random`` hashes with SHA-512 (stable across processes, unlike ``hash``).
    """
    _check(task, split)
    rng = random.Random(f"support-desk/{task}/{split}/{seed}")
    return [make_example(task, split, rng) for _ in range(n)]


def make_mixture(counts: dict[str, int], *, split: str = "train", seed: int = 0) -> list[Example]:
    """A shuffled mix, e.g. ``{"order": 300, "recommendation": 50}``."""
    examples = [ex for task, n in counts.items() for ex in make_examples(task, n, split=split, seed=seed)]
    random.Random(f"support-desk/mix/{split}/{seed}").shuffle(examples)
    return examples


def route(query: str) -> str:
    """A rule-based router: which task a query belongs to, from its keywords.

    Order changes always name an order, feedback always carries a ticket; everything else is
    taken for a recommendation request.
    """
    words = query.split()
    if "order" in words:
        return "order"
    if "ticket" in words:
        return "feedback"
    return "recommendation"


def vocabulary_corpus() -> list[str]:
    """Every word the generator can produce, in sentences (for training the tokenizer)."""
    lines: list[str] = []
    lines += [t for split in SPLITS for t in RECOMMENDATION_TEMPLATES[split]]
    lines += [RECOMMENDATION_REPLY] + list(NEEDS) + [n for needs in NEEDS.values() for n in needs]
    lines += [t for split in SPLITS for t in ORDER_TEMPLATES[split]]
    lines += [p for action in ORDER_ACTIONS.values() for p in action["phrases"] + [action["reply"]]]
    lines += FEEDBACK_TEMPLATES["train"] + FEEDBACK_TEMPLATES["heldout"]
    lines += [p for phrases in FEEDBACK_PHRASES.values() for p in phrases]
    lines += list(FEEDBACK_REPLIES.values()) + PRODUCTS + OPENERS + CLOSERS + [" ".join("0123456789")]
    return [line.replace("{", " ").replace("}", " ") for line in lines]
