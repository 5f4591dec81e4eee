"""Webhook throughput: whole hotline calls under gunicorn vs a bare one-insert Flask route.

Both servers run in the same run, same gunicorn settings, same client (which signs every request
like Twilio), so the ratio is meaningful on a noisy machine. Prints one JSON object.

    .venv/bin/python bench/webhook.py [--seconds 10] [--concurrency 8] [--database-url URL] [--while-training]

With --while-training the hotline starts with no trained classification model and is measured first while
it trains (a fresh install, or new corrections), then again once the model is in.
"""

from __future__ import annotations

import sys
from pathlib import Path

# bench/queue.py is named like the stdlib module `queue`; keep this folder off the import path.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse
import http.client
import json
import urllib.request
import multiprocessing as mp
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ivr.signature import sign  # noqa: E402

TOKEN = "bench-token"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(port: int, timeout: float = 30) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"server on {port} did not start")


def classification_health(port: int) -> dict:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=5) as r:
        return json.load(r)["classification"]


def wait_classifier(port: int, workers: int, what: str = "ready", timeout: float = 180) -> None:
    """Until /health says the classifier is `ready` (or has its `model`) on several answers in a row (any
    worker may answer). Measuring while a worker still loads would time the loading: fail instead."""
    deadline, in_a_row = time.time() + timeout, 0
    while in_a_row < 4 * workers:
        if time.time() > deadline:
            raise RuntimeError(f"the classifier had no {what} on port {port} after {timeout:.0f} s")
        try:
            in_a_row = in_a_row + 1 if classification_health(port)[what] else 0
        except OSError:
            in_a_row = 0
        time.sleep(0.05 if in_a_row else 0.5)


def train_once(instance_dir: Path) -> None:
    """Train the classification model here, into the service's cache, so each gunicorn worker loads
    it instead of all of them training at once (minutes of CPU on a 2-core machine)."""
    from classification.model import model_for
    from settings import load_settings

    settings = load_settings()
    model_for([settings.path(p) for p in settings.classification.model.data], instance_dir,
              settings.classification.model.vectors)


def gunicorn(app_spec: str, port: int, env: dict, workers: int, threads: int) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
           "--worker-class", "gthread", "--threads", str(threads), "--log-level", "warning", app_spec]
    clean = {k: v for k, v in os.environ.items() if k != "FLASK_RUN_FROM_CLI"}   # a test may have run the CLI
    proc = subprocess.Popen(cmd, cwd=str(ROOT), env={**clean, **env}, start_new_session=True)
    wait_ready(port)
    return proc


class Client:
    """One keep-alive connection, signing like Twilio. A failure is kept with what it was (status or
    exception, and the path), so a run with errors says why. A request whose reused connection the
    server had already closed (an idle keep-alive timing out) is sent once more on a new one, as any
    HTTP client pool does; those are counted apart, not as errors."""

    def __init__(self, port: int):
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.latencies: list[float] = []
        self.failures: Counter[str] = Counter()
        self.stale_retries = 0

    def _send(self, path: str, body: str, headers: dict[str, str]) -> http.client.HTTPResponse:
        reused = self.conn.sock is not None
        try:
            self.conn.request("POST", path, body, headers)
            return self.conn.getresponse()
        except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
            self.conn.close()
            if not reused:
                raise
            self.stale_retries += 1
            self.conn.request("POST", path, body, headers)
            return self.conn.getresponse()

    def post(self, path: str, params: dict[str, str]) -> str:
        body = urlencode(params)
        headers = {"Content-Type": "application/x-www-form-urlencoded",
                   "X-Twilio-Signature": sign(self.base + path, params, TOKEN)}
        where = path.split("?")[0]
        t0 = time.perf_counter()
        try:
            resp = self._send(path, body, headers)
            data = resp.read().decode()
        except (OSError, http.client.HTTPException) as exc:
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            self.failures[f"{type(exc).__name__} {where}"] += 1
            return ""
        self.latencies.append(time.perf_counter() - t0)
        if resp.status != 200:
            self.failures[f"HTTP {resp.status} {where}"] += 1
        return data


def hotline_call(client: Client, n: int) -> None:
    """One whole call: consent, category, need, region, silent recording, confirm, goodbye, status."""
    sid = "CA" + uuid.uuid4().hex
    base = {"CallSid": sid, "From": f"+7927{n % 10_000_000:07d}", "To": "+78003033030",
            "AccountSid": "AC" + "0" * 32, "CallStatus": "in-progress"}
    xml = client.post("/voice/incoming", base)
    for digits in ["1", "2", "3", "1", None, "1"]:
        try:
            root = ET.fromstring(xml)
        except ET.ParseError:
            return
        if digits is None:  # the record step, nothing said: Twilio follows the <Redirect>
            target, extra = root.find("Redirect").text, {}
        else:
            target, extra = root.find("Gather").get("action"), {"Digits": digits}
        xml = client.post(target, {**base, **extra})
    client.post("/voice/status", {**base, "CallStatus": "completed", "CallDuration": "95"})


def baseline_request(client: Client, n: int) -> None:
    client.post("/twiml", {"CallSid": "CA" + uuid.uuid4().hex, "From": "+79270000000", "Digits": "1"})


def _load_worker(args) -> dict:
    kind, port, seconds, threads, worker_id = args
    import threading

    results = []
    stop_at = time.time() + seconds

    def run(tid: int):
        client = Client(port)
        n = worker_id * 1_000_000 + tid * 10_000
        calls = 0
        while time.time() < stop_at:
            (hotline_call if kind == "hotline" else baseline_request)(client, n)
            n += 1
            calls += 1
        results.append((client.latencies, client.failures, calls, client.stale_retries))

    ts = [threading.Thread(target=run, args=(t,)) for t in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    lat = [x for r in results for x in r[0]]
    failures = sum((r[1] for r in results), Counter())
    return {"latencies": lat, "failures": dict(failures), "units": sum(r[2] for r in results),
            "stale_retries": sum(r[3] for r in results)}


def drive(kind: str, port: int, seconds: float, concurrency: int) -> dict:
    procs = 2
    per = max(1, concurrency // procs)
    t0 = time.perf_counter()
    with mp.Pool(procs) as pool:
        parts = pool.map(_load_worker, [(kind, port, seconds, per, i) for i in range(procs)])
    elapsed = time.perf_counter() - t0
    lat = sorted(x for p in parts for x in p["latencies"])
    q = statistics.quantiles(lat, n=100) if len(lat) > 1 else [0.0] * 99
    return {
        "requests": len(lat),
        "errors": sum(n for p in parts for n in p["failures"].values()),
        "error_kinds": dict(sum((Counter(p["failures"]) for p in parts), Counter())),
        "stale_connection_retries": sum(p["stale_retries"] for p in parts),
        "requests_per_s": round(len(lat) / elapsed, 1),
        "p50_ms": round(q[49] * 1000, 2),
        "p99_ms": round(q[98] * 1000, 2),
        ("calls" if kind == "hotline" else "inserts"): sum(p["units"] for p in parts),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--threads", type=int, default=8)
    ap.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", ""),
                    help="PostgreSQL URL (both servers use it); default: SQLite files")
    ap.add_argument("--while-training", action="store_true",
                    help="also measure the hotline while its classification model trains")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bench-webhook-"))
    servers = []
    try:
        import database

        if args.database_url:
            from settings import normalise_database_url
            db_url = baseline_url = normalise_database_url(args.database_url)
            database.empty_schema(db_url)
        else:
            db_url, baseline_url = f"sqlite:///{tmp / 'hotline.db'}", f"sqlite:///{tmp / 'baseline.db'}"
        database.upgrade(db_url)

        if not args.while_training:
            train_once(tmp / "instance")
        hot_port, base_port = free_port(), free_port()
        hot_env = {"DATABASE_URL": db_url, "TWILIO_AUTH_TOKEN": TOKEN,
                   "HOTLINE_PUBLIC_BASE_URL": f"http://127.0.0.1:{hot_port}",
                   "HOTLINE_INSTANCE_DIR": str(tmp / "instance"), "HOTLINE_IVR__RELOAD_CHECK_SECONDS": "2"}
        servers.append(gunicorn("app:create_app()", hot_port, hot_env, args.workers, args.threads))
        servers.append(gunicorn("bench.baseline_app:create_app()", base_port, {"BENCH_BASELINE_DB": baseline_url},
                                args.workers, args.threads))
        training = {}
        if args.while_training:
            started = time.time()
            training = drive("hotline", hot_port, args.seconds, args.concurrency)
            training["model_still_training_at_the_end"] = not classification_health(hot_port)["model"]
            wait_classifier(hot_port, args.workers, "model", timeout=600)
            training["model_ready_after_s"] = round(time.time() - started, 1)
        wait_classifier(hot_port, args.workers, "model")      # every worker has loaded its model
        drive("hotline", hot_port, 1.5, args.concurrency)      # warm-up: imports, flow load, caches
        drive("baseline", base_port, 1.5, args.concurrency)
        hotline = drive("hotline", hot_port, args.seconds, args.concurrency)
        baseline = drive("baseline", base_port, args.seconds, args.concurrency)
        print(json.dumps({
            "benchmark": "webhook",
            "database": "postgresql" if args.database_url else "sqlite",
            "concurrency": args.concurrency, "gunicorn": f"{args.workers}x{args.threads} gthread",
            "seconds": args.seconds,
            "hotline_full_calls": hotline,
            "baseline_one_insert": baseline,
            "ratio_requests_per_s": round(hotline["requests_per_s"] / baseline["requests_per_s"], 3),
            "ratio_p50": round(hotline["p50_ms"] / baseline["p50_ms"], 3) if baseline["p50_ms"] else None,
            "ratio_p99": round(hotline["p99_ms"] / baseline["p99_ms"], 3) if baseline["p99_ms"] else None,
            **({"hotline_while_model_trains": training,
                "ratio_while_training_requests_per_s": round(training["requests_per_s"] / hotline["requests_per_s"], 3),
                "ratio_while_training_p99":
                    round(training["p99_ms"] / hotline["p99_ms"], 3) if hotline["p99_ms"] else None}
               if training else {}),
        }))
    finally:
        for proc in servers:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=15)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
