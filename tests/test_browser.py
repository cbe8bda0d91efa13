"""Real-browser tests of the built site (Playwright driving Debian chromium).

(a) the decision helper on /decide/: paths through the questions give the expected
recommendation, by mouse and by keyboard alone, and its logic matches the printable checklist;
(b) the home page, the chapter pages and the lab 00 page load, the lab page shows its plot,
chapter figures and quizzes render, and no request leaves 127.0.0.1.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml

from browser_support import *  # noqa: F401,F403 - fixtures: site_url, browser, page
from browser_support import is_local

pytestmark = pytest.mark.browser

DOCS = Path(__file__).resolve().parents[1] / "docs"
QUESTION_ORDER = ["failure", "evalset", "tried", "examples", "constraints", "tasks", "owner"]

# answers (question -> option), expected recommendation, expected checklist step
PATHS = [
    pytest.param(dict(failure="facts", evalset="yes", tried="examples", examples="few",
                      constraints="no", tasks="one", owner="nobody"),
                 "retrieval", "facts", id="facts-need-retrieval"),
    pytest.param(dict(failure="behaviour", evalset="yes", tried="nothing", examples="many",
                      constraints="no", tasks="one", owner="team"),
                 "prompt", "prompt", id="untried-prompt-first"),
    pytest.param(dict(failure="behaviour", evalset="yes", tried="examples", examples="some",
                      constraints="no", tasks="several", owner="team"),
                 "fine-tune", "fine-tune", id="behaviour-fine-tune"),
    pytest.param(dict(failure="cost", evalset="yes", tried="examples", examples="many",
                      constraints="yes", tasks="one", owner="team"),
                 "small-model", "size", id="cost-distill"),
    pytest.param(dict(failure="behaviour", evalset="no", tried="examples", examples="many",
                      constraints="no", tasks="one", owner="team"),
                 "dont-yet", "measure", id="no-eval-set"),
    pytest.param(dict(failure="behaviour", evalset="yes", tried="retrieval", examples="few",
                      constraints="no", tasks="one", owner="team"),
                 "dont-yet", "data", id="too-few-examples"),
    pytest.param(dict(failure="behaviour", evalset="yes", tried="retrieval", examples="many",
                      constraints="yes", tasks="one", owner="nobody"),
                 "dont-yet", "owner", id="nobody-maintains"),
]

TITLES = {"prompt": "Improve the prompt", "retrieval": "Add retrieval", "fine-tune": "Fine-tune",
          "small-model": "Fine-tune a small model, or distill", "dont-yet": "Don't fine-tune, yet"}


def open_page(page, site_url: str, path: str):
    response = page.goto(urljoin(site_url, path))
    assert response is not None and response.status == 200, f"{path}: HTTP {response and response.status}"
    page.wait_for_load_state("networkidle")
    return response


def assert_offline(page):
    outside = [url for url in page.requests if not is_local(url)]
    assert not outside, f"requests left 127.0.0.1: {outside}"


def check_result(page, expected: str, step: str):
    result = page.locator("#decide-result")
    assert result.get_attribute("data-recommendation") == expected
    assert result.get_attribute("data-step") == step
    heading = result.locator("h2")
    assert heading.inner_text() == f"Recommendation: {TITLES[expected]}"
    assert result.locator(".decide-reasons li").count() >= 2
    assert result.get_attribute("aria-live") == "polite"
    # the result names the checklist step that decided it, and that step exists on the page
    assert result.locator(f'a[href="#check-{step}"]').count() == 1
    assert page.locator(f"li#check-{step}").count() == 1


def test_decide_paths_give_expected_recommendation(page, site_url):
    open_page(page, site_url, "decide/")
    form = page.locator("#decide-form")
    assert form.is_visible()
    assert not page.locator("#decide-nojs").is_visible()
    for param in PATHS:
        answers, expected, step = param.values
        page.locator('#decide-form button[type="reset"]').click()
        for question, option in answers.items():
            page.locator(f'label[for="{question}-{option}"]').click()
            assert page.locator(f"#{question}-{option}").is_checked()
        page.locator('#decide-form button[type="submit"]').click()
        check_result(page, expected, step)
    assert_offline(page)


def test_decide_result_links_resolve(page, site_url):
    """Every link any recommendation offers leads to an existing page and anchor."""
    open_page(page, site_url, "decide/")
    hrefs = set()
    for param in PATHS:
        answers = param.values[0]
        result = page.evaluate("a => FTDecide.recommend(a)", answers)
        hrefs.update(link["href"] for link in result["links"])
    base = urljoin(site_url, "decide/")
    for href in sorted(hrefs):
        url = urljoin(base, href)
        response = page.request.get(url)
        assert response.status == 200, f"{href} -> HTTP {response.status}"
        fragment = urlsplit(url).fragment
        if fragment:
            assert f'id="{fragment}"' in response.text(), f"{href}: no anchor #{fragment}"


def test_decide_logic_matches_checklist(page, site_url):
    open_page(page, site_url, "decide/")
    steps = page.evaluate("FTDecide.STEPS")
    listed = page.locator("ol.decide-checklist > li").evaluate_all("items => items.map(li => li.id)")
    assert listed == [f"check-{s}" for s in steps]
    questions = page.evaluate("FTDecide.QUESTIONS.map(q => q.id)")
    assert questions == QUESTION_ORDER
    # every option of every question has a labelled radio button inside a fieldset with a legend
    for q in page.evaluate("FTDecide.QUESTIONS"):
        fieldset = page.locator(f"fieldset#q-{q['id']}")
        assert fieldset.locator("legend").inner_text().strip()
        for option in q["options"]:
            radio = fieldset.locator(f'input[type="radio"][name="{q["id"]}"][value="{option}"]')
            assert radio.count() == 1
            assert page.locator(f'label[for="{q["id"]}-{option}"]').inner_text().strip()
    # the pure function reaches every step and every recommendation
    seen_steps, seen_recs = set(), set()
    for param in PATHS:
        answers, expected, step = param.values
        result = page.evaluate("a => FTDecide.recommend(a)", answers)
        assert (result["recommendation"], result["step"]) == (expected, step)
        seen_steps.add(step)
        seen_recs.add(expected)
    assert seen_recs == set(TITLES)
    assert seen_steps == set(steps)


def test_decide_keyboard_only(page, site_url):
    """Tab into the form, choose options with the arrow keys, submit with Enter."""
    open_page(page, site_url, "decide/")
    answers, expected, step = PATHS[2].values  # the fine-tune path
    options = {q["id"]: q["options"] for q in page.evaluate("FTDecide.QUESTIONS")}

    def focused() -> dict:
        return page.evaluate("""() => { const e = document.activeElement;
            return {tag: e.tagName, name: e.name || null, type: e.type || null, value: e.value || null}; }""")

    for _ in range(400):
        page.keyboard.press("Tab")
        if focused()["name"] == "failure":
            break
    else:
        pytest.fail("Tab never reached the first question")

    order = []
    for question in QUESTION_ORDER:
        here = focused()
        assert here["name"] == question, f"focus order: expected {question}, at {here}"
        order.append(question)
        index = options[question].index(answers[question])
        if index == 0:
            page.keyboard.press("Space")
        for _ in range(index):
            page.keyboard.press("ArrowDown")
        assert page.locator(f"#{question}-{answers[question]}").is_checked()
        page.keyboard.press("Tab")
    assert order == QUESTION_ORDER
    here = focused()
    assert here["tag"] == "BUTTON" and here["type"] == "submit", here
    page.keyboard.press("Enter")
    check_result(page, expected, step)
    # focus continues into the result's links, after the form's buttons
    page.keyboard.press("Tab")
    assert focused()["type"] == "reset"
    page.keyboard.press("Tab")
    assert page.evaluate("document.getElementById('decide-result').contains(document.activeElement)")
    assert_offline(page)


def test_decide_asks_for_missing_answers(page, site_url):
    open_page(page, site_url, "decide/")
    page.locator('label[for="failure-behaviour"]').click()
    page.locator('#decide-form button[type="submit"]').click()
    result = page.locator("#decide-result")
    assert result.get_attribute("data-recommendation") is None
    assert "Please answer every question" in result.inner_text()


def test_decide_prints_the_checklist(page, site_url):
    open_page(page, site_url, "decide/")
    page.emulate_media(media="print")
    assert not page.locator("#decide-form").is_visible()
    assert page.locator("ol.decide-checklist").is_visible()


def test_home_and_lab_pages_load_offline(page, site_url):
    open_page(page, site_url, "")
    assert "Fine-tune or Not?" in page.title()
    assert page.locator("h1").first.is_visible()
    open_page(page, site_url, "labs/00_meet_the_model/")
    plots = page.locator('img[src^="data:image/png"]')
    assert plots.count() >= 1, "no rendered plot on the lab page"
    plot = plots.first
    plot.scroll_into_view_if_needed()
    assert plot.is_visible()
    assert plot.evaluate("img => img.complete && img.naturalWidth > 100")
    assert_offline(page)


@pytest.mark.parametrize("slug", ["why-not", "when-to", "facts-or-behaviour"])
def test_chapter_page_figures_and_quiz(page, site_url, slug):
    open_page(page, site_url, f"chapters/{slug}/")
    images = page.locator("article img")
    assert images.count() >= 1
    for i in range(images.count()):
        image = images.nth(i)
        image.scroll_into_view_if_needed()
        src = image.get_attribute("src")
        assert image.evaluate("img => img.complete && img.naturalWidth > 0"), f"{slug}: {src} did not load"
    key = yaml.safe_load((DOCS / "quizzes" / f"{slug}.yml").read_text(encoding="utf-8"))
    questions = page.locator("article .admonition.question")
    assert questions.count() == len(key["questions"])
    first = questions.first
    answers = first.locator("details")
    assert answers.count() == len(key["questions"][0]["options"])
    correct = next(i for i, o in enumerate(key["questions"][0]["options"]) if o.get("correct"))
    verdict = answers.nth(correct).locator("p").first
    assert not verdict.is_visible(), "answers must stay hidden until asked for"
    answers.nth(correct).locator("summary").click()
    assert verdict.is_visible() and verdict.inner_text().startswith("Correct.")
    assert_offline(page)


def test_every_page_stays_offline(page, site_url, built_site):
    """Visit every HTML page of the site; no page may request anything from another host."""
    pages = sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("index.html"))
    assert "decide/index.html" in pages and "references/index.html" in pages
    for path in pages:
        open_page(page, site_url, re.sub(r"index\.html$", "", path))
    assert_offline(page)
