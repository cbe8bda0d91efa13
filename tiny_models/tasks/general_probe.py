"""General questions for lab 05: a probe of what a real chat model already knows, and replay data.

``PROBE`` holds short questions of general knowledge, each with the words that count as a
correct answer (lower case; any of them appearing in the answer as a whole word counts). We
wrote 63 candidates and kept the 40 that the base SmolLM2-135M-Instruct answered correctly with
the lab's prompt (chat format, no system message) and greedy decoding, so the base model scores
100 % and any drop after fine-tuning is a loss. ``is_correct`` is the scoring rule.
``REPLAY`` holds other general questions with short reference answers, written for this course,
to mix into a fine-tuning set ("replay"); none of them is on the probe.
"""

from __future__ import annotations

import re

PROBE: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("What is the capital of France?", ("paris",)),
    ("Which planet is known as the Red Planet?", ("mars",)),
    ("How many days are there in a week?", ("seven", "7")),
    ("What is the capital of Japan?", ("tokyo",)),
    ("What is the chemical symbol for water?", ("h2o",)),
    ("Who wrote Romeo and Juliet?", ("shakespeare",)),
    ("What is the capital of Italy?", ("rome",)),
    ("What gas do plants take in from the air?", ("carbon dioxide", "co2")),
    ("Who painted the Mona Lisa?", ("leonardo", "da vinci")),
    ("What is the capital of Germany?", ("berlin",)),
    ("What is the largest ocean on Earth?", ("pacific",)),
    ("What language is spoken in Brazil?", ("portuguese",)),
    ("What is the capital of Spain?", ("madrid",)),
    ("What is the opposite of hot?", ("cold",)),
    ("Which is the longest river in Africa?", ("nile",)),
    ("What is the capital of the United Kingdom?", ("london",)),
    ("What is the opposite of up?", ("down",)),
    ("What is the boiling point of water in degrees Celsius?", ("100",)),
    ("What is the capital of Russia?", ("moscow",)),
    ("What is 2 plus 2?", ("4", "four")),
    ("What do cows drink?", ("water",)),
    ("What is the capital of Egypt?", ("cairo",)),
    ("What is the tallest mountain in the world?", ("everest",)),
    ("What is the main language spoken in Mexico?", ("spanish",)),
    ("What is the capital of China?", ("beijing",)),
    ("What is the currency of Japan?", ("yen",)),
    ("How many hours are there in a day?", ("24", "twenty-four", "twenty four")),
    ("What is the capital of Canada?", ("ottawa",)),
    ("How many sides does a triangle have?", ("three", "3")),
    ("What is the opposite of day?", ("night",)),
    ("What is the capital of Greece?", ("athens",)),
    ("What is the largest desert in the world?", ("sahara",)),
    ("What is the opposite of black?", ("white",)),
    ("What is the capital of Australia?", ("canberra",)),
    ("Which ocean lies between Europe and America?", ("atlantic",)),
    ("What is the capital of India?", ("new delhi", "delhi")),
    ("What is the chemical symbol for gold?", ("au",)),
    ("What is the capital of Sweden?", ("stockholm",)),
    ("What is the capital of Poland?", ("warsaw",)),
    ("What is the capital of Kenya?", ("nairobi",)),
)

REPLAY: tuple[tuple[str, str], ...] = (
    ("What is the capital of Austria?", "The capital of Austria is Vienna."),
    ("What is the capital of Norway?", "The capital of Norway is Oslo."),
    ("What colour is a ripe tomato?", "A ripe tomato is red."),
    ("How many wheels does a bicycle have?", "A bicycle has two wheels."),
    ("What is 3 plus 5?", "3 plus 5 is 8."),
    ("Which animal says moo?", "A cow says moo."),
    ("What is the opposite of big?", "The opposite of big is small."),
    ("Which season comes after winter?", "Spring comes after winter."),
    ("What do you use to write on a blackboard?", "You write on a blackboard with chalk."),
    ("How many months are there in a year?", "There are twelve months in a year."),
    ("Which planet do we live on?", "We live on Earth."),
    ("What is the freezing point of water in degrees Celsius?", "Water freezes at 0 degrees Celsius."),
    ("Who was the first person to walk on the Moon?", "Neil Armstrong was the first person to walk on the Moon."),
    ("What is the largest animal on Earth?", "The blue whale is the largest animal on Earth."),
    ("What language is spoken in France?", "French is spoken in France."),
    ("What do caterpillars turn into?", "Caterpillars turn into butterflies or moths."),
)


def is_correct(answer: str, accepted: tuple[str, ...]) -> bool:
    """Whether one of the ``accepted`` words appears in ``answer`` as a whole word ("au" must not
    match "because")."""
    text = answer.lower()
    return any(re.search(rf"(?<![a-z0-9]){re.escape(word)}(?![a-z0-9])", text) for word in accepted)
