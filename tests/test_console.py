"""The console over HTTP: who may open what, logins and lockout, CSRF, audit, cases, click-to-call."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

import database
from accounts.models import AuditEvent, User
from callbacks.models import Attempt, CallbackRequest, LabelCorrection
from cases.models import Case, Organization
from ivr.models import Call, Recording
from ivr.signature import sign
from tests.conftest import MONDAY_MORNING, PASSWORD, TOKEN, Console, make_request
from tests.twilio_standin import TwilioStandIn


def seeded(app):
    """A request with a call, a stored recording and a case, an organization — ids for every route."""
    rid = make_request(app, "+79270002001")
    with app.app_context():
        s = database.session()
        call = s.scalars(select(Call).where(Call.callback_request_id == rid)).one()
        wav = app.config["SETTINGS"].path(app.config["SETTINGS"].recordings.dir)
        wav.mkdir(parents=True, exist_ok=True)
        (wav / "RE1.wav").write_bytes(b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x10\x00\x00\x00\x01\x00\x01\x00"
                                      b"\x40\x1f\x00\x00\x80\x3e\x00\x00\x02\x00\x10\x00data\x00\x00\x00\x00")
        rec = Recording(sid="RE" + "1" * 32, call_id=call.id, url="https://api.twilio.com/x", status="stored",
                        path=str(wav / "RE1.wav"))
        org = Organization(name="ЦСО Самары", kind="social_protection", region="samara", contacts="")
        s.add_all([rec, org])
        s.flush()
        user = s.scalars(select(User)).first()
        case = Case(request_id=rid, coordinator_id=user.id if user else 1)
        if user:
            s.add(case)
        s.commit()
        return {"request_id": rid, "recording_id": rec.id, "case_id": case.id if user else 1, "organization_id": org.id}


def console_rules(app):
    return [r for r in app.url_map.iter_rules() if r.endpoint.startswith("console.") and r.endpoint != "console.static"]


def fill(rule, ids) -> str:
    url = rule.rule
    for arg in rule.arguments:
        url = url.replace(f"<int:{arg}>", str(ids.get(arg, 1)))
    return url


def test_every_console_route_needs_a_login(app, console):
    ids = {"request_id": 1, "recording_id": 1, "case_id": 1}
    for rule in console_rules(app):
        url = fill(rule, ids)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            if rule.endpoint == "console.login":
                continue
            resp = console.client.open(url, method=method, data={"csrf_token": console.token()})
            assert resp.status_code == 302 and "/login" in resp.headers["Location"], (method, url)


# Which roles may use which endpoints (anything else: 403).
ALLOWED = {
    "coordinator": {"queue_page", "take_next", "request_card", "reveal_phone", "release", "call", "outcome",
                    "correct_labels", "add_note", "recording", "cases_page", "case_page", "case_need",
                    "case_referral", "case_task", "case_close", "case_note", "tasks_page", "organizations_page",
                    "logout", "login"},
    "supervisor": "all but users_page",
    "admin": {"queue_page", "request_card", "recording", "cases_page", "case_page", "supervisor_page",
              "organizations_page", "audit_page", "users_page", "logout", "login"},
}


@pytest.mark.parametrize("role", ["coordinator", "supervisor", "admin"])
def test_every_console_route_checks_the_role(app, role):
    c = Console(app).login_as(role, regions=("samara",))
    ids = seeded(app)
    allowed = ALLOWED[role]
    for rule in console_rules(app):
        name = rule.endpoint.split(".", 1)[1]
        if name in ("logout", "login"):  # public, and tested on their own
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            resp = c.client.open(fill(rule, ids), method=method, data={"csrf_token": c.token()})
            may = (name != "users_page") if allowed == "all but users_page" else name in allowed
            if name == "organizations_page" and method == "POST":
                may = role == "admin"
            if may:
                assert resp.status_code in (200, 302, 304, 206), (role, method, rule.rule, resp.status_code)
            else:
                assert resp.status_code == 403, (role, method, rule.rule, resp.status_code)


def test_coordinators_cannot_open_requests_or_recordings_of_other_regions(app):
    ids = seeded(app)   # the request is in Samara
    tambov = Console(app).login_as("coordinator", regions=("tambov",))
    assert tambov.get(f"/requests/{ids['request_id']}").status_code == 403
    assert tambov.get(f"/recordings/{ids['recording_id']}").status_code == 403
    samara = Console(app).login_as("coordinator", regions=("samara",))
    assert samara.get(f"/recordings/{ids['recording_id']}").status_code == 200


def test_views_of_transcripts_recordings_and_numbers_are_audited(app):
    ids = seeded(app)
    c = Console(app).login_as("coordinator")
    with app.app_context():
        s = database.session()
        from transcripts.models import Transcript

        call = s.scalars(select(Call).where(Call.callback_request_id == ids["request_id"])).one()
        s.add(Transcript(call_id=call.id, source="file", status="done", text="у меня вторая группа"))
        s.commit()
    assert "у меня вторая группа" in c.get(f"/requests/{ids['request_id']}").get_data(as_text=True)
    c.get(f"/recordings/{ids['recording_id']}")
    page = c.post(f"/requests/{ids['request_id']}/phone", follow_redirects=True).get_data(as_text=True)
    assert "+79270002001" in page
    with app.app_context():
        actions = [(e.action, e.user_id) for e in database.session().scalars(select(AuditEvent))]
    for action in ("view_transcript", "play_recording", "view_phone"):
        assert (action, c.user_id) in actions


def test_the_queue_shows_masked_numbers_and_sla(app, console):
    make_request(app, "+79270002011", urgency="high")
    page = console.login_as("coordinator").get("/").get_data(as_text=True)
    assert "+7 927 ***-**-11" in page and "+79270002011" not in page
    assert "осталось" in page and "Взять следующий" in page


# --- logging in ---------------------------------------------------------------------------------

def test_wrong_passwords_lock_the_account(app, console):
    uid = console.make_user("coordinator", username="ivanova")
    for _ in range(5):
        resp = console.post("/login", {"username": "ivanova", "password": "wrong password!"})
        assert resp.status_code == 401 and "Неверное имя пользователя или пароль" in resp.get_data(as_text=True)
    resp = console.post("/login", {"username": "ivanova", "password": PASSWORD})
    assert resp.status_code == 401 and "Слишком много неудачных попыток" in resp.get_data(as_text=True)
    with app.app_context():
        u = database.session().get(User, uid)
        assert u.locked_until is not None and not u.password_hash.startswith(PASSWORD[:5])
    app.config["CLOCK"] = lambda: MONDAY_MORNING + timedelta(minutes=20)
    assert console.post("/login", {"username": "ivanova", "password": PASSWORD}).status_code == 302


def test_unknown_users_get_the_same_answer(console):
    resp = console.post("/login", {"username": "nobody", "password": "whatever123"})
    assert resp.status_code == 401 and "Неверное имя пользователя или пароль" in resp.get_data(as_text=True)


def test_forms_without_a_csrf_token_are_refused(app):
    c = Console(app).login_as("coordinator")
    rid = make_request(app, "+79270002021")
    assert c.client.post("/queue/next").status_code == 400
    assert c.client.post(f"/requests/{rid}/notes", data={"text": "x"}).status_code == 400


def test_a_session_left_idle_expires(app):
    c = Console(app).login_as("coordinator")
    assert c.get("/").status_code == 200
    with c.client.session_transaction() as sess:
        sess["seen"] = sess["seen"] - 31 * 60
    resp = c.get("/")
    assert resp.status_code == 302 and "expired=1" in resp.headers["Location"]


def test_login_does_not_redirect_off_site(app, console):
    console.make_user("coordinator", username="petrova")
    resp = console.post("/login?next=https://evil.example/x", {"username": "petrova", "password": PASSWORD})
    assert resp.headers["Location"] == "/"


# --- working a request --------------------------------------------------------------------------

def test_take_next_call_record_outcome_and_open_a_case(app):
    rid = make_request(app, "+79270002031", needs=("benefits", "rehabilitation"))
    c = Console(app).login_as("coordinator")
    resp = c.post("/queue/next")
    assert resp.headers["Location"].endswith(f"/requests/{rid}")
    page = c.post(f"/requests/{rid}/call", {"method": "manual"}, follow_redirects=True).get_data(as_text=True)
    assert "+79270002031" in page
    resp = c.post(f"/requests/{rid}/outcome", {"outcome": "reached"})
    with app.app_context():
        s = database.session()
        case = s.scalars(select(Case)).one()
        assert resp.headers["Location"].endswith(f"/cases/{case.id}")
        assert sorted(n.need for n in case.needs) == ["benefits", "rehabilitation"]
        assert s.get(CallbackRequest, rid).status == "reached"


def test_corrections_are_kept_as_labelled_data(app):
    rid = make_request(app, "+79270002041", category="other", needs=("other",))
    c = Console(app).login_as("coordinator")
    c.post(f"/requests/{rid}/labels", {"category": "caregiver", "needs": ["home_care", "psychological"],
                                       "urgency": "high"})
    with app.app_context():
        s = database.session()
        req = s.get(CallbackRequest, rid)
        [fix] = s.scalars(select(LabelCorrection)).all()
    assert (req.category, req.needs, req.urgency) == ("caregiver", ["home_care", "psychological"], "high")
    assert fix.before["category"] == "other" and fix.after["urgency"] == "high" and fix.user_id == c.user_id


def test_a_case_closes_only_when_every_need_is_settled(app):
    ids = seeded(app)
    c = Console(app).login_as("coordinator")
    rid = make_request(app, "+79270002051", needs=("benefits", "home_care"), urgency="high")  # first in line
    assert c.post("/queue/next").headers["Location"].endswith(f"/requests/{rid}")
    c.post(f"/requests/{rid}/outcome", {"outcome": "reached"})
    with app.app_context():
        case = database.session().scalars(select(Case).where(Case.request_id == rid)).one()
        needs = {n.need: n.id for n in case.needs}
    page = c.post(f"/cases/{case.id}/close", follow_redirects=True).get_data(as_text=True)
    assert "Нельзя закрыть случай" in page
    c.post(f"/cases/{case.id}/referrals", {"need": "home_care", "organization_id": ids["organization_id"],
                                            "note": "соцработник"})
    with app.app_context():
        ref = database.session().scalars(select(Case).where(Case.id == case.id)).one().referrals[0]
    c.post(f"/cases/{case.id}/referrals", {"referral_id": ref.id, "status": "help_received"})
    page = c.post(f"/cases/{case.id}/needs", {"need_id": needs["benefits"], "status": "closed", "reason": ""},
                  follow_redirects=True).get_data(as_text=True)
    assert "только с причиной" in page
    c.post(f"/cases/{case.id}/needs", {"need_id": needs["benefits"], "status": "closed",
                                       "reason": "заявитель уже получает выплату"})
    c.post(f"/cases/{case.id}/close")
    with app.app_context():
        case = database.session().get(Case, case.id)
        assert case.status == "closed" and {n.status for n in case.needs} == {"resolved", "closed"}


def test_follow_up_tasks_show_in_my_list(app):
    rid = make_request(app, "+79270002061")
    c = Console(app).login_as("coordinator")
    c.post("/queue/next")
    c.post(f"/requests/{rid}/outcome", {"outcome": "reached"})
    with app.app_context():
        case_id = database.session().scalars(select(Case.id)).one()
    c.post(f"/cases/{case_id}/tasks", {"title": "Позвонить в МСЭ", "due": "2026-11-25T10:00"})
    assert "Позвонить в МСЭ" in c.get("/tasks").get_data(as_text=True)


def test_users_create_cli(app):
    result = app.test_cli_runner().invoke(args=["users", "create", "admin1", "--role", "admin",
                                                "--password", "a very long password"])
    assert result.exit_code == 0, result.output
    short = app.test_cli_runner().invoke(args=["users", "create", "x", "--role", "admin", "--password", "short"])
    assert short.exit_code == 1 and "не короче" in short.output
    bad_region = app.test_cli_runner().invoke(args=["users", "create", "y", "--role", "coordinator",
                                                    "--region", "mars", "--password", "a very long password"])
    assert bad_region.exit_code == 1 and "unknown region" in bad_region.output


# --- click to call through Twilio ---------------------------------------------------------------

@pytest.fixture
def twilio_api():
    api = TwilioStandIn()
    yield api
    api.close()


def twilio_post(app, path, params):
    url = "https://hotline.example.ru" + path
    return app.test_client().post(url, data=params, headers={"X-Twilio-Signature": sign(url, params, TOKEN)})


def test_click_to_call_rings_the_coordinator_then_bridges_to_the_citizen(make_app, twilio_api):
    app = make_app(twilio={"api_base_url": twilio_api.url}, public_base_url="https://hotline.example.ru")
    rid = make_request(app, "+79270002071")
    c = Console(app).login_as("coordinator", phone="+79270009999")
    c.post("/queue/next")
    page = c.post(f"/requests/{rid}/call", {"method": "twilio"}, follow_redirects=True).get_data(as_text=True)
    assert "Twilio звонит на ваш телефон" in page
    [(path, form, auth)] = twilio_api.requests
    assert path == f"/2010-04-01/Accounts/AC{'1' * 32}/Calls.json" and auth.startswith("Basic ")
    assert form["To"] == "+79270009999" and form["From"] == "+78003033030"
    assert re.match(r"https://hotline.example.ru/voice/bridge\?attempt=\d+$", form["Url"])
    attempt_id = form["Url"].rsplit("=", 1)[1]
    twiml = twilio_post(app, f"/voice/bridge?attempt={attempt_id}", {"CallSid": "CA" + "f" * 32}).get_data(as_text=True)
    assert '<Dial action="https://hotline.example.ru/voice/bridge-result?attempt=' in twiml
    assert 'callerId="+78003033030"' in twiml and '<Number machineDetection="Enable">+79270002071</Number>' in twiml
    # the citizen did not answer: the request waits for its retry, the attempt says why
    twilio_post(app, f"/voice/bridge-result?attempt={attempt_id}", {"CallSid": "CA" + "f" * 32,
                                                                     "DialCallStatus": "no-answer"})
    with app.app_context():
        s = database.session()
        assert s.get(CallbackRequest, rid).status == "waiting_retry"
        assert s.get(Attempt, int(attempt_id)).outcome == "no_answer"


def test_an_answering_machine_is_not_reached(make_app, twilio_api):
    app = make_app(twilio={"api_base_url": twilio_api.url}, public_base_url="https://hotline.example.ru")
    rid = make_request(app, "+79270002081")
    c = Console(app).login_as("coordinator", phone="+79270009998")
    c.post("/queue/next")
    c.post(f"/requests/{rid}/call", {"method": "twilio"})
    attempt_id = twilio_api.requests[0][1]["Url"].rsplit("=", 1)[1]
    twilio_post(app, f"/voice/bridge-result?attempt={attempt_id}",
                {"CallSid": "CA" + "f" * 32, "DialCallStatus": "completed", "AnsweredBy": "machine_end_beep"})
    with app.app_context():
        s = database.session()
        assert s.get(Attempt, int(attempt_id)).outcome == "voicemail"
        assert s.get(CallbackRequest, rid).status == "waiting_retry"


def test_when_the_coordinator_misses_twilios_call_the_request_stays_theirs(make_app, twilio_api):
    app = make_app(twilio={"api_base_url": twilio_api.url}, public_base_url="https://hotline.example.ru")
    rid = make_request(app, "+79270002091")
    c = Console(app).login_as("coordinator", phone="+79270009997")
    c.post("/queue/next")
    c.post(f"/requests/{rid}/call", {"method": "twilio"})
    attempt_id = twilio_api.requests[0][1]["Url"].rsplit("=", 1)[1]
    twilio_post(app, f"/voice/attempt-status?attempt={attempt_id}", {"CallSid": "CA" + "f" * 32,
                                                                       "CallStatus": "no-answer"})
    with app.app_context():
        req = database.session().get(CallbackRequest, rid)
        assert req.status == "claimed" and req.claimed_by_id == c.user_id


def test_without_twilio_the_coordinator_dials_by_hand(app):
    rid = make_request(app, "+79270002101")
    c = Console(app).login_as("coordinator", phone="+79270009996")
    c.post("/queue/next")
    with app.app_context():
        app.config["SETTINGS"].twilio.account_sid = ""
    page = c.post(f"/requests/{rid}/call", {"method": "twilio"}, follow_redirects=True).get_data(as_text=True)
    assert "наберите номер вручную" in page.lower()


def test_the_bridge_webhooks_need_a_twilio_signature(app):
    assert app.test_client().post("/voice/bridge?attempt=1", data={"CallSid": "x"}).status_code == 403


def test_admins_keep_the_directory(app):
    admin = Console(app).login_as("admin", regions=())
    admin.post("/organizations", {"name": "Фонд «Вера»", "kind": "ngo", "region": "", "contacts": "8-800"})
    with app.app_context():
        org = database.session().scalars(select(Organization)).one()
    assert org.active and org.kind == "ngo"
    admin.post("/organizations", {"organization_id": org.id, "name": org.name, "kind": org.kind, "region": "",
                                  "contacts": "8-800", "active": "0"})
    with app.app_context():
        assert database.session().get(Organization, org.id).active is False
    page = admin.post("/organizations", {"name": "", "kind": "ngo"}, follow_redirects=True).get_data(as_text=True)
    assert "Укажите название организации" in page


def test_console_pages_do_not_hold_sqlites_write_lock_but_actions_do(app):
    """Coordinators browsing must never make Twilio's webhooks wait (SQLite has one write lock)."""
    import sqlite3

    path = app.config["SETTINGS"].database_url.removeprefix("sqlite:///")

    def webhook_could_write() -> bool:
        other = sqlite3.connect(path, timeout=0.2, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
            return True
        except sqlite3.OperationalError:
            return False
        finally:
            other.close()

    with app.test_request_context("/", method="GET"):
        database.session().execute(select(CallbackRequest)).all()     # a page reading, transaction open
        assert webhook_could_write()
        database.session().rollback()
    with app.test_request_context("/queue/next", method="POST"):
        database.session().execute(select(CallbackRequest)).all()     # an action: claims need the lock
        assert not webhook_could_write()
        database.session().rollback()
