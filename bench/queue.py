"""Claim throughput: coordinators taking the next callback at once, on PostgreSQL and SQLite.

For 1, 8 and 32 concurrent claimers over 10,000 queued requests, each claimer loops "claim next,
record the outcome" for a fixed time. Reports claims per second and counts double claims (a
request handed out twice) — which must be 0. PostgreSQL comes from DATABASE_URL or
TEST_DATABASE_URL when reachable; SQLite always. The last line printed is one JSON object.

    .venv/bin/python bench/queue.py [--seconds 6] [--requests 10000]
"""

from __future__ import annotations

import sys
from pathlib import Path

# This file is named like the stdlib module `queue`; keep its folder off the import path.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse
import json
import os
import tempfile
import threading
import time
from collections import Counter
from datetime import datetime, timedelta, timezone

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

NOW = datetime(2026, 11, 23, 7, 0, tzinfo=timezone.utc)   # a Monday morning in Samara


def postgres_url() -> str | None:
    import database
    from settings import normalise_database_url

    url = os.environ.get("DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    if not url:
        return None
    url = normalise_database_url(url)
    try:
        database.empty_schema(url)
    except Exception as exc:  # noqa: BLE001 - "not reachable" is a normal outcome here
        print(f"PostgreSQL not reachable ({exc}); SQLite only", file=sys.stderr)
        return None
    return url


def fill(app, n: int) -> None:
    from sqlalchemy import delete, insert

    import database
    from callbacks.models import CallbackRequest, Transition
    from cases.models import Case

    with app.app_context():
        s = database.session()
        for model in (Case, Transition, CallbackRequest):
            s.execute(delete(model))
        rows = [dict(phone_e164=f"+7927{i:07d}", phone_source="caller_id", region="samara", needs=[],
                     urgency=("crisis" if i % 97 == 0 else "high" if i % 11 == 0 else "normal"), status="queued",
                     queue_band=0 if i % 97 == 0 else 1,
                     menu_choices={}, call_count=1, transcript_status="none", priority=10, classification={},
                     attempts=0, first_call_at=NOW - timedelta(minutes=i), created_at=NOW, updated_at=NOW,
                     due_at=NOW + timedelta(hours=(1 if i % 97 == 0 else 8 if i % 11 == 0 else 48)) - timedelta(minutes=i),
                     timezone="Europe/Samara") for i in range(n)]
        s.execute(insert(CallbackRequest), rows)
        s.commit()
        if s.get_bind().dialect.name == "postgresql":
            from sqlalchemy import text

            s.execute(text("ANALYZE callback_requests"))   # as autovacuum would after a busy morning
            s.commit()


def run(app, claimers: int, seconds: float) -> dict:
    import database
    from accounts.auth import create_user
    from accounts.models import User
    from callbacks import queue

    with app.app_context():
        s = database.session()
        users = [create_user(s, f"bench-{claimers}-{i}-{time.time_ns()}", "benchmark-password", "coordinator",
                             regions=["samara"]).id for i in range(claimers)]
        s.commit()
    claimed: list[int] = []
    lock = threading.Lock()
    errors: list[str] = []
    stop_at = time.perf_counter() + seconds

    def work(uid: int) -> None:
        mine = []
        try:
            with app.app_context():
                s = database.session()
                me = s.get(User, uid)
                while time.perf_counter() < stop_at:
                    req = queue.claim_next(s, me, NOW)
                    if req is None:
                        s.commit()
                        break
                    mine.append(req.id)
                    queue.record_outcome(s, req, "reached", me, NOW)
                    s.commit()
        except Exception as exc:  # noqa: BLE001 - reported in the JSON
            errors.append(f"{type(exc).__name__}: {exc}"[:200])
        with lock:
            claimed.extend(mine)

    t0 = time.perf_counter()
    threads = [threading.Thread(target=work, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    doubles = sum(n - 1 for n in Counter(claimed).values() if n > 1)
    return {"claimers": claimers, "claims": len(claimed), "seconds": round(elapsed, 2),
            "claims_per_second": round(len(claimed) / elapsed, 1), "double_claims": doubles, "errors": errors[:3]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seconds", type=float, default=6.0)
    ap.add_argument("--requests", type=int, default=10_000)
    args = ap.parse_args()
    import logging

    logging.disable(logging.WARNING)
    import database
    from app import create_app

    tmp = Path(tempfile.mkdtemp(prefix="bench-queue-"))
    backends = {"sqlite": f"sqlite:///{tmp / 'queue.db'}"}
    pg = postgres_url()
    if pg:
        backends["postgresql"] = pg
    results = {}
    for name, url in backends.items():
        database.upgrade(url)
        # Claiming never classifies: no rules warm-up, no model trained in the background
        # (training kept the process alive at exit and slowed the runs beside it).
        app = create_app({"database_url": url, "instance_dir": str(tmp / "instance"),
                          "classification": {"warm_up": False, "model": {"data": []}}})
        results[name] = []
        for claimers in (1, 8, 32):
            fill(app, args.requests)
            results[name].append(run(app, claimers, args.seconds))
            print(f"{name} {results[name][-1]}", file=sys.stderr)
        app.extensions["database"].dispose()
    print(json.dumps({"benchmark": "queue", "queued_requests": args.requests, "seconds_per_run": args.seconds,
                      "results": results,
                      "double_claims": {f"{db}-{r['claimers']}": r["double_claims"]
                                        for db, rows in results.items() for r in rows},
                      "total_double_claims": sum(r["double_claims"] for rows in results.values() for r in rows)}))


if __name__ == "__main__":
    main()
