from transformers import AutoTokenizer

from tiny_models.tasks import support_desk
from tiny_models.tokenizer import train_tokenizer


def test_round_trip_through_save_pretrained(tmp_path):
    tokenizer = train_tokenizer(support_desk.vocabulary_corpus())
    tokenizer.save_pretrained(tmp_path)
    reloaded = AutoTokenizer.from_pretrained(tmp_path)
    for ex in support_desk.make_mixture({t: 20 for t in support_desk.TASKS}, split="heldout"):
        ids = reloaded(ex.query)["input_ids"]
        assert ids == tokenizer(ex.query)["input_ids"]
        assert reloaded.decode(ids, skip_special_tokens=True) == ex.query
        assert reloaded.unk_token_id not in ids


def test_training_is_independent_of_corpus_order():
    corpus = support_desk.vocabulary_corpus()
    assert train_tokenizer(corpus).get_vocab() == train_tokenizer(list(reversed(corpus))).get_vocab()
