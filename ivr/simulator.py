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
    xml: str = ""

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

    # --- one step at a time (tests drive calls like this) ----------------------------------

    def start(self) -> str:
        return self._answer(self.post("/voice/incoming"))

    def press(self, keys: str) -> str:
        """Answer the menu the caller is in; '' is silence until the timeout."""
        verb = self._waiting("Gather")
        self._note("pressed" if keys else "silence", keys)
        return self._answer(self.post(verb.get("action"), {"Digits": keys}))

    def record(self, wav: Optional[Path] = None, send_callback: bool = True) -> str:
        """Speak at the recording step (a WAV file), or stay silent (None)."""
        verb = self._waiting("Record")
        if wav is None:
            redirect = self._root().find("Redirect")
            return self._answer(self.post((redirect.text or "").strip()))
        rec_sid = "RE" + uuid.uuid4().hex
        url = f"{self.recording_host}/2010-04-01/Accounts/{ACCOUNT_SID}/Recordings/{rec_sid}"
        extra = {"RecordingSid": rec_sid, "RecordingUrl": url,
                 "RecordingDuration": str(max(1, wav.stat().st_size // 16000)),
                 "Digits": verb.get("finishOnKey") or "#"}
        xml = self._answer(self.post(verb.get("action"), extra))
        if send_callback:
            self.post(verb.get("recordingStatusCallback") or "/voice/recording",
                      {**extra, "RecordingStatus": "completed"})
        return xml

    def dial_result(self, status: str) -> str:
        verb = self._waiting("Dial")
        return self._answer(self.post(verb.get("action"), {"DialCallStatus": status}))

    def hang_up(self, duration: int = 60) -> None:
        self._note("hung_up", "звонящий положил трубку")
        self.post("/voice/status", {"CallStatus": "completed", "CallDuration": str(duration),
                                    "SequenceNumber": "0"})

    @property
    def waiting_for(self) -> Optional[str]:
        """The verb the call waits on: Gather, Record, Dial, Hangup — or None (not TwiML)."""
        root = self._root()
        if root is None:
            return None
        for verb in root:
            if verb.tag in ("Gather", "Record", "Dial", "Hangup"):
                return verb.tag
        return None

    @property
    def said(self) -> str:
        """Everything the caller heard in the last answer, as one text."""
        root = self._root()
        return " ".join((el.text or "").strip() for el in root.iter("Say")) if root is not None else ""

    # --- a whole call ---------------------------------------------------------------------

    def run(self, digits: list[str], record: Optional[Path] = None, dial_status: str = "no-answer",
            max_steps: int = 60) -> list[Heard]:
        """Each menu takes the next entry of `digits` ('' = silence); when they run out the
        caller hangs up, as people do."""
        keys = list(digits)
        self.start()
        for _ in range(max_steps):
            verb = self.waiting_for
            if verb == "Gather" and keys:
                self.press(keys.pop(0))
            elif verb == "Record":
                self.record(record)
            elif verb == "Dial":
                self.dial_result(dial_status)
            else:
                break
        self.hang_up()
        return self.heard

    # --- reading TwiML ----------------------------------------------------------------------

    def _root(self) -> Optional[ET.Element]:
        try:
            return ET.fromstring(self.xml)
        except ET.ParseError:
            return None

    def _waiting(self, tag: str) -> ET.Element:
        root = self._root()
        verb = root.find(tag) if root is not None else None
        if verb is None:
            raise AssertionError(f"the call is not waiting on <{tag}>: {self.xml[:300]}")
        return verb

    def _answer(self, xml: str) -> str:
        self.xml = xml
        root = self._root()
        if root is None:
            self._note("error", f"не TwiML (HTTP {self.status_code}): {xml[:200]}")
            return xml
        for verb in root:
            for el in [verb, *verb]:
                if el.tag in ("Say", "Play"):
                    self._note(el.tag.lower(), (el.text or "").strip())
            if verb.tag == "Gather":
                self._note("gather", f"{'одна клавиша' if verb.get('numDigits') == '1' else 'цифры до #'},"
                                     f" {verb.get('timeout')} с")
            elif verb.tag == "Record":
                self._note("record", f"до {verb.get('maxLength')} с, конец — {verb.get('finishOnKey')}")
            elif verb.tag == "Dial":
                self._note("dial", (verb.text or "").strip())
            elif verb.tag == "Hangup":
                self._note("hangup", "звонок завершён")
        return xml


class LocalServer:
    """A loopback HTTP server in a daemon thread, for stand-ins of Twilio's hosts (here and in tests)."""

    def __init__(self, handler: type[http.server.BaseHTTPRequestHandler]):
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class RecordingServer(LocalServer):
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

        super().__init__(Handler)
