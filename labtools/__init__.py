"""The tooling around the labs, kept apart from them so that ``labs/`` holds labs only:
discovery (``registry``), execution as notebooks (``runner``), the site build (``site``),
the learner's and the students' copies (``handout``, ``learner``, ``student``), the class
roster (``roster``), the grader (``grade``, with ``submissions`` to find whose each notebook
is, ``grade_kernel`` for its kernel runs and ``in_kernel`` for the code that runs inside them),
a made-up class to try it on (``demo_class``) and the command line (``cli``, run as
``python -m labs``)."""
