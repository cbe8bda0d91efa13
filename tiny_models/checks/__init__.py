"""What some exercise checks compute, kept out of the notebooks.

A check cell then reads as one ``check_answer`` call: it states the property it verifies, and it
does not spell out, line by line, a computation a student could paste as the answer. The
functions verify the property the exercise asks for with methods of their own (for example,
reading a price as the words "45 dollars" where the lab's solution uses ``price_in``), so that
any correct method of the student's passes. One module per lab: ``facts.py`` for lab 04.
"""
