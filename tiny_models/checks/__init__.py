"""What some exercise checks compute, kept out of the notebooks.

A check cell then reads as one ``check_answer`` call: it states the property it verifies, and it
does not spell out, line by line, a computation a student could paste as the answer. The
functions verify the property the exercise asks for with methods of their own (for example,
reading a price as the words "45 dollars" where the lab's solution uses ``price_in``), so that
any correct method of the student's passes. An exercise such as "fine-tune at a ten times
lower learning rate and measure" has an answer that only a training run can give, and it differs
with the learner's seed: its check runs the experiment itself, once, when the learner submits an
answer.

One module per lab: ``forgetting.py`` (lab 01), ``bias.py`` (02), ``distillation.py`` (03),
``facts.py`` (04); ``common.py`` holds what they share (``Key``, ``matches``, ``exact_match``).
"""
