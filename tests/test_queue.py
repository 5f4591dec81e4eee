"""The callback queue: order, local-time windows, atomic claims, outcomes, retries, regions."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

import database
from accounts.models import User
from callbacks import queue
from callbacks.models import Attempt, CallbackRequest, Transition
from tests.conftest import MONDAY_MORNING, Console, make_request

NOW = MONDAY_MORNING  # Monday 07:00 UTC = 10:00 Moscow/Samara… 11:00 Samara, 16:00 Yakutsk


@pytest.fixture
def app(make_app, backend):
    return make_app(backend)


def user(app, role="coordinator", regions=("samara",)) -> User:
    uid = Console(app).make_user(role, regions=regions)
    with app.app_context():
        return database.session().get(User, uid)


def claim(app, u: User, now=NOW):
    with app.app_context():
        s = database.session()
        u = s.get(User, u.id)
        req = queue.claim_next(s, u, now)
        s.commit()
        return req.id if req else None


def outcome(app, u: User, request_id: int, result: str, now=NOW):
    with app.app_context():
        s = database.session()
        req = s.get(CallbackRequest, request_id)
        queue.record_outcome(s, req, result, s.get(User, u.id), now)
        s.commit()


def get(app, request_id: int) -> CallbackRequest:
    with app.app_context():
        return database.session().get(CallbackRequest, request_id)


def test_crisis_first_then_sla_then_who_called_first(app):
    normal_old = make_request(app, "+79270001001", first_call_at=NOW - timedelta(hours=30))
    high_new = make_request(app, "+79270001002", urgency="high", first_call_at=NOW - timedelta(hours=1))
    child_normal = make_request(app, "+79270001003", category="seriously_ill_child", first_call_at=NOW - timedelta(hours=5))
    crisis_newest = make_request(app, "+79270001004", urgency="crisis", first_call_at=NOW)
    u = user(app)
    got = []
    for _ in range(4):
        rid = claim(app, u)
        got.append(rid)
        outcome(app, u, rid, "wrong_number")
    # high: due in 8 h → 07:00; ill child: 48 h × 0.5 = 24 h after 02:00; normal: 48 h after the day before
    assert got == [crisis_newest, high_new, normal_old, child_normal]


def test_calls_are_suggested_only_in_the_callers_local_window(app):
    late = NOW.replace(hour=15)   # 18:00 in Moscow, 19:00 in Samara, 00:00 in Yakutsk
    yakutsk = make_request(app, "+79270001011", region="yakutia")
    samara = make_request(app, "+79270001012", region="samara", first_call_at=NOW + timedelta(minutes=1))
    u = user(app, regions=("samara", "yakutia"))
    assert claim(app, u, late) == samara              # Yakutsk is asleep: skipped, not lost
    outcome(app, u, samara, "refused", late)
    assert claim(app, u, late) is None
    assert claim(app, u, NOW) == yakutsk              # 16:00 in Yakutsk


def test_a_crisis_is_suggested_at_any_hour(app):
    rid = make_request(app, "+79270001021", urgency="crisis", region="yakutia")
    assert claim(app, user(app, regions=("yakutia",)), NOW.replace(hour=18)) == rid   # 03:00 in Yakutsk


def test_the_time_the_caller_asked_for_is_respected(app):
    rid = make_request(app, "+79270001031", preferred_after=NOW + timedelta(hours=2))
    u = user(app)
    assert claim(app, u) is None
    assert claim(app, u, NOW + timedelta(hours=2)) == rid


def test_one_request_at_a_time_and_asking_again_returns_it(app):
    first = make_request(app, "+79270001041")
    make_request(app, "+79270001042")
    u = user(app)
    assert claim(app, u) == first and claim(app, u) == first


def test_an_abandoned_claim_returns_to_the_queue(app):
    rid = make_request(app, "+79270001051")
    a, b = user(app), user(app)
    assert claim(app, a) == rid
    assert claim(app, b, NOW + timedelta(minutes=5)) is None
    assert claim(app, b, NOW + timedelta(minutes=16)) == rid
    with app.app_context():
        reasons = database.session().scalars(select(Transition.reason).where(Transition.request_id == rid)).all()
    assert "claim expired" in reasons


def test_no_answer_is_retried_on_schedule_then_closed_as_unreachable(app):
    rid = make_request(app, "+79270001061")
    u = user(app)
    claim(app, u)
    outcome(app, u, rid, "no_answer")
    req = get(app, rid)
    assert req.status == "waiting_retry" and req.next_attempt_at == NOW + timedelta(hours=2)
    with app.app_context():
        s = database.session()
        assert queue.requeue_due(s, NOW + timedelta(hours=1)) == 0
        assert queue.requeue_due(s, NOW + timedelta(hours=2)) == 1
        s.commit()
    t2 = NOW + timedelta(hours=2)
    assert claim(app, u, t2) == rid
    outcome(app, u, rid, "voicemail", t2)          # an answering machine is not "reached"
    assert get(app, rid).next_attempt_at == t2 + timedelta(hours=24)
    with app.app_context():
        queue.requeue_due(database.session(), t2 + timedelta(hours=24))
        database.session().commit()
    t3 = t2 + timedelta(hours=24)
    assert claim(app, u, t3) == rid
    outcome(app, u, rid, "busy", t3)
    req = get(app, rid)
    assert req.status == "unreachable" and req.attempts == 3 and req.closed_at == t3


def test_every_transition_is_stored_with_who_and_when(app):
    rid = make_request(app, "+79270001071")
    u = user(app)
    claim(app, u)
    with app.app_context():
        s = database.session()
        req = s.get(CallbackRequest, rid)
        queue.start_call(s, req, s.get(User, u.id), NOW + timedelta(minutes=1))
        s.commit()
    outcome(app, u, rid, "reached", NOW + timedelta(minutes=5))
    with app.app_context():
        s = database.session()
        rows = s.scalars(select(Transition).where(Transition.request_id == rid).order_by(Transition.id)).all()
        assert [(t.from_status, t.to_status, t.user_id) for t in rows] == [
            ("queued", "claimed", u.id), ("claimed", "calling", u.id), ("calling", "reached", u.id)]
        [attempt] = s.scalars(select(Attempt).where(Attempt.request_id == rid)).all()
        assert attempt.outcome == "reached" and attempt.ended_at == NOW + timedelta(minutes=5)


def test_outcomes_only_by_the_holder(app):
    rid = make_request(app, "+79270001081")
    a, b = user(app), user(app)
    claim(app, a)
    with pytest.raises(queue.QueueError, match="не закреплена за вами"):
        outcome(app, b, rid, "refused")


def test_coordinators_see_their_regions_supervisors_all(app):
    make_request(app, "+79270001091", region="tambov")
    samara = make_request(app, "+79270001092", region="samara")
    assert claim(app, user(app, regions=("samara",))) == samara
    coordinator, supervisor = user(app, regions=("samara",)), user(app, "supervisor", regions=())
    with app.app_context():
        s = database.session()
        assert queue.waiting(s, coordinator, NOW) == []
        assert len(queue.waiting(s, supervisor, NOW)) == 1


def test_a_repeat_call_while_waiting_for_a_retry_merges(app, phone):
    rid = make_request(app, "+79270001101")
    u = user(app)
    claim(app, u)
    outcome(app, u, rid, "no_answer")
    phone("+79270001101").run(["1"])
    with app.app_context():
        reqs = database.session().scalars(select(CallbackRequest)).all()
    assert len(reqs) == 1 and reqs[0].call_count == 2 and reqs[0].status == "waiting_retry"


@pytest.mark.parametrize("n_requests,n_threads", [(1000, 20)])
def test_twenty_coordinators_at_once_never_share_a_request(app, n_requests, n_threads):
    """1,000 requests, 20 claimers clicking as fast as they can: no double claims, none left behind."""
    from callbacks.models import CallbackRequest as CR

    with app.app_context():
        s = database.session()
        s.add_all([CR(phone_e164=f"+7927{i:07d}", phone_source="caller_id", region="samara", needs=[],
                      urgency="normal", status="queued", menu_choices={}, first_call_at=NOW - timedelta(seconds=i),
                      created_at=NOW, updated_at=NOW, due_at=NOW + timedelta(hours=48), timezone="Europe/Samara")
                   for i in range(n_requests)])
        s.commit()
    users = [user(app) for _ in range(n_threads)]
    claimed: list[int] = []
    lock = threading.Lock()
    errors = []

    def work(u):
        try:
            with app.app_context():
                s = database.session()
                me = s.get(User, u.id)
                while True:
                    req = queue.claim_next(s, me, NOW)
                    if req is None:
                        s.commit()
                        return
                    rid = req.id
                    queue.record_outcome(s, req, "reached", me, NOW)
                    s.commit()
                    with lock:
                        claimed.append(rid)
        except Exception as exc:  # noqa: BLE001 - surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(claimed) == len(set(claimed)) == n_requests          # zero double claims, none left
    with app.app_context():
        s = database.session()
        assert s.scalars(select(CR).where(CR.status != "reached")).all() == []


def test_the_time_of_day_the_caller_chose_is_respected(app):
    rid = make_request(app, "+79270001111", region="samara", menu_choices={"callback_time": "evening"})
    u = user(app)
    assert claim(app, u) is None                              # 11:00 in Samara: too early
    assert claim(app, u, NOW.replace(hour=13)) == rid         # 17:00 in Samara: evening
