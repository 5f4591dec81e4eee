"""Admins edit the flow live: valid edits are picked up, broken ones never reach callers."""

import os
from pathlib import Path

from ivr.simulator import SimulatedCall


def flow_file(app) -> Path:
    return Path(app.config["SETTINGS"].ivr.flows["default"])


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))  # a visibly newer file


def test_a_valid_edit_is_served_without_a_restart(app):
    SimulatedCall(app).start()
    edit(flow_file(app), "Здравствуйте!", "Добрый день!")
    call = SimulatedCall(app)
    call.start()
    assert call.said.startswith("Добрый день!")


def test_a_broken_edit_is_refused_and_the_old_flow_keeps_serving(app, caplog):
    SimulatedCall(app).start()
    edit(flow_file(app), "next: check_hours", "next: chek_hours")
    call = SimulatedCall(app)
    call.start()
    assert call.said.startswith("Здравствуйте!")
    assert "INVALID" in caplog.text and "chek_hours" in caplog.text
    assert app.test_client().get("/health").get_json()["flows"] == {"default": False}


def test_calls_in_progress_finish_on_the_version_they_started_with(app):
    early = SimulatedCall(app, caller="+79270000040")
    early.start()
    edit(flow_file(app), "Кому нужна помощь?", "О ком ваш вопрос?")
    late = SimulatedCall(app, caller="+79270000041")
    late.start()
    early.press("1")
    late.press("1")
    assert early.said.startswith("Кому нужна помощь?")
    assert late.said.startswith("О ком ваш вопрос?")


def test_a_version_started_elsewhere_is_loaded_from_the_database(app, make_app):
    early = SimulatedCall(app, caller="+79270000042")
    early.start()
    edit(flow_file(app), "Кому нужна помощь?", "О ком ваш вопрос?")
    # Another web process (a fresh app on the same database) only knows the new file.
    other = make_app()
    assert other is not app
    early.app, early.client = other, other.test_client()
    early.press("1")
    assert early.said.startswith("Кому нужна помощь?")


def test_invalid_flow_at_start_up_serves_the_last_stored_valid_version(app, make_app):
    SimulatedCall(app).start()
    edit(flow_file(app), "type: hangup", "type: hangpu")
    restarted = make_app()
    call = SimulatedCall(restarted)
    call.start()
    assert call.said.startswith("Здравствуйте!")


def test_no_valid_flow_at_all_still_answers_the_caller_safely(make_app, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: x\nstart: nowhere\nnodes: {}\n", encoding="utf-8")
    app = make_app(flow=broken)
    call = SimulatedCall(app, caller="+79270000043")
    call.start()
    assert call.status_code == 200 and "техническая ошибка" in call.said
    from tests.conftest import callback_requests

    assert len(callback_requests(app)) == 1
