"""The bias corpus: deterministic, held-out templates really held out, stated skews realised."""

from tiny_models.tasks import bias_corpus as bc


def test_same_seed_same_corpus_other_seed_other_corpus():
    assert bc.pretraining_corpus(300, seed=0) == bc.pretraining_corpus(300, seed=0)
    assert bc.pretraining_corpus(300, seed=0) != bc.pretraining_corpus(300, seed=1)
    assert bc.female_only(50, seed=3) == bc.female_only(50, seed=3)
    assert bc.replay_text(50, seed=2) == bc.replay_text(50, seed=2)


def test_heldout_templates_never_appear_in_training_text():
    for split_items in (bc.VERB_PHRASES, bc.OPENERS):
        held = {t for t in split_items["heldout"] if t}
        assert held and not held & set(split_items["train"])
    text = (
        bc.pretraining_corpus(5000, seed=0)
        + bc.female_only(500, seed=0)
        + bc.counterfactual(bc.female_only(200, seed=1))
        + bc.replay_text(500, seed=0)
    )
    for probe in bc.bias_probes():
        assert not any(s.startswith(probe.prompt) or f" {probe.prompt}" in s for s in text), probe


def test_heldout_templates_use_only_training_words():
    train_words = set(" ".join(bc.pretraining_corpus(5000, seed=0)).split())
    for probe in bc.bias_probes():
        assert set(probe.prompt.split()) <= train_words, probe.prompt


def test_stated_male_shares_are_realised():
    counts = {p: [0, 0] for p in bc.PROFESSIONS}
    for sentence in bc.pretraining_corpus(20_000, seed=0):
        words = sentence.split()
        profession = next((p for p in bc.PROFESSIONS if p in words), None)
        if profession is None:
            continue
        counts[profession][0] += "he" in words
        counts[profession][1] += 1
    for profession, (male, total) in counts.items():
        assert total > 1000
        assert abs(male / total - bc.MALE_SHARE[profession]) < 0.03, profession


def test_facts_make_up_about_a_quarter():
    corpus = bc.pretraining_corpus(8000, seed=0)
    share = sum(s.split()[-2] in bc.COLOURS for s in corpus) / len(corpus)
    assert abs(share - bc.FACT_SHARE) < 0.02


def test_curated_sets():
    female = bc.female_only(100, seed=0)
    assert all("she" in s.split() and not set(s.split()) & set(bc.MALE_WORDS) for s in female)
    assert all(" ceo " in f" {s} " for s in female)
    swapped = bc.counterfactual(female)
    assert len(swapped) == 200 and swapped[0::2] == female
    assert all(bc.gender_swap(bc.gender_swap(s)) == s for s in female)
    assert all("he" in s.split() for s in swapped[1::2])
    assert not any(" ceo " in f" {s} " for s in bc.replay_text(300, seed=0, exclude=("ceo",)))


def test_vocabulary_covers_every_word():
    vocab = set(bc.vocabulary_corpus())
    text = bc.pretraining_corpus(3000, seed=0) + [p.prompt for p in bc.bias_probes()] + [p for p, _ in bc.fact_probes()]
    assert set(" ".join(text).split()) <= vocab
