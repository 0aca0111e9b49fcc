"""The GitHub Pages workflow: tests, builds for the Pages URL, uploads site/, deploys as GitHub
documents it (permissions, one deployment at a time, the github-pages environment)."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

WORKFLOW = Path(__file__).resolve().parent.parent / ".github" / "workflows" / "pages.yml"


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def steps(job: dict) -> list[dict]:
    return job["steps"]


def uses(job: dict, action: str) -> dict:
    found = [s for s in steps(job) if str(s.get("uses", "")).split("@")[0] == action]
    assert len(found) == 1, f"{action} in {[s.get('uses') or s.get('run') for s in steps(job)]}"
    assert "@" in found[0]["uses"], "pin a version"
    return found[0]


def runs(job: dict) -> list[str]:
    return [s["run"] for s in steps(job) if "run" in s]


def test_triggers(workflow):
    on = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` key as true
    assert on["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in on


def test_permissions_and_concurrency(workflow):
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}


def test_build_job(workflow):
    build = workflow["jobs"]["build"]
    order = [s.get("uses", "").split("@")[0] or s["run"] for s in steps(build)]
    assert order.index("actions/checkout") < order.index("actions/setup-python")
    assert uses(build, "actions/setup-python")["with"]["python-version"] == "3.11"
    commands = runs(build)
    install = next(i for i, c in enumerate(commands) if "pip install" in c)
    assert 'pip install -e ".[test]"' in commands[install]
    test = next(i for i, c in enumerate(commands) if c.startswith("pytest"))
    assert '-m "not browser"' in commands[test]
    assert not any("chromium" in c or "playwright install" in c for c in commands)
    pages = uses(build, "actions/configure-pages")
    assert pages["id"] == "pages"
    build_cmd = next(c for c in commands if c.startswith("shownotes build"))
    assert '--base-url "${{ steps.pages.outputs.base_url }}/"' in build_cmd
    upload = uses(build, "actions/upload-pages-artifact")
    assert upload["with"]["path"] == "site"
    # install, test, configure, build, upload: in that order
    assert install < test < commands.index(build_cmd)
    assert order.index("actions/configure-pages") < order.index(build_cmd) < order.index("actions/upload-pages-artifact")


def test_deploy_job(workflow):
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] in ("build", ["build"])
    assert deploy["environment"] == {"name": "github-pages", "url": "${{ steps.deployment.outputs.page_url }}"}
    step = uses(deploy, "actions/deploy-pages")
    assert step["id"] == "deployment"


def test_publishing_files(tmp_path, monkeypatch, capsys):
    """The build writes .nojekyll always and CNAME when site.yaml asks for a custom domain."""
    import shutil

    from generator.cli import main

    project = tmp_path / "project"
    shutil.copytree(Path(__file__).resolve().parent / "fixtures" / "serve", project)
    monkeypatch.chdir(project)
    assert main(["build", "--no-search"]) == 0
    assert (project / "site" / ".nojekyll").read_bytes() == b""
    assert not (project / "site" / "CNAME").exists()
    config = project / "site.yaml"
    config.write_text(config.read_text() + "cname: notes.example.org\n")
    assert main(["build", "--no-search", "--base-url", "https://notes.example.org/"]) == 0
    assert (project / "site" / "CNAME").read_text() == "notes.example.org\n"
    capsys.readouterr()
