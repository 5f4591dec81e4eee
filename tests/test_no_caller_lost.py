"""Every call that left a reachable number ends as exactly one callback request — whatever failed."""

import sqlite3
import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select

import database
from ivr.models import Call, CallEvent
from ivr.simulator import SimulatedCall
from ivr.sweeper import sweep
from tests.conftest import MONDAY_MORNING, callback_requests


@pytest.fixture
def app(make_app, backend):
    return make_app(backend)


def count(app, model) -> int:
    with app.app_context():
        return database.session().scalar(select(func.count()).select_from(model))


def test_hang_up_mid_menu_keeps_what_was_collected(app, phone):
    call = phone("+79270000010")
    call.start()
    call.press("1")
    call.press("2")                      # seriously ill child; then the caller hangs up
    call.hang_up()
    [req] = callback_requests(app)
    assert req["category"] == "seriously_ill_child" and req["needs"] == []
    assert req["phone"] == "+79270000010" and req["phone_source"] == "caller_id"


def test_twilio_retries_of_a_step_change_nothing_and_hear_the_same(app, phone):
    call = phone("+79270000011")
    first = call.start()
    again = call.post("/voice/incoming")
    assert again == first
    action = call._waiting("Gather").get("action")
    answer = call.press("1")
    assert call.post(action, {"Digits": "1"}) == answer          # retried step
    assert call.post(action, {"Digits": "9"}) == answer          # even with other digits
    call.press("3")
    call.hang_up()
    [req] = callback_requests(app)
    assert req["category"] == "seriously_ill_adult" and req["urgency"] == "normal"
    with app.app_context():
        steps = database.session().scalars(
            select(CallEvent.dedupe_key).where(CallEvent.kind.in_(["incoming", "step"]))).all()
    assert sorted(steps) == ["step:1", "step:2", "step:3"]


def test_duplicate_status_callbacks_create_nothing_twice(app, phone):
    call = phone("+79270000012")
    call.start()
    for _ in range(3):
        call.hang_up()
    call.post("/voice/status", {"CallStatus": "completed", "SequenceNumber": "1"})
    assert len(callback_requests(app)) == 1
    assert count(app, Call) == 1


def test_concurrent_duplicate_deliveries_make_one_call_and_one_request(app):
    calls = [SimulatedCall(app, caller="+79270000013", sid="CA" + "a" * 32) for _ in range(6)]
    barrier = threading.Barrier(len(calls))
    results = []

    def deliver(c):
        barrier.wait()
        results.append(c.post("/voice/status", {"CallStatus": "completed", "SequenceNumber": "3"}))

    threads = [threading.Thread(target=deliver, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all("<Response" in r for r in results)
    assert count(app, Call) == 1
    assert len(callback_requests(app)) == 1


def test_repeat_call_while_open_is_merged_not_duplicated(app, phone):
    phone("+79270000014").run(["1", "1", "1"])
    second = phone("+79270000014")
    second.run(["9", "2", "1"])
    [req] = callback_requests(app)
    assert req["call_count"] == 2 and len(req["call_sids"]) == 2
    assert req["urgency"] == "crisis"                 # the urgency only ever rises
    assert req["needs"] == ["medical"]


def test_simultaneous_calls_from_one_number_end_in_one_request(app):
    calls = [SimulatedCall(app, caller="+79270000015") for _ in range(5)]
    for c in calls:
        c.start()
    barrier = threading.Barrier(len(calls))

    def end(c):
        barrier.wait()
        c.hang_up()

    threads = [threading.Thread(target=end, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    [req] = callback_requests(app)
    assert req["call_count"] == 5


def test_a_failing_webhook_answers_an_apology_and_still_queues_the_callback(app, phone, monkeypatch):
    from ivr import engine

    call = phone("+79270000016")
    call.start()
    call.press("1")

    def broken(*_a, **_kw):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(engine.Engine, "resume", broken)
    action = call._waiting("Gather").get("action")
    call.press("2")
    assert call.status_code == 200 and "техническая ошибка" in call.said and call.waiting_for == "Hangup"
    assert call.post(action, {"Digits": "2"}) == call.xml       # a retry hears the same apology
    [req] = callback_requests(app)
    assert req["phone"] == "+79270000016"
    with app.app_context():
        errors = database.session().scalars(select(CallEvent).where(CallEvent.kind == "error")).all()
    assert len(errors) == 1 and "disk on fire" in errors[0].detail


def test_a_webhook_locked_out_of_the_database_answers_before_twilio_gives_up(make_app, tmp_path):
    """Another writer holds SQLite's lock: the webhook gives up after `ivr.db_lock_wait_seconds` (twice at
    most: its work, then recording the failure), the caller hears the apology well inside Twilio's 15 s,
    and the sweeper queues the callback once the lock is free."""
    app = make_app(ivr={"db_lock_wait_seconds": 1})
    call = SimulatedCall(app, caller="+79270000019")
    call.start()
    call.press("1")
    holder = sqlite3.connect(tmp_path / "hotline.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        started = time.monotonic()
        call.press("2")
        waited = time.monotonic() - started
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert call.status_code == 200 and "техническая ошибка" in call.said and call.waiting_for == "Hangup"
    assert waited < 15
    with app.app_context():
        assert sweep(MONDAY_MORNING + timedelta(minutes=30))["calls_finalized"] == 1
    [req] = callback_requests(app)
    assert req["phone"] == "+79270000019"


def test_status_callback_for_a_call_we_never_saw_still_queues_it(app):
    SimulatedCall(app, caller="89270000017").hang_up()
    [req] = callback_requests(app)
    assert req["phone"] == "+79270000017"


def test_silent_call_is_finalized_by_the_sweeper(app, phone):
    call = phone("+79270000018")
    call.start()
    call.press("1")                      # then the status callback is lost
    assert callback_requests(app) == []
    with app.app_context():
        assert sweep(MONDAY_MORNING + timedelta(minutes=5))["calls_finalized"] == 0
        assert sweep(MONDAY_MORNING + timedelta(minutes=30))["calls_finalized"] == 1
        assert sweep(MONDAY_MORNING + timedelta(minutes=60))["calls_finalized"] == 0
    assert len(callback_requests(app)) == 1


def test_sweeper_waits_longer_during_a_transfer_to_an_operator(app, phone):
    call = phone("+79270000019")
    call.start()
    call.press("9")
    call.press("1")
    assert call.waiting_for == "Dial"
    with app.app_context():
        assert sweep(MONDAY_MORNING + timedelta(minutes=30))["calls_finalized"] == 0
        assert sweep(MONDAY_MORNING + timedelta(hours=5))["calls_finalized"] == 1
    assert callback_requests(app)[0]["urgency"] == "crisis"


def test_every_webhook_step_is_in_the_call_history(app, phone):
    call = phone("+79270000020")
    call.run(["1", "5", "2", "1", "1"])
    with app.app_context():
        c = database.session().scalars(select(Call)).one()
        kinds = [e.kind for e in c.events]
        assert kinds[0] == "incoming" and kinds.count("step") >= 5 and kinds[-1] == "status"
        assert c.outcome == "callback_queued" and c.finalized_at is not None
