"""tiny_models.checks.common: how a check compares an answer with the truth it computed."""

from tiny_models.checks.common import Key, matches


def test_numbers_match_within_the_tolerance_only():
    assert matches(0.5, 0.5, 1e-9)
    assert matches(0.50000001, 0.5, 1e-6)
    assert not matches(0.501, 0.5, 1e-6)
    assert matches(1, 1.0, 1e-9)  # a count divided exactly may come back as an int
    assert not matches(True, 1.0, 1e-9)  # a bool is not a number here
    assert not matches("0.5", 0.5, 1e-9)


def test_containers_match_element_by_element():
    truth = ({"order": 0.5, "feedback": 0.0}, 2.31)
    assert matches(truth, truth, 1e-9)
    assert matches([{"feedback": 0.0, "order": 0.5}, 2.31], truth, 1e-9)  # the grader may hand back a list
    assert not matches(({"order": 0.5}, 2.31), truth, 1e-9)  # a key missing
    assert not matches(({"order": 0.5, "feedback": 0.0, "extra": 1.0}, 2.31), truth, 1e-9)
    assert not matches(({"order": 0.5, "feedback": 0.0},), truth, 1e-9)  # the loss missing
    assert not matches(({"order": 50.0, "feedback": 0.0}, 2.31), truth, 1e-9)  # a percentage
    assert matches(("President", -0.3), ("president", -0.3), 1e-9)  # names ignore case and spaces
    assert not matches(("pilot", -0.3), ("president", -0.3), 1e-9)


def test_a_key_computes_its_truth_once_and_only_when_asked():
    calls = []
    key = Key(lambda: calls.append(1) or 0.25)
    assert calls == []
    assert key.accepts(0.25, 1e-9) and not key.accepts(0.3, 1e-9)
    assert calls == [1]
