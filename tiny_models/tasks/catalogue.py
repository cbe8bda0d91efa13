"""The shop's catalogue: products with prices, and customers asking for a price.

The data of the lab "Facts in the prompt or in the weights". A product is a new combination of
known words, colour x material x item ("red wool scarf"), so a catalogue drawn later (new
products, a new seed) needs no new token. A price is a whole number of dollars from 10 to 99,
one token ("45"). Unlike the support desk's order ids, which are written digit by digit so that
models learn to copy long numbers, a price here is one word: the lab is about where a fact
lives, and a one-token fact keeps it about that (a digit-by-digit copy among several prices in
one prompt is a second, harder skill that a two-layer model learns slowly).

Two ways to ask:

- *closed book*: "how much is the red wool scarf ?" -> "the red wool scarf costs 45 dollars ."
  The answer must come from the model's weights.
- *with context*: the same question after catalogue lines a retriever found,
  "catalogue : blue wool scarf : 12 ; red wool scarf : 45 | how much is the red wool scarf ?"
  The answer is in the prompt; the model only has to find the right line and copy it.

Question phrasings come in ``train`` and ``heldout`` templates; held-out sentences are new, but
made of words the training templates use (a unit test keeps that true).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

COLOURS = ("red", "blue", "green", "black", "white", "grey", "yellow", "pink")
MATERIALS = ("wool", "cotton", "leather", "linen", "silk", "denim")
ITEMS = ("scarf", "hat", "bag", "belt", "jacket", "shirt", "sock", "wallet")
PRICES = [str(n) for n in range(10, 100)]  # whole dollars, one token each
MAX_LINES = 4  # lines in a prompt; with the question and the reply this fits the model's 64 positions
REPLY_TOKENS = 10  # the answer is 8 words, plus [EOS]; generate no further (64 positions)

QUESTION_TEMPLATES = {
    "train": [
        "how much is the {product} ?",
        "what does the {product} cost ?",
        "what is the price of the {product} ?",
        "price of the {product} please",
        "i want to buy the {product} . how much is it ?",
        "how much do you charge for the {product} ?",
        "tell me the price of the {product}",
        "can you tell me what the {product} costs ?",
    ],
    "heldout": [
        "i want to buy the {product} . what does it cost ?",
        "tell me how much you charge for the {product} please",
    ],
}
ANSWER = "the {product} costs {price} dollars ."
LINE = "{product} : {price}"


@dataclass(frozen=True)
class Product:
    name: str  # "red wool scarf"
    price: str  # "45", one token

    @property
    def line(self) -> str:
        """The product's catalogue line, as a retriever returns it and a prompt carries it."""
        return LINE.format(product=self.name, price=self.price)


@dataclass(frozen=True)
class Example:
    """One (query, response) pair; ``product`` is the product asked about."""

    query: str
    response: str
    product: str


def all_product_names() -> list[str]:
    return [f"{c} {m} {i}" for c in COLOURS for m in MATERIALS for i in ITEMS]


def random_price(rng: random.Random, *, not_equal: str | None = None) -> str:
    """A price from PRICES, different from ``not_equal``."""
    return rng.choice([p for p in PRICES if p != not_equal])


def make_catalogue(n: int, *, seed: int = 0, exclude: frozenset[str] = frozenset()) -> list[Product]:
    """``n`` distinct products with random prices, drawn per seed; names in ``exclude`` are skipped."""
    names = [name for name in all_product_names() if name not in exclude]
    if n > len(names):
        raise ValueError(f"a catalogue of {n} products is too large: only {len(names)} names are available")
    rng = random.Random(f"catalogue/{seed}/{n}/{len(exclude)}")
    return [Product(name, random_price(rng)) for name in rng.sample(names, n)]


def change_prices(catalogue: list[Product], share: float, *, seed: int = 0) -> tuple[list[Product], set[str]]:
    """A copy of ``catalogue`` with ``share`` of its prices changed; returns it and the changed names."""
    rng = random.Random(f"catalogue/change/{seed}")
    changed = set(p.name for p in rng.sample(catalogue, round(share * len(catalogue))))
    updated = [replace(p, price=random_price(rng, not_equal=p.price)) if p.name in changed else p for p in catalogue]
    return updated, changed


def _check_split(split: str) -> None:
    if split not in QUESTION_TEMPLATES:
        raise ValueError(f"unknown split {split!r}; valid splits: {', '.join(QUESTION_TEMPLATES)}")


def question(product: str, template: str) -> str:
    return template.format(product=product)


def answer(product: Product) -> str:
    return ANSWER.format(product=product.name, price=product.price)


def with_context(lines: list[str], query: str) -> str:
    """The prompt of the context model: retrieved catalogue lines, then the customer's question."""
    if len(lines) > MAX_LINES:
        raise ValueError(f"{len(lines)} catalogue lines do not fit the model's context; use at most {MAX_LINES}")
    return f"catalogue : {' ; '.join(lines)} | {query}"


def closed_book(catalogue: list[Product], *, split: str = "train", templates: int | None = None) -> list[Example]:
    """Every product asked with every template of ``split`` (or the first ``templates`` of them)."""
    _check_split(split)
    chosen = QUESTION_TEMPLATES[split][:templates]
    return [Example(question(p.name, t), answer(p), p.name) for p in catalogue for t in chosen]


def similar_names(name: str, rng: random.Random, k: int) -> list[str]:
    """``k`` other product names, most sharing one or two words with ``name`` (hard distractors:
    a model must match the whole name, not one word of it)."""
    colour, material, item = name.split()
    pool = []
    for _ in range(k):
        c, m, i = colour, material, item
        while f"{c} {m} {i}" == name or f"{c} {m} {i}" in pool:
            c, m, i = (
                rng.choice(COLOURS) if rng.random() < 0.5 else colour,
                rng.choice(MATERIALS) if rng.random() < 0.5 else material,
                rng.choice(ITEMS) if rng.random() < 0.5 else item,
            )
        pool.append(f"{c} {m} {i}")
    return pool


def reading_examples(n: int, *, split: str = "train", seed: int = 0, max_lines: int = MAX_LINES) -> list[Example]:
    """The reading skill, on random products and random prices (never a real catalogue): one to
    ``max_lines`` catalogue lines, the right one at a random place among hard distractors, then a
    question; the answer copies the right line's price."""
    _check_split(split)
    if not 1 <= max_lines <= MAX_LINES:
        raise ValueError(f"max_lines must be between 1 and {MAX_LINES}, got {max_lines}")
    rng = random.Random(f"catalogue/reading/{split}/{seed}")
    names = all_product_names()
    examples = []
    for _ in range(n):
        target = Product(rng.choice(names), random_price(rng))
        others = [
            Product(name, random_price(rng)) for name in similar_names(target.name, rng, rng.randint(0, max_lines - 1))
        ]
        lines = others + [target]
        rng.shuffle(lines)
        query = question(target.name, rng.choice(QUESTION_TEMPLATES[split]))
        examples.append(Example(with_context([p.line for p in lines], query), answer(target), target.name))
    return examples


def vocabulary_corpus() -> list[str]:
    """Every word the generators can produce (for training the tokenizer)."""
    lines = [t.replace("{product}", " ") for templates in QUESTION_TEMPLATES.values() for t in templates]
    lines += [ANSWER.replace("{product}", " ").replace("{price}", " "), "catalogue : ; |"]
    lines += [" ".join(COLOURS), " ".join(MATERIALS), " ".join(ITEMS), " ".join(PRICES)]
    return lines
