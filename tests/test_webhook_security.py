"""Only Twilio gets in, and no input — however wrong — makes a webhook answer 500."""

import pytest

from ivr.signature import sign
from ivr.simulator import SimulatedCall
from tests.conftest import TOKEN, callback_requests

WEBHOOKS = ["/voice/incoming", "/voice/step?seq=1", "/voice/status", "/voice/recording"]
SID = "CA" + "b" * 32


def params(**extra):
    return {"CallSid": SID, "From": "+79270000030", "To": "+78003033030", "CallStatus": "in-progress", **extra}


def signed_post(client, path, data, base="http://localhost", token=TOKEN, **kw):
    return client.post(base + path, data=data, headers={"X-Twilio-Signature": sign(base + path, data, token)}, **kw)


@pytest.mark.parametrize("path", WEBHOOKS)
def test_missing_signature_is_rejected(client, path):
    assert client.post(path, data=params()).status_code == 403


@pytest.mark.parametrize("path", WEBHOOKS)
def test_signature_with_the_wrong_token_is_rejected(client, path):
    assert signed_post(client, path, params(), token="not-the-token").status_code == 403


def test_signature_over_other_parameters_is_rejected(client):
    data = params()
    headers = {"X-Twilio-Signature": sign("http://localhost/voice/incoming", data, TOKEN)}
    tampered = {**data, "From": "+79990000000"}
    assert client.post("/voice/incoming", data=tampered, headers=headers).status_code == 403


def test_rejected_requests_leave_no_trace(app, client):
    client.post("/voice/status", data=params(CallStatus="completed"))
    assert callback_requests(app) == []


def test_behind_a_tls_proxy_the_public_url_is_what_counts(make_app):
    app = make_app(public_base_url="https://hotline.example.ru")
    client = app.test_client()
    data = params()
    # Twilio signed the public https URL; the app itself is reached over plain http.
    good = sign("https://hotline.example.ru/voice/incoming", data, TOKEN)
    assert client.post("/voice/incoming", data=data, headers={"X-Twilio-Signature": good}).status_code == 200
    internal = sign("http://localhost/voice/incoming", data, TOKEN)
    assert client.post("/voice/incoming", data=data, headers={"X-Twilio-Signature": internal}).status_code == 403


def test_trusted_proxy_headers_rebuild_the_public_url(make_app):
    app = make_app(web={"trusted_proxies": 1})
    client = app.test_client()
    data = params()
    sig = sign("https://hotline.example.ru/voice/incoming", data, TOKEN)
    resp = client.post("/voice/incoming", data=data, headers={
        "X-Twilio-Signature": sig, "X-Forwarded-Proto": "https", "X-Forwarded-Host": "hotline.example.ru"})
    assert resp.status_code == 200


def test_signature_check_can_be_turned_off_for_development_only_explicitly(make_app, caplog):
    app = make_app(twilio={"validate_signatures": False})
    assert "SIGNATURE CHECK IS OFF" in caplog.text
    assert app.test_client().post("/voice/incoming", data=params()).status_code == 200


def test_without_an_auth_token_everything_is_rejected(make_app):
    app = make_app(twilio={"auth_token": ""})
    assert app.test_client().post("/voice/incoming", data=params()).status_code == 403


# --- bad input --------------------------------------------------------------------------------

@pytest.mark.parametrize("path", WEBHOOKS)
def test_missing_call_sid_is_a_400(client, path):
    data = {"From": "+79270000030"}
    resp = signed_post(client, path, data)
    assert resp.status_code == 400 and b"CallSid" in resp.data


@pytest.mark.parametrize("sid", ["", "CA123", "XX" + "b" * 32, "CA" + "z" * 32])
def test_malformed_call_sid_is_a_400(client, sid):
    assert signed_post(client, "/voice/incoming", params(CallSid=sid)).status_code == 400


def test_step_for_an_unknown_call_starts_the_flow_for_it(app, client):
    resp = signed_post(client, "/voice/step?seq=7", params(Digits="1"))
    assert resp.status_code == 200 and "Социальный координатор" in resp.get_data(as_text=True)


@pytest.mark.parametrize("seq", ["", "abc", "0", "-1", "99"])
def test_bad_step_numbers_are_a_400(app, seq):
    call = SimulatedCall(app, sid=SID)
    call.start()
    assert signed_post(app.test_client(), f"/voice/step?seq={seq}", params(Digits="1")).status_code == 400


def test_huge_bodies_are_refused(client):
    resp = signed_post(client, "/voice/incoming", params(Junk="x" * 200_000))
    assert resp.status_code == 413


@pytest.mark.parametrize("content_type,body", [("application/json", '{"CallSid": "x"}'),
                                               ("text/plain", "CallSid=x"),
                                               ("multipart/form-data; boundary=x", "--x--")])
def test_wrong_content_type_is_a_415(client, content_type, body):
    resp = client.post("/voice/incoming", data=body, headers={"Content-Type": content_type})
    assert resp.status_code == 415


def test_get_is_refused(client):
    assert client.get("/voice/incoming").status_code == 405


def test_recording_callback_validates_its_parameters(app):
    call = SimulatedCall(app, sid=SID)
    call.start()
    client = app.test_client()
    bad_sid = params(RecordingSid="nope", RecordingUrl="https://api.twilio.com/x")
    assert signed_post(client, "/voice/recording", bad_sid).status_code == 400
    not_http = params(RecordingSid="RE" + "c" * 32, RecordingUrl="file:///etc/passwd")
    assert signed_post(client, "/voice/recording", not_http).status_code == 400
    unknown = params(CallSid="CA" + "d" * 32, RecordingSid="RE" + "c" * 32, RecordingUrl="https://api.twilio.com/x")
    assert signed_post(client, "/voice/recording", unknown).status_code == 400
