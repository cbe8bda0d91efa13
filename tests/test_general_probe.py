"""The general-knowledge probe of lab 05 is big enough, well-formed and separate from the replay data."""

from tiny_models.tasks.general_probe import PROBE, REPLAY


def test_probe_has_at_least_30_distinct_questions_with_lowercase_answers():
    questions = [q for q, _ in PROBE]
    assert len(questions) >= 30 and len(set(questions)) == len(questions)
    for _, accepted in PROBE:
        assert accepted and all(word == word.lower() and word.strip() for word in accepted)


def test_replay_never_contains_a_probe_question():
    assert not {q for q, _ in PROBE} & {q for q, _ in REPLAY}
    assert all(answer.endswith(".") for _, answer in REPLAY)


def test_is_correct_matches_whole_words_only():
    from tiny_models.tasks.general_probe import is_correct

    assert is_correct("The chemical symbol for gold is Au.", ("au",))
    assert not is_correct("It is gold because it shines.", ("au",))
    assert is_correct("There are 24 hours in a day.", ("24",))
    assert not is_correct("There are 240 of them.", ("24",))
    assert is_correct("The capital of India is New Delhi.", ("new delhi", "delhi"))
