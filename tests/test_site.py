"""The site builds strictly from the executed labs and shows their real outputs."""

import re

import pytest

from labs.registry import all_labs


@pytest.mark.site
def test_every_lab_page_shows_its_executed_outputs(built_site):
    for lab in all_labs():
        page = built_site / "labs" / lab.slug / "index.html"
        assert page.exists(), f"no page for {lab.slug}"
        html = page.read_text()
        assert 'src="data:image/png;base64,' in html, f"{lab.slug} shows no plot"
        assert "recorded metric" in html, f"{lab.slug} shows no recorded metrics"
        assert "Traceback" not in html
        assert (built_site / "labs" / lab.slug / f"{lab.slug}.ipynb").exists(), "no notebook download"


@pytest.mark.site
def test_no_page_loads_anything_from_another_host(built_site):
    external = re.compile(r'<(script|link|img|iframe)\b[^>]*\b(src|href)="(https?:)?//', re.I)
    for page in built_site.rglob("*.html"):
        assert not external.search(page.read_text()), page
