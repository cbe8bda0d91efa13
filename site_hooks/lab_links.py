"""MkDocs hook: make links between lab notebooks work on the site as they do in Jupyter.

In a notebook, Lab 00 links to Lab 01 as ``01_forgetting.ipynb`` (a sibling file), which is
right in Jupyter. mkdocs-jupyter renders notebook markdown with nbconvert, so MkDocs never
rewrites those links; on the site each lab is a folder (``labs/00_meet_the_model/``). This hook
rewrites such links to the lab's page and fails the build if the lab does not exist.
"""

from __future__ import annotations

import re
from pathlib import Path

LAB_LINK = re.compile(r'href="(?:\.\./)?(?:labs/)?(\d\d_[a-z0-9_]+)\.ipynb(#[^"]*)?"')


def on_post_page(output: str, page, config) -> str:
    if not page.file.src_path.startswith("labs/"):
        return output
    labs_dir = Path(config["docs_dir"]) / "labs"

    def rewrite(match: re.Match) -> str:
        slug, anchor = match.group(1), match.group(2) or ""
        if not (labs_dir / f"{slug}.ipynb").exists():
            raise ValueError(f"{page.file.src_path} links to lab {slug!r}, which does not exist")
        return f'href="../{slug}/{anchor}"'

    return LAB_LINK.sub(rewrite, output)
