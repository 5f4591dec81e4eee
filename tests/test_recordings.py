"""The caller's story is fetched from Twilio by an rq job: with credentials, retried, never forgotten."""

import base64
import http.server
import struct
from datetime import timedelta
from pathlib import Path

import pytest
from redis import Redis
from rq import Queue
from sqlalchemy import select

import database
import jobs
from ivr.models import Recording
from ivr.recordings import RecordingFetchError, download_recording
from ivr.simulator import LocalServer, SimulatedCall
from ivr.sweeper import sweep
from tests.conftest import MONDAY_MORNING, callback_requests

ACCOUNT = "AC" + "1" * 32


def wav_bytes(seconds: float = 0.5, rate: int = 8000) -> bytes:
    frames = b"\x00\x00" * int(seconds * rate)
    header = b"RIFF" + struct.pack("<I", 36 + len(frames)) + b"WAVEfmt " + struct.pack(
        "<IHHIIHH", 16, 1, 1, rate, rate * 2, 2, 16) + b"data" + struct.pack("<I", len(frames))
    return header + frames


class FakeTwilioMedia(LocalServer):
    """A local stand-in for api.twilio.com's recording media: checks basic auth, can fail on cue."""

    def __init__(self, body: bytes = None, failures: int = 0, status: int = 500):
        self.body = body if body is not None else wav_bytes()
        self.failures, self.status, self.requests = failures, status, []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                outer.requests.append((self.path, self.headers.get("Authorization")))
                expected = "Basic " + base64.b64encode(f"{ACCOUNT}:test-auth-token".encode()).decode()
                if self.headers.get("Authorization") != expected:
                    self.send_error(401)
                    return
                if outer.failures > 0:
                    outer.failures -= 1
                    self.send_error(outer.status)
                    return
                self.send_response(200)
                self.send_header("Content-Length", str(len(outer.body)))
                self.end_headers()
                self.wfile.write(outer.body)

            def log_message(self, *a):
                pass

        super().__init__(Handler)



@pytest.fixture
def media():
    servers = []

    def start(**kw):
        servers.append(FakeTwilioMedia(**kw))
        return servers[-1]

    yield start
    for s in servers:
        s.close()


@pytest.fixture
def redis_app(make_app, redis_url, media):
    """An app on real Redis (flushed) whose Twilio media host is a local stand-in."""
    Redis.from_url(redis_url).flushdb()

    def build(**kw):
        server = media(**kw)
        app = make_app(redis_url=redis_url, twilio={"api_base_url": server.url},
                       recordings={"retry_intervals": [0, 0]})
        return app, server

    return build


def record_a_story(app, server, caller="+79270000050", send_callback=True) -> SimulatedCall:
    call = SimulatedCall(app, caller=caller, recording_host=server.url)
    call.start()
    for key in ("1", "1", "1", "1"):
        call.press(key)
    wav = Path(app.config["SETTINGS"].instance_dir) / "story.wav"
    wav.parent.mkdir(parents=True, exist_ok=True)
    wav.write_bytes(wav_bytes())
    call.record(wav, send_callback=send_callback)
    return call


def run_worker(app) -> None:
    with app.app_context():
        conn = jobs.redis()
        worker = jobs.AppWorker([Queue("default", connection=conn)], connection=conn)
        worker.app = app
        worker.work(burst=True, with_scheduler=False)


def recordings(app) -> list[Recording]:
    with app.app_context():
        return database.session().scalars(select(Recording)).all()


def test_completed_recording_is_downloaded_by_a_worker_with_credentials(redis_app):
    app, server = redis_app()
    call = record_a_story(app, server)
    call.press("1")
    call.hang_up()
    [rec] = recordings(app)
    assert rec.status == "pending" and rec.enqueued_at is not None
    run_worker(app)
    [rec] = recordings(app)
    assert rec.status == "stored" and Path(rec.path).read_bytes() == wav_bytes()
    assert server.requests[0][0].endswith(f"/Recordings/{rec.sid}.wav")
    assert callback_requests(app)[0]["has_recording"] is True


def test_a_failed_download_is_retried_by_rq_and_then_succeeds(redis_app):
    app, server = redis_app(failures=1)
    record_a_story(app, server)
    run_worker(app)
    [rec] = recordings(app)
    assert rec.status == "stored" and rec.attempts == 2 and len(server.requests) == 2


def test_a_download_that_keeps_failing_is_recorded_as_failed_with_the_reason(redis_app):
    app, server = redis_app(failures=10, status=404)
    record_a_story(app, server)
    run_worker(app)
    [rec] = recordings(app)
    assert rec.status == "failed" and rec.attempts == 3 and "404" in rec.error


def test_garbage_instead_of_audio_is_an_error_not_a_stored_file(redis_app):
    app, server = redis_app(body=b"<html>oops</html>")
    record_a_story(app, server)
    with app.app_context(), pytest.raises(RecordingFetchError, match="did not return a WAV"):
        download_recording(recordings(app)[0].id)
    [rec] = recordings(app)
    assert rec.status == "pending" and "WAV" in rec.error and rec.path is None


def test_only_the_twilio_host_is_ever_fetched(redis_app):
    app, server = redis_app()
    call = record_a_story(app, server)
    call.recording_host = "http://169.254.169.254"
    with app.app_context():
        rec = database.session().scalars(select(Recording)).one()
        rec.url = "http://169.254.169.254/latest/meta-data"
        database.session().commit()
        with pytest.raises(RecordingFetchError, match="not the Twilio API host"):
            download_recording(rec.id)
    assert server.requests == []


def test_redis_down_loses_nothing_and_the_sweeper_enqueues_later(make_app, media, redis_url):
    server = media()
    app = make_app(redis_url="redis://127.0.0.1:1/0", twilio={"api_base_url": server.url})
    call = record_a_story(app, server, caller="+79270000051")
    call.press("1")
    call.hang_up()
    assert len(callback_requests(app)) == 1                  # the caller is not lost
    [rec] = recordings(app)
    assert rec.status == "pending" and rec.enqueued_at is None
    # Redis is back (a restarted process has the right URL): the sweeper picks the recording up.
    Redis.from_url(redis_url).flushdb()
    healthy = make_app(redis_url=redis_url, twilio={"api_base_url": server.url})
    healthy.config["CLOCK"] = app.config["CLOCK"]
    with healthy.app_context():
        assert sweep(MONDAY_MORNING + timedelta(minutes=5))["recordings_enqueued"] == 1
    run_worker(healthy)
    assert recordings(healthy)[0].status == "stored"


def test_recording_known_only_from_the_record_action_is_not_lost(redis_app):
    app, server = redis_app()
    record_a_story(app, server, send_callback=False)   # the status callback never arrives
    [rec] = recordings(app)
    assert rec.status == "pending" and rec.enqueued_at is None
    with app.app_context():
        assert sweep(MONDAY_MORNING + timedelta(minutes=1))["recordings_enqueued"] == 0  # grace
        assert sweep(MONDAY_MORNING + timedelta(minutes=3))["recordings_enqueued"] == 1
    run_worker(app)
    assert recordings(app)[0].status == "stored"


def test_a_retried_recording_callback_enqueues_nothing_twice(redis_app):
    app, server = redis_app()
    call = record_a_story(app, server)
    rec = recordings(app)[0]
    extra = {"RecordingSid": rec.sid, "RecordingUrl": rec.url, "RecordingStatus": "completed"}
    call.post("/voice/recording", extra)
    with app.app_context():
        assert Queue("default", connection=jobs.redis()).count == 1
