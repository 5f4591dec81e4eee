"""The benchmarks still run and print their JSON (short runs; the figures themselves are in notes)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_bench(script: str, *args: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "TEST_DATABASE_URL")}
    out = subprocess.run([sys.executable, str(ROOT / "bench" / script), *args], cwd=str(ROOT), env=env,
                         capture_output=True, text=True, timeout=240)
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_classify_bench():
    report = run_bench("classify.py", "--rounds", "1")
    assert report["warm"]["n"] > 400 and report["ratio_median_vs_floor"] > 0


def test_queue_bench_counts_double_claims():
    report = run_bench("queue.py", "--seconds", "0.5", "--requests", "300")
    assert report["total_double_claims"] == 0 and report["results"]["sqlite"][0]["claims"] > 0


def test_webhook_bench_compares_with_its_baseline_and_answers_while_the_model_trains():
    report = run_bench("webhook.py", "--seconds", "1", "--concurrency", "2", "--while-training")
    for calls in report["hotline_full_calls"], report["hotline_while_model_trains"]:
        assert calls["errors"] == 0, calls["error_kinds"]
        assert calls["calls"] > 0
    assert report["hotline_while_model_trains"]["model_still_training_at_the_end"]
    assert report["ratio_requests_per_s"] > 0 and report["ratio_while_training_requests_per_s"] > 0
