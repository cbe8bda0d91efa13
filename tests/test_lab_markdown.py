"""Lab text renders the same in Jupyter and on the site.

MkDocs admonitions (`!!! warning`, `??? question`) are not Markdown: Jupyter shows them as raw
text, and so does the site, because mkdocs-jupyter renders notebook cells with nbconvert; a
"Check yourself" answer written that way is in plain view. Labs use `<details><summary>` and
blockquotes instead. Links between labs are sibling notebooks (`01_forgetting.ipynb`), which
work in the learner's folder and which site_hooks/lab_links.py rewrites for the site.
"""

from __future__ import annotations

import re

import pytest

from labtools.registry import all_labs
from labtools.runner import read_notebook

ADMONITION = re.compile(r"^\s*(!!!|\?\?\?\+?)\s*[\w-]+", re.MULTILINE)
LAB_LINK = re.compile(r"\]\(([^)#\s]+\.ipynb)(#[^)]*)?\)")
LABS = [lab for lab in all_labs()]


def markdown_cells(lab):
    return [cell.source for cell in read_notebook(lab).cells if cell.cell_type == "markdown"]


@pytest.mark.parametrize("lab", LABS, ids=[lab.name for lab in LABS])
def test_no_admonitions_in_lab_markdown(lab):
    found = [m.group(0).strip() for text in markdown_cells(lab) for m in ADMONITION.finditer(text)]
    assert not found, f"{lab.slug}: use <details><summary> or a blockquote instead of {found}"


@pytest.mark.parametrize("lab", LABS, ids=[lab.name for lab in LABS])
def test_links_to_other_labs_are_sibling_notebooks_that_exist(lab):
    slugs = {other.slug for other in LABS}
    for text in markdown_cells(lab):
        for target, _anchor in LAB_LINK.findall(text):
            assert target.removesuffix(".ipynb") in slugs, (
                f"{lab.slug} links to {target}: link another lab as NN_slug.ipynb (a sibling in my-labs/)"
            )


def test_details_blocks_are_closed():
    for lab in LABS:
        for text in markdown_cells(lab):
            assert text.count("<details>") == text.count("</details>"), lab.slug


@pytest.mark.site
def test_no_raw_admonition_on_built_lab_pages(built_site):
    pages = sorted((built_site / "labs").glob("*/index.html"))
    assert pages, "no lab pages in the built site"
    for page in pages:
        assert "???" not in page.read_text(encoding="utf-8"), f"{page.parent.name}: raw '???' on the page"
