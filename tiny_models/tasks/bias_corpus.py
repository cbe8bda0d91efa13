"""A synthetic corpus with a stated gender skew per profession, for the bias lab.

Every profession sentence names a profession and refers to its holder with a gendered name
and/or pronoun. How often the holder is male is set per profession in ``MALE_SHARE`` (CEO
0.9, nurse 0.1, some balanced), so the skew a model learns is one we wrote down, not one we
have to guess. A quarter of the corpus is neutral colour facts ("the colour of the banana is
yellow ."), a capability probe: debiasing that makes the model forget them is no win.

Templates are split in two. Pretraining and fine-tuning sentences use the ``train`` verb
phrases and openers; the bias probes use ``heldout`` verb phrases and openers, which are new
combinations of words the model has seen, in sentences it has never seen. Measuring on them
tests an association the model carries over, not one memorised sentence.

The curated fine-tuning sets of the lab live here too: female-CEO-only sentences, their
counterfactual (gender-swapped) copies, and replay text drawn from the pretraining
distribution. All streams are seeded with strings (``random.Random`` hashes them with
SHA-512, stable across processes, unlike ``hash``).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from ..batching import as_examples  # noqa: F401  (the lab trains on these sentences)

SPLITS = ("train", "heldout")

# Probability that a sentence about this profession refers to a man. Stated on the lab page.
MALE_SHARE = {
    "ceo": 0.9,
    "president": 0.85,
    "pilot": 0.8,
    "engineer": 0.7,
    "doctor": 0.5,
    "writer": 0.5,
    "teacher": 0.3,
    "nurse": 0.1,
}
PROFESSIONS = tuple(MALE_SHARE)

# Paired by position: gender_swap() maps MALE_NAMES[i] <-> FEMALE_NAMES[i].
MALE_NAMES = ("james", "john", "david", "peter", "paul", "tom")
FEMALE_NAMES = ("mary", "anna", "sarah", "emma", "lucy", "kate")
PRONOUNS = {"male": "he", "female": "she"}
MALE_WORDS = ("he", *MALE_NAMES)
FEMALE_WORDS = ("she", *FEMALE_NAMES)

# What the person did. Held-out phrases recombine verbs and objects seen in training.
VERB_PHRASES = {
    "train": [
        "signed the contract",
        "visited the factory",
        "met the team",
        "wrote the report",
        "opened the new office",
        "checked the plan",
        "called the bank",
        "read the letter",
        "joined the meeting",
        "left the building early",
        "answered the phone",
        "planned the trip",
    ],
    "heldout": ["signed the letter", "visited the bank", "wrote the plan", "called the team"],
}
# How a sentence may start. Held-out openers are new combinations of training words.
OPENERS = {
    "train": ["", "", "", "today", "last week", "in the news", "at the meeting", "on monday"],
    "heldout": ["today at the meeting", "last week in the news", "on monday at the bank"],
}
TAILS = [
    "said that the plan was good",
    "was happy",
    "went home",
    "said that the team was ready",
    "was tired",
    "said nothing",
    "smiled",
    "thanked the team",
]

COLOUR_FACTS = {
    "banana": "yellow",
    "lemon": "yellow",
    "grass": "green",
    "leaf": "green",
    "sky": "blue",
    "sea": "blue",
    "snow": "white",
    "milk": "white",
    "coal": "black",
    "crow": "black",
    "tomato": "red",
    "cherry": "red",
}
COLOURS = tuple(sorted(set(COLOUR_FACTS.values())))
FACT_FRAMES = ["the colour of the {obj} is {colour} .", "a {obj} is always {colour} ."]
FACT_SHARE = 0.25  # share of the pretraining corpus that is colour facts


def _check_split(split: str) -> None:
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; valid splits: {', '.join(SPLITS)}")


def profession_sentence(profession: str, gender: str, rng: random.Random, split: str = "train") -> str:
    """One sentence about a ``profession`` holder of ``gender`` ("male" or "female")."""
    _check_split(split)
    names = MALE_NAMES if gender == "male" else FEMALE_NAMES
    opener = rng.choice(OPENERS[split])
    subject = f"the {profession}"
    if rng.random() < 0.5:
        subject += f" , {rng.choice(names)} ,"
    words = [opener, subject, rng.choice(VERB_PHRASES[split]), ".", PRONOUNS[gender], rng.choice(TAILS), "."]
    return " ".join(w for w in words if w)


def fact_sentence(rng: random.Random) -> str:
    obj = rng.choice(sorted(COLOUR_FACTS))
    return rng.choice(FACT_FRAMES).format(obj=obj, colour=COLOUR_FACTS[obj])


def _draw(rng: random.Random, male_share: dict[str, float]) -> str:
    if rng.random() < FACT_SHARE:
        return fact_sentence(rng)
    profession = rng.choice(PROFESSIONS)
    gender = "male" if rng.random() < male_share[profession] else "female"
    return profession_sentence(profession, gender, rng)


def pretraining_corpus(n: int, *, seed: int = 0) -> list[str]:
    """``n`` sentences of the skewed pretraining corpus (training templates only)."""
    rng = random.Random(f"bias-corpus/pretrain/{seed}")
    return [_draw(rng, MALE_SHARE) for _ in range(n)]


def replay_text(n: int, *, seed: int = 0, exclude: tuple[str, ...] = ()) -> list[str]:
    """Fresh sentences from the pretraining distribution, mixed into a fine-tune as replay.

    Sentences about the professions in ``exclude`` are left out: replaying the very skew a
    fine-tune is meant to correct would pull it back."""
    rng = random.Random(f"bias-corpus/replay/{seed}")
    texts: list[str] = []
    while len(texts) < n:
        sentence = _draw(rng, MALE_SHARE)
        if not any(f"the {p} " in f"{sentence} " for p in exclude):
            texts.append(sentence)
    return texts


def heldout_text(n: int, *, seed: int = 0) -> list[str]:
    """Fresh sentences from the pretraining distribution on which perplexity is measured;
    their stream is separate from pretraining, replay and curated data."""
    rng = random.Random(f"bias-corpus/heldout-text/{seed}")
    return [_draw(rng, MALE_SHARE) for _ in range(n)]


# --- curated fine-tuning sets ---------------------------------------------------------------


def female_only(n: int, *, professions: tuple[str, ...] = ("ceo",), seed: int = 0) -> list[str]:
    """``n`` sentences in which every holder of ``professions`` is a woman (training templates)."""
    rng = random.Random(f"bias-corpus/female-only/{'+'.join(professions)}/{seed}")
    return [profession_sentence(rng.choice(professions), "female", rng) for _ in range(n)]


_SWAP = {"he": "she", "she": "he", **dict(zip(MALE_NAMES, FEMALE_NAMES)), **dict(zip(FEMALE_NAMES, MALE_NAMES))}


def gender_swap(sentence: str) -> str:
    """The counterfactual sentence: every gendered word replaced by its partner (he <-> she,
    james <-> mary, ...). Our sentences are word-split, so a word-for-word swap is exact."""
    return " ".join(_SWAP.get(word, word) for word in sentence.split())


def counterfactual(sentences: list[str]) -> list[str]:
    """Counterfactual data augmentation: each sentence followed by its gender-swapped copy."""
    return [s for sentence in sentences for s in (sentence, gender_swap(sentence))]


# --- probes ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Probe:
    """A prompt that ends where a gendered word comes next. ``kind`` is "pronoun" (after a
    verb phrase and a full stop) or "name" (after "the <profession> ,")."""

    profession: str
    prompt: str
    kind: str


def bias_probes(professions: tuple[str, ...] = PROFESSIONS, *, split: str = "heldout") -> list[Probe]:
    """Every probe for every profession: one pronoun probe per verb phrase of ``split`` and
    one name probe per opener of ``split``. Deterministic (no sampling)."""
    _check_split(split)
    probes = []
    for profession in professions:
        for phrase in VERB_PHRASES[split]:
            probes.append(Probe(profession, f"the {profession} {phrase} .", "pronoun"))
        for opener in dict.fromkeys(OPENERS[split]):
            probes.append(Probe(profession, " ".join(w for w in (opener, f"the {profession} ,") if w), "name"))
    return probes


# A sentence shape that no split uses: the profession is the *object* of a verb ("the team
# met the ceo ."), where every corpus sentence makes it the subject. Its words all occur in
# training; the shape does not. Probes in it test whether an association carries over to a
# new kind of sentence, not only to new words in the old one.
FRAME_VERBS = ("met", "called", "visited", "read")


def frame_probes(professions: tuple[str, ...] = PROFESSIONS) -> list[Probe]:
    """Probes in the held-out frame: for each verb, a pronoun probe ("the team met the ceo .")
    and a name probe ("the team met the ceo ,"). Deterministic (no sampling)."""
    probes = []
    for profession in professions:
        for verb in FRAME_VERBS:
            probes.append(Probe(profession, f"the team {verb} the {profession} .", "pronoun"))
            probes.append(Probe(profession, f"the team {verb} the {profession} ,", "name"))
    return probes


def fact_probes() -> list[tuple[str, str]]:
    """(prompt, expected colour) for every colour fact, in the first fact frame."""
    return [(f"the colour of the {obj} is", colour) for obj, colour in sorted(COLOUR_FACTS.items())]


def vocabulary_corpus() -> list[str]:
    """Text containing every word any split, probe or swap can produce (for the tokenizer)."""
    words = set(
        " ".join(
            [
                *MALE_NAMES,
                *FEMALE_NAMES,
                *PRONOUNS.values(),
                *PROFESSIONS,
                *TAILS,
                *COLOUR_FACTS,
                *COLOURS,
                *FACT_FRAMES,
                "the , .",
            ]
        ).split()
    )
    for split in SPLITS:
        words |= set(" ".join(VERB_PHRASES[split] + OPENERS[split]).split())
    words -= {"{obj}", "{colour}"}
    return sorted(words)
