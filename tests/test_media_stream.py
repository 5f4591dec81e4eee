"""Live transcription over a real WebSocket, fed Twilio-format μ-law frames like Twilio sends them."""

import base64
import json
import random
import subprocess
import threading
import time
from pathlib import Path

import numpy as np
import pytest
import soxr
from simple_websocket import Client
from sqlalchemy import select
from werkzeug.serving import make_server

import database
from ivr.models import Call
from ivr.signature import sign
from ivr.simulator import SimulatedCall
from tests.conftest import TOKEN
from tests.test_transcription import SENTENCE
from tests.twilio_standin import TwilioStandIn
from transcripts import audio, recogniser
from transcripts.models import Transcript

FRAME = 160  # 20 ms of 8 kHz μ-law, as Twilio sends


@pytest.fixture
def server(make_app, ko_model):
    srv = make_server("127.0.0.1", 0, None, threaded=True)
    port = srv.server_port
    app = make_app(transcription={"model_path": ko_model}, public_base_url=f"http://127.0.0.1:{port}")
    srv.app = app
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield app, port
    srv.shutdown()


@pytest.fixture
def ulaw(speech, tmp_path):
    out = tmp_path / "story.ul"
    subprocess.run(["sox", "-D", str(speech(SENTENCE, 8000)), "-t", "raw", "-e", "u-law", "-b", "8", str(out)],
                   check=True)
    return out.read_bytes()


def connect(port: int, token: str = TOKEN) -> Client:
    url = f"ws://127.0.0.1:{port}/voice/stream"
    return Client.connect(url, headers={"X-Twilio-Signature": sign(url, {}, token)})


def messages(call_sid: str, payload: bytes, stop: bool = True) -> list[dict]:
    stream = "MZ" + "0" * 32
    out = [{"event": "connected", "protocol": "Call", "version": "1.0.0"},
           {"event": "start", "sequenceNumber": "1", "streamSid": stream,
            "start": {"streamSid": stream, "callSid": call_sid, "tracks": ["inbound"], "customParameters": {},
                      "mediaFormat": {"encoding": "audio/x-mulaw", "sampleRate": 8000, "channels": 1}}}]
    for i in range(0, len(payload), FRAME):
        n = i // FRAME
        out.append({"event": "media", "sequenceNumber": str(n + 2), "streamSid": stream,
                    "media": {"track": "inbound", "chunk": str(n + 1), "timestamp": str(n * 20),
                              "payload": base64.b64encode(payload[i:i + FRAME]).decode()}})
    if stop:
        out.append({"event": "stop", "sequenceNumber": str(len(out)), "streamSid": stream,
                    "stop": {"callSid": call_sid}})
    return out


def a_call(app, caller="+79270000080") -> str:
    call = SimulatedCall(app, caller=caller)
    call.start()
    return call.sid


def live_transcript(app, call_sid: str, timeout: float = 20) -> Transcript:
    deadline = time.time() + timeout
    with app.app_context():
        while time.time() < deadline:
            s = database.session()
            row = s.scalars(select(Transcript).join(Call, Call.id == Transcript.call_id)
                            .where(Call.sid == call_sid, Transcript.source == "live")).first()
            s.commit()
            if row is not None:
                return row
            time.sleep(0.1)
    raise AssertionError("no live transcript stored")


def send_all(ws: Client, msgs: list[dict]) -> None:
    for m in msgs:
        ws.send(json.dumps(m))


def file_text(app, payload: bytes) -> str:
    pcm16 = audio.ulaw_to_pcm(payload)
    settings = app.config["SETTINGS"]
    loaded = recogniser.load_model(settings)
    wav = soxr.resample(pcm16.astype(np.float32) / 32768.0, 8000, loaded.rate, quality="HQ")
    pcm = audio.Pcm(np.clip(np.round(wav * 32767), -32768, 32767).astype(np.int16), loaded.rate, 8000, 1)
    return recogniser.transcribe(pcm, settings).text


def test_the_stream_gives_the_same_text_as_the_recorded_file(server, ulaw):
    app, port = server
    sid = a_call(app)
    ws = connect(port)
    send_all(ws, messages(sid, ulaw))
    ws.close()
    row = live_transcript(app, sid)
    assert row.status == "done" and row.text
    assert row.text == file_text(app, ulaw)
    assert row.words and row.audio_seconds == pytest.approx(len(ulaw) / 8000, abs=0.05)


def test_out_of_order_and_duplicated_frames_are_put_back_in_order(server, ulaw):
    app, port = server
    sid = a_call(app, "+79270000081")
    msgs = messages(sid, ulaw)
    head, media, tail = msgs[:2], msgs[2:-1], msgs[-1:]
    rng = random.Random(7)
    shuffled = []
    for i in range(0, len(media), 8):  # jitter within a small window, as a network does
        block = media[i:i + 8]
        rng.shuffle(block)
        shuffled += block
    shuffled.insert(10, shuffled[3])  # and one duplicate
    ws = connect(port)
    send_all(ws, head + shuffled + tail)
    ws.close()
    assert live_transcript(app, sid).text == file_text(app, ulaw)


def test_a_lost_frame_and_garbage_messages_do_not_stop_the_stream(server, ulaw):
    app, port = server
    sid = a_call(app, "+79270000082")
    msgs = messages(sid, ulaw)
    del msgs[30]                                           # a frame that never arrives
    msgs.insert(5, {"event": "media", "sequenceNumber": "x", "media": {"payload": "!!"}})
    ws = connect(port)
    send_all(ws, msgs)
    ws.send("this is not json")
    ws.close()
    row = live_transcript(app, sid)
    assert row.status == "done" and row.text


def test_a_dropped_socket_still_keeps_what_was_heard(server, ulaw):
    app, port = server
    sid = a_call(app, "+79270000083")
    ws = connect(port)
    send_all(ws, messages(sid, ulaw, stop=False))
    ws.close()                                             # no "stop": the caller's line dropped
    assert live_transcript(app, sid).text


def test_many_simultaneous_streams(server, ulaw):
    app, port = server
    sids = [a_call(app, f"+7927000009{i}") for i in range(4)]

    def stream(sid):
        ws = connect(port)
        send_all(ws, messages(sid, ulaw))
        ws.close()

    threads = [threading.Thread(target=stream, args=(sid,)) for sid in sids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    texts = {live_transcript(app, sid).text for sid in sids}
    assert texts == {file_text(app, ulaw)}


def test_an_unsigned_stream_is_refused(server):
    app, port = server
    from simple_websocket import ConnectionError as WebSocketRefused

    with pytest.raises(WebSocketRefused):
        ws = connect(port, token="wrong")
        ws.receive(timeout=2)


def test_the_record_step_starts_and_stops_the_stream(make_app):
    app = make_app(public_base_url="https://hotline.example.ru")
    call = SimulatedCall(app)
    call.start()
    for key in ("1", "1", "1", "1"):
        call.press(key)
    assert '<Stream name="story" track="inbound_track" url="wss://hotline.example.ru/voice/stream"' in call.xml
    call.record(None)
    assert '<Stop><Stream name="story"' in call.xml


def menu_messages(call_sid: str, payload: bytes, phrases: str, seq: str) -> list[dict]:
    msgs = messages(call_sid, payload)
    msgs[1]["start"]["customParameters"] = {"purpose": "menu", "seq": seq, "phrases": phrases}
    return msgs


def test_a_spoken_menu_answer_redirects_the_call_to_the_menu_step(make_app, ko_model, speech):
    api = TwilioStandIn()
    srv = make_server("127.0.0.1", 0, None, threaded=True)
    port = srv.server_port
    srv.app = make_app(transcription={"model_path": ko_model}, public_base_url="https://hotline.example.ru",
                       twilio={"api_base_url": api.url})
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        sid = "CA" + "e" * 32
        clip = Path(speech("네", 8000))
        ulaw_bytes = subprocess.run(["sox", "-D", str(clip), "-t", "raw", "-e", "u-law", "-b", "8", "-"],
                                    check=True, capture_output=True).stdout
        ws = Client.connect(f"ws://127.0.0.1:{port}/voice/stream",
                            headers={"X-Twilio-Signature": sign("wss://hotline.example.ru/voice/stream", {}, TOKEN)})
        send_all(ws, menu_messages(sid, ulaw_bytes, "네|아니요|병원", "4"))
        ws.close()
        deadline = time.time() + 10
        while not api.requests and time.time() < deadline:
            time.sleep(0.1)
        [(path, form, _auth)] = api.requests
        assert path == f"/2010-04-01/Accounts/AC{'1' * 32}/Calls/{sid}.json"
        assert form["Method"] == "POST"
        assert form["Url"] == "https://hotline.example.ru/voice/step?seq=4&speech=%EB%84%A4"
        with srv.app.app_context():
            assert database.session().scalars(select(Transcript)).all() == []   # not a story
    finally:
        srv.shutdown()
        api.close()


ROOT_URL = "https://hotline.example.ru"


@pytest.fixture
def telling_story(make_app):
    """A caller who has keyed through the menu and is telling the story, Twilio's API stood in."""
    api = TwilioStandIn()
    app = make_app(twilio={"api_base_url": api.url}, public_base_url=ROOT_URL)
    try:
        call = SimulatedCall(app, caller="+79270000099")
        call.start()
        for key in ("1", "1", "1", "1"):
            call.press(key)
        assert call.waiting_for == "Record"
        yield app, api, call
    finally:
        api.close()


def test_a_crisis_heard_mid_story_moves_the_call_to_the_crisis_node(telling_story):
    from transcripts.stream import warn_if_crisis

    app, api, call = telling_story
    with app.test_request_context():
        assert warn_if_crisis(call.sid, "мне нужна коляска и пандус", ROOT_URL) is False
        assert api.requests == []
        assert warn_if_crisis(call.sid, "мне нужна коляска а муж меня избивает каждый день", ROOT_URL) is True
    [(path, form, _auth)] = api.requests
    assert path.endswith(f"/Calls/{call.sid}.json")
    assert form["Url"] == f"{ROOT_URL}/voice/step?seq=5&interrupt=crisis"
    # Twilio follows the redirect: the story ends, the caller hears the crisis part of the flow
    call.xml = call.post("/voice/step?seq=5&interrupt=crisis")
    assert '<Stop><Stream name="story"' in call.xml and "112" in call.said
    call.hang_up()
    with app.app_context():
        from callbacks.models import CallbackRequest

        req = database.session().scalars(select(CallbackRequest)).one()
        assert req.urgency == "crisis" and req.priority >= 1000


def test_the_models_resemblance_alone_does_not_cut_the_story_short(telling_story, monkeypatch):
    """Only a crisis the caller named interrupts; the model's guess waits for the hang-up (queue top)."""
    from classification.classifier import Classifier
    from classification.model import Limits, StoryModel
    from tests.test_classification_model import RULES, TOY
    from transcripts.stream import warn_if_crisis

    app, api, call = telling_story
    guessing = Classifier(RULES, StoryModel.train(TOY), Limits(crisis=0.5))
    assert guessing.classify("огонь в сарае").urgency == "crisis"      # the model alone says so
    monkeypatch.setattr(app.extensions["classification"], "classifier", lambda: guessing)
    with app.test_request_context():
        assert warn_if_crisis(call.sid, "огонь в сарае", ROOT_URL) is False
        assert warn_if_crisis(call.sid, "огонь в сарае муж меня избивает", ROOT_URL) is True
    assert len(api.requests) == 1
