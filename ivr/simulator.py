"""A call simulator for admins: drives the real webhooks as Twilio would and says what the caller hears.

Each request is signed like Twilio signs it, so the whole path (signature check, flow engine,
call history, finalization, recording job) runs exactly as on a real call.
"""

from __future__ import annotations

import http.server
import threading
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional
from urllib.parse import urlsplit

from flask import Flask

from ivr.signature import sign

ACCOUNT_SID = "AC" + "0" * 32


@dataclass
class Heard:
    """One thing that happened on the line, for printing and for tests."""

    kind: str  # say | play | gather | record | dial | hangup | pressed | silence | hung_up
    text: str = ""


@dataclass
class SimulatedCall:
    app: Flask
    caller: str = "+79270000000"
    to: str = "+78003033030"
    sid: str = field(default_factory=lambda: "CA" + uuid.uuid4().hex)
    recording_host: Optional[str] = None
    heard: list[Heard] = field(default_factory=list)
    on_heard: Callable[[Heard], None] = lambda h: None
    status_code: int = 200

    def __post_init__(self):
        self.client = self.app.test_client()
        settings = self.app.config["SETTINGS"]
        self.base = (settings.public_base_url or "http://localhost").rstrip("/")
        self.token = settings.twilio.auth_token

    def _note(self, kind: str, text: str = "") -> None:
        item = Heard(kind, text)
        self.heard.append(item)
        self.on_heard(item)

    def post(self, path: str, extra: dict[str, str] | None = None) -> str:
        params = {"CallSid": self.sid, "AccountSid": ACCOUNT_SID, "From": self.caller, "To": self.to,
                  "Direction": "inbound", "CallStatus": "in-progress", **(extra or {})}
        url = path if path.startswith("http") else self.base + path
        headers = {"X-Twilio-Signature": sign(url, params, self.token)} if self.token else {}
        resp = self.client.post(url, data=params, headers=headers)
        self.status_code = resp.status_code
        return resp.get_data(as_text=True)

    def hang_up(self, duration: int = 60) -> None:
        self.post("/voice/status", {"CallStatus": "completed", "CallDuration": str(duration),
                                    "SequenceNumber": "0"})

    def run(self, digits: list[str], record: Optional[Path] = None, dial_status: str = "no-answer",
            hang_up_at_end: bool = True, max_steps: int = 60) -> list[Heard]:
        """Play a whole call: each Gather takes the next entry of `digits` ('' = silence);
        when the entries run out the caller hangs up."""
        queue = list(digits)
        xml = self.post("/voice/incoming")
        for _ in range(max_steps):
            nxt = self._play(xml, queue, record, dial_status)
            if nxt is None:
                break
            path, extra = nxt
            xml = self.post(path, extra)
        if hang_up_at_end:
            self.hang_up()
        return self.heard

    def _play(self, xml: str, queue: list[str], record: Optional[Path], dial_status: str):
        try:
            root = ET.fromstring(xml)
        except ET.ParseError:
            self._note("error", f"not TwiML (HTTP {self.status_code}): {xml[:200]}")
            return None
        for verb in root:
            if verb.tag in ("Say", "Play"):
                self._note(verb.tag.lower(), (verb.text or "").strip())
            elif verb.tag == "Gather":
                for inner in verb:
                    self._note(inner.tag.lower(), (inner.text or "").strip())
                self._note("gather", f"{'одна клавиша' if verb.get('numDigits') == '1' else 'цифры до #'}, {verb.get('timeout')} с")
                if not queue:
                    self._note("hung_up", "звонящий положил трубку")
                    return None
                pressed = queue.pop(0)
                self._note("pressed" if pressed else "silence", pressed)
                return verb.get("action"), {"Digits": pressed}
            elif verb.tag == "Record":
                self._note("record", f"до {verb.get('maxLength')} с, конец — {verb.get('finishOnKey')}")
                if record is None:
                    continue  # nothing said: Twilio goes on to the next verb
                return self._send_recording(verb, record)
            elif verb.tag == "Dial":
                self._note("dial", f"{(verb.text or '').strip()} → {dial_status}")
                return verb.get("action"), {"DialCallStatus": dial_status}
            elif verb.tag == "Redirect":
                return (verb.text or "").strip(), {}
            elif verb.tag == "Hangup":
                self._note("hangup", "звонок завершён")
                return None
        return None

    def _send_recording(self, verb: ET.Element, record: Path):
        rec_sid = "RE" + uuid.uuid4().hex
        url = f"{self.recording_host}/2010-04-01/Accounts/{ACCOUNT_SID}/Recordings/{rec_sid}"
        duration = str(max(1, record.stat().st_size // 16000))
        extra = {"RecordingSid": rec_sid, "RecordingUrl": url, "RecordingDuration": duration,
                 "RecordingStatus": "completed", "Digits": verb.get("finishOnKey") or "#"}
        self.post(verb.get("recordingStatusCallback") or "/voice/recording", extra)
        return verb.get("action"), extra


class RecordingServer:
    """Serves one local WAV file at any /Recordings/<sid>.wav path, standing in for Twilio's API."""

    def __init__(self, wav: Path):
        data = wav.read_bytes()

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                if not urlsplit(self.path).path.endswith(".wav"):
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "audio/x-wav")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
