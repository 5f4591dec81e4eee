"""An rq worker (the service's own) that drains the queues once, then prints its job count and
peak memory as JSON — for bench/transcribe.py."""

import sys
from pathlib import Path

# bench/queue.py is named like the stdlib module `queue`; keep this folder off the import path.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]


import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rq import Queue  # noqa: E402

import jobs  # noqa: E402
from app import create_app  # noqa: E402



class CountingWorker(jobs.AppWorker):
    performed = 0

    def perform_job(self, job, queue):
        CountingWorker.performed += 1
        return super().perform_job(job, queue)


app = create_app()
with app.app_context():
    jobs.preload(app)
    ready = time.time()
    conn = jobs.redis()
    worker = CountingWorker([Queue(q, connection=conn) for q in app.config["SETTINGS"].worker.queues],
                            connection=conn)
    worker.app = app
    worker.work(burst=True, with_scheduler=False, logging_level="WARNING")
print(json.dumps({"jobs": CountingWorker.performed, "ready_at": ready, "done_at": time.time(),
                  "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}))
