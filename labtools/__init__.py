"""The tooling around the labs, kept apart from them so that ``labs/`` holds labs only:
discovery (``registry``), execution as notebooks (``runner``), the site build (``site``),
the learner's and the students' copies (``handout``, ``learner``, ``student``), the grader
(``grade``, ``grade_kernel``) and the command line (``cli``, run as ``python -m labs``)."""
