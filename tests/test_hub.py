"""The seminar classroom on a real JupyterHub, end to end.

An instructor and three participants, each a real system user, on JupyterHub 5.5 with the
course's hub/jupyterhub_config.py (shared seminar password, LocalProcessSpawner) behind
configurable-http-proxy, all on free ports of 127.0.0.1. The instructor releases m00 with
`course release`; each participant fetches it, answers it through the Jupyter contents API (a
full, a partial and a blank answer) and submits it with nbgrader's Assignments endpoints; the
instructor collects, grades and returns feedback with `course`; each participant fetches it.

Needs root (it creates users), Debian's python3 with venv, Node.js and npm, and the package
registries the first time (the hub's environment is then cached: tests/hub_helpers.py). Without
them it is skipped with how to enable it; in CI (CIVIC_CHANNELS_REQUIRE_HUB=1, set by .ci/run)
it fails instead. It removes every user, process and folder it made, even when it fails.
"""

from __future__ import annotations

import copy
import os
import re
import stat
import time
from pathlib import Path

import nbformat
import pytest
from hub_helpers import (
    COURSE_ID,
    leftovers,
    parallel,
    prepare_cache,
    seminar_hub,
    setup_hub,
    why_no_hub,
)
from nbgrader.api import Gradebook

from course_grading.feedback import hidden_test_regions

pytestmark = [pytest.mark.hub, pytest.mark.slow]

ROOT = Path(__file__).resolve().parent.parent
M00 = "m00_getting_started"
NOTEBOOK = f"exercises/{M00}/{M00}.ipynb"  # where the start page links to (setup_hub.py)
IDS = {"course_id": COURSE_ID, "assignment_id": M00}


def _skip_or_fail(message: str) -> None:
    if os.environ.get("CIVIC_CHANNELS_REQUIRE_HUB"):
        pytest.fail(f"{message} (CI requires the hub test: CIVIC_CHANNELS_REQUIRE_HUB is set)")
    pytest.skip(message)


# -- what each participant hands in -------------------------------------------------------------


def _solution_answers() -> dict[str, str]:
    """grade_id -> the answer as a participant would type it (the solution, without markers)."""
    source = nbformat.read(ROOT / "solutions" / M00 / f"{M00}.ipynb", as_version=4)
    answers = {}
    for cell in source.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution") and cell.cell_type == "code":
            lines = [
                line
                for line in cell.source.splitlines()
                if "### BEGIN SOLUTION" not in line
                and "### END SOLUTION" not in line
                and not line.rstrip().endswith("= ...")
            ]
            answers[meta["grade_id"]] = "\n".join(lines)
        elif meta.get("solution"):
            answers[meta["grade_id"]] = "The top posts mix formats; the medians are close."
    return answers


def _answered(notebook: dict, grade_ids: set[str]) -> dict:
    answers = _solution_answers()
    notebook = copy.deepcopy(notebook)
    for cell in notebook["cells"]:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if grade_id in grade_ids:
            cell["source"] = answers[grade_id]
    return notebook


FULL = {"q1_answer", "q2_answer", "q3_answer", "q4_answer", "q5_answer", "q6_answer"}
PARTIAL = {"q1_answer", "q2_answer"}  # tasks 1 and 2: 1 point each
EXPECTED = {"full": 7.0, "partial": 2.0, "blank": 0.0}  # automatic points out of 7


# -- the classroom, run once ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def classroom():
    reason = why_no_hub()
    if reason:
        _skip_or_fail(reason)
    try:
        prepare_cache()  # the hub's environment, built once (.ci/run builds it beforehand)
    except setup_hub.SetupError as err:
        _skip_or_fail(f"the hub's environment could not be built (no network?): {err}")
    started = time.monotonic()
    try:
        hub_context = seminar_hub(participants=3)
        hub = hub_context.__enter__()
    except setup_hub.SetupError as err:
        _skip_or_fail(f"the hub's environment could not be built (no network?): {err}")
    users = [hub.instructor, *hub.participants]
    run_dir = hub.run_dir
    try:
        yield _run_the_seminar(hub)
    finally:
        hub_context.__exit__(None, None, None)
    left = leftovers(users, run_dir)
    assert not left, f"the hub test left behind: {left}"
    seconds = time.monotonic() - started
    assert seconds < 300, (
        f"the hub test took {seconds:.0f} s; it should take less than five minutes"
    )


def _run_the_seminar(hub) -> dict:
    record: dict = {"hub": hub}
    full, partial, blank = hub.participants
    record["roles"] = {full: "full", partial: "partial", blank: "blank"}
    record["logins"] = {
        u: hub.log_in(u, hub.seminar_password).login_status for u in hub.participants
    }
    record["wrong_password"] = hub.log_in(full, "not-the-seminar-password").login_status
    record["spawn_seconds"] = hub.start_servers([hub.instructor, *hub.participants])

    record["release"] = hub.course_command("release", M00)
    assert record["release"].returncode == 0, _output("course release", record["release"])

    def fetch(user):
        api = hub.user_api(user)
        listed = api.get("assignments", params={"course_id": COURSE_ID}).json()
        fetched = api.post("assignments/fetch", json=IDS)
        return listed, fetched.status_code, fetched.json()

    record["fetch"] = dict(zip(hub.participants, parallel(fetch, hub.participants), strict=True))

    def answer_and_submit(user):
        api = hub.user_api(user)
        notebook = api.get(f"api/contents/{NOTEBOOK}").json()["content"]
        grade_ids = {"full": FULL, "partial": PARTIAL, "blank": set()}[record["roles"][user]]
        saved = api.put(
            f"api/contents/{NOTEBOOK}",
            json={"type": "notebook", "format": "json", "content": _answered(notebook, grade_ids)},
        )
        assert saved.status_code == 200, f"saving {user}'s notebook: {saved.text}"
        submitted = api.post("assignments/submit", json=IDS)
        return submitted.status_code, submitted.json()

    record["submit"] = dict(
        zip(hub.participants, parallel(answer_and_submit, hub.participants), strict=True)
    )

    record["collect"] = hub.course_command("collect", M00, "exchange")
    record["grade"] = hub.course_command("grade", M00)
    record["feedback"] = hub.course_command("feedback", M00, "--exchange")

    def fetch_feedback(user):
        """Fetch Feedback, then open each page the Assignments tab links to."""
        api = hub.user_api(user)
        listed = api.post("assignments/fetch_feedback", json=IDS).json()
        pages = []
        for entry in listed.get("value", []):
            for submission in entry.get("submissions", []):
                for notebook in submission.get("notebooks", []):
                    if notebook.get("has_local_feedback"):
                        path = notebook["local_feedback_path"]  # absolute: ~/exercises/...
                        path = os.path.relpath(path, hub.home(user)).removeprefix("./")
                        page = api.get(f"api/contents/{path}", params={"content": 1})
                        pages.append(page.json().get("content", ""))
        return pages

    record["feedback_pages"] = dict(
        zip(hub.participants, parallel(fetch_feedback, hub.participants), strict=True)
    )
    with Gradebook(f"sqlite:///{hub.course / 'grading' / 'gradebook.db'}", COURSE_ID) as gb:
        record["scores"] = {u: gb.find_submission(M00, u).code_score for u in hub.participants}
    return record


def _output(what: str, done) -> str:
    return f"{what} exited {done.returncode}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"


# -- logging in and starting servers -----------------------------------------------------------


def test_participants_log_in_with_their_username_and_the_seminar_password(classroom):
    assert set(classroom["logins"].values()) == {302}, (
        f"the log-in form should accept each participant with the seminar password and "
        f"redirect: {classroom['logins']}"
    )


def test_a_wrong_password_is_refused(classroom):
    assert classroom["wrong_password"] == 403, "a wrong seminar password must not log in"


def test_every_server_starts_through_the_hubs_rest_api(classroom):
    hub = classroom["hub"]
    assert set(classroom["spawn_seconds"]) == {hub.instructor, *hub.participants}


def test_each_server_runs_as_its_own_system_user(classroom):
    hub = classroom["hub"]
    for user in [hub.instructor, *hub.participants]:
        uid = setup_hub.pwd.getpwnam(user).pw_uid
        assert setup_hub.processes_of(uid), f"no process of {user}: the server is not theirs"


def test_participants_homes_are_private(classroom):
    hub = classroom["hub"]
    for user in [hub.instructor, *hub.participants]:
        mode = stat.S_IMODE(hub.home(user).stat().st_mode)
        assert mode == 0o700, f"{user}'s home has mode {oct(mode)}, not 0700"


# -- release and fetch ---------------------------------------------------------------------------


def test_course_release_also_releases_to_the_exchange(classroom):
    hub = classroom["hub"]
    assert f"released {M00} to the exchange" in classroom["release"].stdout
    outbound = hub.layout.exchange / COURSE_ID / "outbound" / M00 / f"{M00}.ipynb"
    assert outbound.exists(), f"{outbound} missing after course release"


def test_each_participant_sees_the_released_assignment_and_fetches_it(classroom):
    for user, (listed, status, fetched) in classroom["fetch"].items():
        released = [a["assignment_id"] for a in listed["value"] if a["status"] == "released"]
        assert released == [M00], f"{user}'s Assignments tab lists {listed}"
        assert status == 200 and fetched["success"], f"{user} could not fetch: {fetched}"
        assert any(a["status"] == "fetched" for a in fetched["value"]), fetched


def test_start_page_exercise_link_opens_the_fetched_exercise(classroom):
    """The hub opens on ~/notebooks/00_start_here.ipynb; its exercise links must work there."""
    hub = classroom["hub"]
    user = hub.participants[0]
    start = (hub.home(user) / "notebooks" / "00_start_here.ipynb").read_text(encoding="utf-8")
    links = re.findall(rf"\]\((\.\./exercises/{M00}/[^)]+\.ipynb)\)", start)
    assert links, "the start page has no link to the m00 exercise"
    target = (hub.home(user) / "notebooks" / links[0]).resolve()
    assert target == (hub.home(user) / NOTEBOOK).resolve() and target.is_file(), target


def test_fetched_exercise_has_no_solutions_or_hidden_tests(classroom):
    hub = classroom["hub"]
    user = hub.participants[0]
    text = (hub.home(user) / NOTEBOOK).read_text(encoding="utf-8")
    assert "BEGIN SOLUTION" not in text and "BEGIN HIDDEN TESTS" not in text


# -- submit, collect, grade ----------------------------------------------------------------------


def test_each_participant_submits_through_nbgraders_assignment_endpoint(classroom):
    for user, (status, listed) in classroom["submit"].items():
        assert status == 200 and listed.get("success"), f"{user} could not submit: {listed}"
        assert any(a["status"] == "submitted" for a in listed["value"]), listed


def test_course_collect_exchange_imports_the_three_submissions(classroom):
    hub = classroom["hub"]
    done = classroom["collect"]
    assert done.returncode == 0, _output("course collect", done)
    for user in hub.participants:
        assert (hub.course / "grading" / "submitted" / user / M00 / f"{M00}.ipynb").exists()


def test_collected_submissions_keep_the_exchanges_timestamp_and_secret(classroom):
    hub = classroom["hub"]
    inbound = hub.layout.exchange / COURSE_ID / "inbound"
    for user in hub.participants:
        (handed_in,) = [p.name for p in inbound.iterdir() if p.name.startswith(f"{user}+")]
        stamp_in_name = handed_in.split("+")[2]
        folder = hub.course / "grading" / "submitted" / user / M00
        kept = (folder / "timestamp.txt").read_text().strip()
        assert kept == stamp_in_name, f"{user}: timestamp.txt {kept!r}, exchange {handed_in!r}"
        assert (folder / "submission_secret.txt").exists(), "Fetch feedback needs the secret"


def test_course_grade_scores_the_full_partial_and_blank_answers(classroom):
    done = classroom["grade"]
    assert done.returncode == 0, _output("course grade", done)
    scores = {classroom["roles"][u]: s for u, s in classroom["scores"].items()}
    assert scores == EXPECTED, f"automatic scores {scores}, expected {EXPECTED}"


# -- feedback ------------------------------------------------------------------------------------


def test_course_feedback_returns_the_pages_through_the_exchange(classroom):
    hub = classroom["hub"]
    done = classroom["feedback"]
    assert done.returncode == 0, _output("course feedback --exchange", done)
    pages = list((hub.layout.exchange / COURSE_ID / "feedback").glob("*.html"))
    assert len(pages) == 3, f"expected three feedback pages in the exchange, found {pages}"


def test_each_participant_fetches_their_feedback(classroom):
    for user, pages in classroom["feedback_pages"].items():
        assert len(pages) == 1, f"{user} fetched {len(pages)} feedback pages, expected 1"
        assert "<html" in pages[0].lower()


def test_fetched_feedback_shows_no_hidden_test(classroom):
    regions = [re.sub(r"\s+", "", r) for r in hidden_test_regions(ROOT, M00)]
    for user, pages in classroom["feedback_pages"].items():
        text = re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", pages[0]))
        assert not any(r in text for r in regions), f"{user}'s feedback shows a hidden test"


# -- who can see what ------------------------------------------------------------------------


def test_a_participant_gets_403_on_another_participants_server(classroom):
    hub = classroom["hub"]
    a, b = hub.participants[:2]
    response = hub.user_api(b, as_user=a).get("api/contents")
    assert response.status_code == 403, f"{a} on {b}'s server: {response.status_code}"


def test_a_participant_cannot_read_another_participants_files(classroom):
    hub = classroom["hub"]
    a, b = hub.participants[:2]
    assert not hub.can_read(a, hub.home(b))
    assert not hub.can_read(a, hub.home(b) / NOTEBOOK)


def test_a_participant_cannot_read_the_solutions_or_the_gradebook(classroom):
    hub = classroom["hub"]
    a = hub.participants[0]
    assert not hub.can_read(a, hub.course / "solutions" / M00 / f"{M00}.ipynb")
    assert not hub.can_read(a, hub.course / "grading" / "gradebook.db")
    assert not hub.can_read(a, hub.course)


def test_a_participant_cannot_list_the_exchanges_inbound_or_feedback_folders(classroom):
    hub = classroom["hub"]
    a = hub.participants[0]
    course = hub.layout.exchange / COURSE_ID
    assert not hub.can_read(a, course / "inbound"), "participants must not list the submissions"
    assert not hub.can_read(a, course / "feedback"), "participants must not list the feedback"


def test_submissions_in_the_exchange_have_unguessable_names(classroom):
    """nbgrader leaves a submission's files readable by all (the instructor must read them):
    what keeps them from the other participants is that nobody else can list inbound/ and
    each name ends in a random part."""
    hub = classroom["hub"]
    for entry in (hub.layout.exchange / COURSE_ID / "inbound").iterdir():
        random_part = entry.name.rsplit("+", 1)[1]
        assert len(random_part) >= 10, f"{entry.name}: the random part is too short to be safe"


def test_formgrader_is_on_the_instructors_server_only(classroom):
    hub = classroom["hub"]
    instructor = hub.user_api(hub.instructor).get("formgrader")
    participant = hub.user_api(hub.participants[0]).get("formgrader")
    assert instructor.status_code == 200, f"instructor's Formgrader: {instructor.status_code}"
    assert participant.status_code == 404, f"participant's Formgrader: {participant.status_code}"


def test_the_russian_language_pack_is_available(classroom):
    hub = classroom["hub"]
    languages = hub.user_api(hub.participants[0]).get("lab/api/translations/").json()["data"]
    assert "ru_RU" in languages, f"JupyterLab's languages: {sorted(languages)}"
