"""A local stand-in for Twilio's REST API (api.twilio.com): records every request the service makes.

Creating a call (POST …/Calls.json) answers 201 with a new call SID; updating one
(POST …/Calls/CA….json) answers 200 with that SID — enough for the official `twilio` client.
"""

from __future__ import annotations

import http.server
import json
from urllib.parse import parse_qs

from ivr.simulator import LocalServer

CALL_SID = "CA" + "f" * 32


class TwilioStandIn(LocalServer):
    def __init__(self):
        self.requests: list[tuple[str, dict, str | None]] = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
                form = {k: v if len(v) > 1 else v[0] for k, v in parse_qs(body).items()}
                outer.requests.append((self.path, form, self.headers.get("Authorization")))
                creating = self.path.endswith("/Calls.json")
                sid = CALL_SID if creating else self.path.rsplit("/", 1)[-1].removesuffix(".json")
                data = json.dumps({"sid": sid, "status": "queued" if creating else "in-progress",
                                   "to": form.get("To"), "from": form.get("From")}).encode()
                self.send_response(201 if creating else 200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *a):
                pass

        super().__init__(Handler)

