"""hub/setup_hub.py without a hub: the participants' CSV, the proxy's pin, the Jupyter settings
it writes, and `course release` into nbgrader's exchange. Fast, and no root needed (the real hub
is tests/test_hub.py)."""

from __future__ import annotations

import json
import os
import pwd
from pathlib import Path

import pytest
from hub_helpers import setup_hub

from course_grading.collect import _handed_in_by_someone_else
from course_grading.exchange import release_assignments

M00 = "m00_getting_started"


def _csv(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "participants.csv"
    path.write_bytes(text.encode(encoding))
    return path


def _error(path: Path) -> str:
    with pytest.raises(setup_hub.SetupError) as caught:
        setup_hub.read_participants(path)
    return str(caught.value)


# -- the participants' CSV ------------------------------------------------------------------------


def test_participants_csv_gives_usernames_and_names(tmp_path):
    path = _csv(tmp_path, "username,name\naigerim_n,Айгерим Нурланова\nnurlan_a1,\n")
    assert setup_hub.read_participants(path) == [
        setup_hub.Participant("aigerim_n", "Айгерим Нурланова"),
        setup_hub.Participant("nurlan_a1", ""),
    ]


def test_participants_csv_from_excel_with_bom_and_semicolons_is_read(tmp_path):
    path = _csv(tmp_path, "\ufeffUsername;Name\r\naigerim_n;Айгерим\r\n")
    assert setup_hub.read_participants(path) == [setup_hub.Participant("aigerim_n", "Айгерим")]


def test_participants_csv_without_username_column_says_what_the_header_must_be(tmp_path):
    message = _error(_csv(tmp_path, "name,email\nАйгерим,a@example.kz\n"))
    assert "row 1" in message and "username,name" in message, message


def test_unusable_username_is_reported_with_its_row_and_a_suggestion(tmp_path):
    message = _error(_csv(tmp_path, "username,name\naigerim_n,A\nNurlan Aliev,Nurlan Aliev\n"))
    assert "participants.csv, row 3" in message, message
    assert "'Nurlan Aliev' is not a usable username" in message
    assert "'nurlan_aliev'" in message, "the message should suggest a usable username"


def test_duplicate_username_names_the_row_it_repeats(tmp_path):
    message = _error(_csv(tmp_path, "username\naigerim_n\nnurlan_a1\naigerim_n\n"))
    assert "row 4: 'aigerim_n' is already on row 2" in message, message


def test_every_problem_of_the_csv_is_reported_at_once(tmp_path):
    message = _error(_csv(tmp_path, "username,name\n1abc,\n,Нурлан\nok_name,\nBAD,\n"))
    assert [line.split(":")[0] for line in message.splitlines()] == [
        f"{tmp_path / 'participants.csv'}, row {n}" for n in (2, 3, 5)
    ], message


def test_csv_in_another_encoding_is_refused_with_how_to_save_it(tmp_path):
    message = _error(_csv(tmp_path, "username,name\naigerim_n,Айгерим\n", encoding="cp1251"))
    assert "not UTF-8" in message and "CSV UTF-8" in message, message


def test_csv_with_only_a_header_is_refused(tmp_path):
    assert "no participants" in _error(_csv(tmp_path, "username,name\n"))


def test_setup_refuses_an_instructor_who_is_also_a_participant(tmp_path, capsys):
    path = _csv(tmp_path, "username\naigul\nnurlan_a1\n")
    status = setup_hub.main(["setup", "--participants", str(path), "--instructor", "aigul"])
    assert status == 2
    assert "'aigul' is also listed as a participant" in capsys.readouterr().err


def test_check_command_counts_the_participants(tmp_path, capsys):
    path = _csv(tmp_path, "username\naigerim_n\nnurlan_a1\n")
    assert setup_hub.main(["check", str(path)]) == 0
    assert "2 participants, all usable" in capsys.readouterr().out


# -- configurable-http-proxy's pin --------------------------------------------------------------


@pytest.mark.parametrize(
    ("node", "proxy"), [(18, "4.6.3"), (19, "4.6.3"), (20, "5.2.0"), (22, "5.2.0")]
)
def test_proxy_version_is_pinned_to_one_that_runs_on_the_installed_node(node, proxy):
    assert setup_hub.proxy_version(node) == proxy


def test_node_older_than_18_is_refused():
    with pytest.raises(setup_hub.SetupError, match="Node 18 or newer"):
        setup_hub.proxy_version(16)


# -- the Jupyter settings of participants and instructor ------------------------------------


@pytest.fixture
def jupyter_settings(tmp_path):
    layout = setup_hub.Layout(etc=tmp_path / "etc", exchange=tmp_path / "exchange")
    return setup_hub.write_jupyter_config(layout)


def _server_extensions(folder: str) -> dict:
    config = json.loads((Path(folder) / "jupyter_server_config.json").read_text())
    return config["ServerApp"]["jpserver_extensions"]


def test_participants_have_no_formgrader(jupyter_settings):
    extensions = _server_extensions(jupyter_settings["participant"])
    assert extensions["nbgrader.server_extensions.formgrader"] is False
    page = json.loads(
        (Path(jupyter_settings["participant"]) / "labconfig/page_config.json").read_text()
    )
    assert page["disabledExtensions"]["@jupyter/nbgrader:formgrader"] is True


def test_the_instructor_keeps_formgrader(jupyter_settings):
    assert _server_extensions(jupyter_settings["instructor"]) == {}


def test_both_roles_know_the_course_id_and_the_exchange(jupyter_settings, tmp_path):
    for folder in jupyter_settings.values():
        config = (Path(folder) / "nbgrader_config.py").read_text()
        assert "c.CourseDirectory.course_id = 'civic-channels'" in config
        assert f"c.Exchange.root = {str(tmp_path / 'exchange')!r}" in config


# -- course release into the exchange ------------------------------------------------------------


@pytest.mark.grading
def test_release_to_the_exchange_puts_the_exercise_in_outbound(course_copy):
    result = release_assignments(course_copy, [M00])
    assert result.released == [M00] and not result.failed, result.failed
    outbound = course_copy / "grading" / "exchange" / "civic-channels" / "outbound" / M00
    assert (outbound / f"{M00}.ipynb").read_bytes() == (
        course_copy / "exercises" / M00 / f"{M00}.ipynb"
    ).read_bytes()


@pytest.mark.grading
def test_releasing_again_replaces_the_outbound_copy(course_copy):
    release_assignments(course_copy, [M00])
    again = release_assignments(course_copy, [M00])
    assert again.released == [M00] and not again.failed, again.failed


# -- collect from the exchange: who really handed it in -----------------------------------------


def _exchange_submission(tmp_path: Path, claimed: str, owner_uid: int) -> tuple[Path, Path]:
    """An inbound folder named after `claimed`, owned by `owner_uid`, and its collected copy."""
    stamp = "2025-05-14 09:30:00.000000 UTC"
    inbound = tmp_path / "exchange" / "civic-channels" / "inbound"
    source = inbound / f"{claimed}+{M00}+{stamp}+abcdefghij12"
    source.mkdir(parents=True)
    os.chown(source, owner_uid, -1)
    collected = tmp_path / "submitted" / claimed / M00
    collected.mkdir(parents=True)
    (collected / "timestamp.txt").write_text(stamp)
    return inbound, collected


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to give a folder to another account")
def test_a_submission_handed_in_under_another_accounts_name_is_not_imported(tmp_path):
    nobody = pwd.getpwnam("nobody").pw_uid
    inbound, collected = _exchange_submission(tmp_path, "daemon", owner_uid=nobody)
    reason = _handed_in_by_someone_else(inbound, "daemon", M00, collected)
    assert reason.startswith("handed in under daemon's name by nobody"), reason


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to give a folder to another account")
def test_a_submission_owned_by_the_named_participant_is_imported(tmp_path):
    daemon = pwd.getpwnam("daemon").pw_uid
    inbound, collected = _exchange_submission(tmp_path, "daemon", owner_uid=daemon)
    assert _handed_in_by_someone_else(inbound, "daemon", M00, collected) == ""


def test_names_that_are_no_account_here_are_not_checked(tmp_path):
    """On a laptop the 'exchange' holds copies the instructor made: no owner to compare."""
    inbound, collected = _exchange_submission(tmp_path, "zarina_no_such_user", os.getuid())
    assert _handed_in_by_someone_else(inbound, "zarina_no_such_user", M00, collected) == ""
