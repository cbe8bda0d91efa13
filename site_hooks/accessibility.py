"""MkDocs hook: name what the theme leaves unnamed, so that screen readers can announce it.

Material's search overlay is a ``role="dialog"`` element without a name (axe rule
``aria-dialog-name``); every page gets ``aria-label="Search"`` on it. The build fails, naming the
page, if the theme's markup changes so that the dialog is no longer found: the browser tests'
axe check would catch it too, but later and less clearly.
"""

from __future__ import annotations

SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
NAMED_DIALOG = '<div class="md-search" data-md-component="search" role="dialog" aria-label="Search">'


def on_post_page(output: str, page, config) -> str:
    if SEARCH_DIALOG not in output:
        raise ValueError(
            f"{page.file.src_path}: the search dialog's markup changed ({SEARCH_DIALOG!r} not found); "
            "update site_hooks/accessibility.py so that the dialog keeps its name"
        )
    return output.replace(SEARCH_DIALOG, NAMED_DIALOG)
