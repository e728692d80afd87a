"""The review loop in the browser: a submitter's page and the reviewers' queue, logged in through
Hugging Face (mock provider), on a genuine agent-eval run, scored with agent-eval, published, and
then on the leaderboard."""

from __future__ import annotations

import shutil

import pytest

from abl.intake.notify import LogNotifier
from abl.intake.request import build_request
from abl.intake.service import submit
from abl.intake.store import LocalStore
from abl.settings import SAMPLE_PREFIX
from tests.builders import FORM_FIELDS
from tests.support.server import hub_login_site

pytestmark = [pytest.mark.browser, pytest.mark.agent_eval]

FIELDS = {**FORM_FIELDS, "agent_name": "MockAgent"}


@pytest.fixture
def review_site(mock_oidc, agent_eval_runs, tmp_path):
    """The site on local datasets (a copy of the sample results) holding alice's genuine run; rita reviews."""
    datasets = tmp_path / "datasets"
    shutil.copytree(SAMPLE_PREFIX / "asta-bench-results", datasets / "asta-bench-results")
    archive = agent_eval_runs["full"].tarred(tmp_path)
    store = LocalStore(datasets / "asta-bench-submissions", datasets / "asta-bench-internal-contact-info")
    submit(build_request(FIELDS, "alice"), archive, store=store, config="1.0.0", notifier=LogNotifier())
    server = hub_login_site(mock_oidc, {"ABL_DATASET_PREFIX": str(datasets), "ABL_REVIEWERS": "rita"})
    yield server, datasets
    server.stop()


def log_in(browser, server, mock_oidc, user: str, path: str):
    mock_oidc.user = {**mock_oidc.user, "sub": f"u-{user}", "preferred_username": user, "name": user.title()}
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(server.url + path)  # guests go through the login and come back
    page.get_by_text(f"Logged in as {user}").wait_for(timeout=30_000)
    return page


def test_submitter_and_reviewer_pages(review_site, browser, mock_oidc, artifacts):
    server, datasets = review_site
    alice = log_in(browser, server, mock_oidc, "alice", "/submissions")
    alice.get_by_text("MockAgent: test split").wait_for()
    assert alice.locator(".abl-status").first.inner_text() == "checked"
    alice.screenshot(path=str(artifacts / "submissions-checked.png"), full_page=True)
    alice.goto(server.url + "/review")
    alice.get_by_text("The review queue is for reviewers.").wait_for()

    rita = log_in(browser, server, mock_oidc, "rita", "/review")
    rita.get_by_text("Contact (private):").wait_for()
    rita.get_by_text("alice@example.org").wait_for()  # the reviewer sees the contact record
    rita.get_by_role("button", name="Score").click()
    rita.get_by_text("Scored.").wait_for(timeout=180_000)
    rita.get_by_text("On the leaderboard:").wait_for()
    assert "Overall: rank" in rita.get_by_text("On the leaderboard:").inner_text()
    rita.screenshot(path=str(artifacts / "review-scored.png"), full_page=True)
    rita.get_by_role("button", name="Publish").click()
    rita.get_by_text("Published:").wait_for(timeout=60_000)
    assert rita.get_by_role("button", name="Publish").is_disabled()
    assert len(list((datasets / "asta-bench-results/1.0.0/test").glob("alice_MockAgent_*.json"))) == 1

    rita.goto(server.url + "/")  # the published row is on the leaderboard
    rita.get_by_text("MockAgent").first.wait_for(timeout=30_000)

    alice.goto(server.url + "/submissions")
    alice.get_by_text("MockAgent: test split").wait_for()
    assert alice.locator(".abl-status").first.inner_text() == "published"
    alice.get_by_text("Published on the leaderboard.", exact=True).wait_for()
    alice.get_by_text("Scores (agent-eval):").wait_for()
    alice.screenshot(path=str(artifacts / "submissions-published.png"), full_page=True)
    # On a phone: nothing wider than the screen; the account links move into the menu.
    for page, name, title in ((alice, "submissions", "My submissions"), (rita, "review", "Review queue")):
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(server.url + f"/{name}")
        page.get_by_role("heading", name=title).wait_for()
        page.wait_for_timeout(500)
        page.screenshot(path=str(artifacts / f"{name}-phone.png"), full_page=True)
        assert page.evaluate("document.scrollingElement.scrollWidth") <= 391, name
        page.get_by_role("button", name="Open the menu").click()
        page.get_by_role("navigation", name="Account").get_by_role("link", name="Log out").wait_for()
    rita.wait_for_timeout(400)  # the drawer slides in
    rita.screenshot(path=str(artifacts / "review-phone-menu.png"))


def test_reviewer_rejects_with_a_reason_the_submitter_reads(review_site, browser, mock_oidc):
    server, _ = review_site
    rita = log_in(browser, server, mock_oidc, "rita", "/review")
    rita.get_by_text("Contact (private):").wait_for()
    rita.get_by_role("button", name="Reject").click()
    rita.get_by_text("Say why: the submitter sees the reason.").wait_for()
    rita.get_by_label("Reason for a rejection (the submitter sees it)").fill("<b>Modified</b> task files.")
    rita.get_by_role("button", name="Reject").click()
    rita.get_by_text("Rejected; the submitter sees the reason on their page.").wait_for()

    alice = log_in(browser, server, mock_oidc, "alice", "/submissions")
    alice.get_by_text("<b>Modified</b> task files.").first.wait_for()  # shown as text, never as HTML
    assert alice.locator(".abl-status").first.inner_text() == "rejected"
