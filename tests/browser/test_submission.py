"""Submitting an agent in the browser: Hugging Face login (mock provider), the form, a real
archive, the receipt and the files on disk; and the daily limit across two server processes."""

from __future__ import annotations

import json

import pytest

from tests.builders import run_members, write_archive
from tests.support.server import Server, hub_login_site

pytestmark = pytest.mark.browser


def site(mock_oidc, datasets, port=None) -> Server:
    return hub_login_site(mock_oidc, {"ABL_SUBMISSION_PREFIX": str(datasets)}, port)


@pytest.fixture
def servers(mock_oidc, tmp_path):
    started: list[Server] = []
    yield lambda: started.append(site(mock_oidc, tmp_path / "datasets")) or started[-1]
    for server in started:
        server.stop()


def choose(page, label: str, option: str) -> None:
    page.get_by_label(label, exact=True).select_option(label=option)


def fill_form(page, archive_path) -> None:
    page.get_by_role("textbox", name="Contact e-mail").fill("alice@example.org")
    choose(page, "Role", "PhD student")
    page.get_by_role("textbox", name="Agent name").fill("Browser Agent")
    page.get_by_role("textbox", name="Description").fill("A ReAct-style agent, submitted from a browser test.")
    page.get_by_role("textbox", name="Agent URL (optional)").fill("https://example.org/browser-agent")
    choose(page, "Openness", "Open source & closed weights")
    choose(page, "Tooling", "Standard")
    page.get_by_role("button", name="test", exact=True).click()
    page.locator("input[type=file]").set_input_files(str(archive_path))
    page.get_by_text("Attached: run.tar.gz").wait_for()
    page.get_by_role("checkbox").last.check()  # "I accept the terms above", the last box of the form


def login_and_open_form(page, server) -> None:
    page.goto(server.url + "/submit")  # guests are sent through the login, and back
    page.get_by_text("Logged in as alice").wait_for(timeout=30_000)


def test_submit_from_the_browser(page, servers, tmp_path, artifacts):
    server = servers()
    archive = write_archive(tmp_path, run_members(prefix="my-run/"))
    login_and_open_form(page, server)
    submit = page.get_by_role("button", name="Submit", exact=True)
    assert submit.is_disabled()
    page.screenshot(path=str(artifacts / "submission-form.png"))
    fill_form(page, archive)
    submit.click()
    page.get_by_text("Submission received.").wait_for(timeout=60_000)
    page.get_by_text("What happens next", exact=False).scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "submission-receipt.png"))
    assert page.get_by_text("What happens next").count() == 1
    folders = list((tmp_path / "datasets/asta-bench-submissions/1.0.0/test").iterdir())
    assert len(folders) == 1 and folders[0].name.startswith("alice_Browser-Agent_")
    stored = sorted(p.relative_to(folders[0]).as_posix() for p in folders[0].rglob("*") if p.is_file())
    assert stored == ["eval_config.json", "logs/task-b.eval", "submission.json", "task-a.eval"]
    metadata = json.loads((folders[0] / "submission.json").read_text())
    assert metadata["agent_name"] == "Browser Agent" and metadata["username"] == "alice"
    records = list((tmp_path / "datasets/asta-bench-internal-contact-info/1.0.0/test").glob("*.json"))
    assert len(records) == 1 and json.loads(records[0].read_text())["email"] == "alice@example.org"

    # A second server process, sharing only the datasets, refuses a second test submission today.
    other = servers()
    login_and_open_form(page, other)
    fill_form(page, archive)
    page.get_by_role("button", name="Submit", exact=True).click()
    page.get_by_text("Not submitted. Please fix this and try again:").wait_for(timeout=60_000)
    assert page.get_by_text("You already submitted to the test split").count() == 1
    assert page.get_by_role("textbox", name="Agent name").input_value() == "Browser Agent"  # the form keeps its values
    assert len(list((tmp_path / "datasets/asta-bench-submissions/1.0.0/test").iterdir())) == 1
