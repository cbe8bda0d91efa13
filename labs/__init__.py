"""The labs: discovery (``registry``), execution as notebooks (``runner``), the site build
(``site``) and the command line (``python -m labs``)."""
