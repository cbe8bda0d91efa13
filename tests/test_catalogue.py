"""The catalogue task of lab 04 and the BM25 retriever."""

import pytest

from tiny_models.retrieval import BM25
from tiny_models.tasks import catalogue as cat


def words(texts):
    return {w for t in texts for w in t.split()}


def test_catalogue_is_drawn_per_seed_from_known_words():
    a, b = cat.make_catalogue(24, seed=0), cat.make_catalogue(24, seed=1)
    assert a == cat.make_catalogue(24, seed=0) and a != b
    assert len({p.name for p in a}) == 24
    vocabulary = words(cat.vocabulary_corpus())
    assert words(p.line for p in a + b) <= vocabulary


def test_new_products_are_new_names():
    old = cat.make_catalogue(24, seed=2)
    new = cat.make_catalogue(6, seed=2, exclude=frozenset(p.name for p in old))
    assert not {p.name for p in old} & {p.name for p in new}


def test_price_change_changes_exactly_a_share():
    old = cat.make_catalogue(24, seed=3)
    new, changed = cat.change_prices(old, 0.25, seed=3)
    assert len(changed) == 6
    assert all((o.price != n.price) == (o.name in changed) for o, n in zip(old, new))
    assert [p.name for p in old] == [p.name for p in new]


def test_heldout_phrasings_are_new_sentences_of_known_words():
    assert not set(cat.QUESTION_TEMPLATES["train"]) & set(cat.QUESTION_TEMPLATES["heldout"])
    products = cat.make_catalogue(10)
    train = [ex.query for ex in cat.closed_book(products, split="train")]
    heldout = [ex.query for ex in cat.closed_book(products, split="heldout")]
    assert words(heldout) <= words(train)


def test_reading_examples_copy_the_price_of_the_asked_product():
    for ex in cat.reading_examples(300, seed=4):
        lines, query = ex.query.removeprefix("catalogue : ").split(" | ")
        entries = dict(line.split(" : ") for line in lines.split(" ; "))
        assert ex.product in query and ex.product in entries
        assert len(entries) <= cat.MAX_LINES
        assert ex.response == f"the {ex.product} costs {entries[ex.product]} dollars ."


def test_too_many_lines_are_refused_with_the_limit():
    with pytest.raises(ValueError, match=f"at most {cat.MAX_LINES}"):
        cat.with_context(["x : 1 2"] * (cat.MAX_LINES + 1), "how much is the x ?")


def test_bm25_ranks_the_full_match_first():
    lines = [p.line for p in cat.make_catalogue(30, seed=5)]
    index = BM25(lines)
    for line in lines:
        name = line.split(" : ")[0]
        assert index.top(f"how much is the {name} ?", 1) == [line]


def test_bm25_prefers_rare_words_and_counts_repeats_with_diminishing_returns():
    index = BM25(["red hat", "red scarf", "red sock", "blue sock"])
    assert index.top("blue", 1) == ["blue sock"]
    assert index.score("red blue", 3) > index.score("red blue", 2)  # blue is rarer than red
    double = BM25(["sock sock", "sock"])
    assert double.score("sock", 1) < double.score("sock", 0) < 2 * double.score("sock", 1)


def test_bm25_refuses_an_empty_collection():
    with pytest.raises(ValueError, match="at least one document"):
        BM25([])
