"""Vosk, loaded once per process: free transcription with word timings, and phrase lists (grammar).

A KaldiRecognizer is expensive to build (~4x slower decoding when made per file), so each
thread keeps one per model and calls Reset() between files.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Optional

from settings import Settings
from transcripts import audio
from transcripts.audio import Pcm

log = logging.getLogger(__name__)
_RATE = re.compile(r"--sample-frequency=(\d+)")


class ModelUnavailable(Exception):
    """No usable Vosk model; the message says why and how to install one."""


@dataclass
class Transcription:
    text: str
    words: list[dict[str, Any]]
    confidence: Optional[float]
    model: str
    audio_seconds: float
    decode_seconds: float

    @property
    def real_time_factor(self) -> float:
        return self.decode_seconds / self.audio_seconds if self.audio_seconds else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "words": self.words, "confidence": self.confidence, "model": self.model,
                "audio_seconds": round(self.audio_seconds, 3), "decode_seconds": round(self.decode_seconds, 3),
                "real_time_factor": round(self.real_time_factor, 4)}


def model_path(settings: Settings) -> Path:
    t = settings.transcription
    if t.model_path:
        return settings.path(t.model_path)
    source = t.catalog.get(t.model)
    return settings.path(t.models_dir) / (source.dir if source else t.model)


def model_rate(path: Path) -> int:
    """The sample rate the model was trained on (its MFCC config), 16 kHz when unstated."""
    conf = path / "conf" / "mfcc.conf"
    found = _RATE.search(conf.read_text()) if conf.exists() else None
    return int(found.group(1)) if found else 16000


def deterministic_view(path: Path, workdir: Path) -> Path:
    """The model with Kaldi's random feature dither off, so the same audio always gives the same text.

    Vosk has no option for it, so a folder of links to the model's parts is made with a copy of
    conf/ that adds --dither=0; the model itself is never changed.
    """
    conf = path / "conf" / "mfcc.conf"
    if not conf.exists() or "--dither=0" in conf.read_text():
        return path
    view = workdir / f"{path.name}-{hashlib.sha256(str(path).encode()).hexdigest()[:10]}"
    if not (view / "conf" / "mfcc.conf").exists():
        staging = workdir / f".{view.name}.{os.getpid()}"
        shutil.rmtree(staging, ignore_errors=True)
        (staging / "conf").mkdir(parents=True)
        for entry in path.iterdir():
            if entry.name != "conf":
                (staging / entry.name).symlink_to(entry.resolve())
        for entry in (path / "conf").iterdir():
            shutil.copy(entry, staging / "conf" / entry.name)
        with open(staging / "conf" / "mfcc.conf", "a") as fh:
            fh.write("\n--dither=0\n")
        try:
            staging.rename(view)
        except OSError:  # another process made it first
            shutil.rmtree(staging, ignore_errors=True)
    return view


@dataclass
class LoadedModel:
    model: Any
    path: Path
    rate: int
    name: str
    deterministic: bool = False
    local: threading.local = field(default_factory=threading.local)

    def prepare(self, samples, dither: Optional["audio.Dither"] = None) -> bytes:
        """PCM bytes for AcceptWaveform, with the reproducible dither when the model needs it."""
        if self.deterministic:
            samples = (dither or audio.Dither()).apply(samples)
        return samples.astype("<i2").tobytes()


@dataclass
class Reusable:
    """A recogniser kept for the thread; Vosk's word times keep counting across Reset()."""

    recogniser: Any
    fed_seconds: float = 0.0


_models: dict[Path, LoadedModel] = {}
_lock = threading.Lock()


def load_model(settings: Settings) -> LoadedModel:
    """The configured model, loaded on first use and kept for the life of the process."""
    path = model_path(settings).resolve()
    loaded = _models.get(path)
    if loaded is not None:
        return loaded
    if not settings.transcription.enabled:
        raise ModelUnavailable("transcription is switched off (transcription.enabled: false)")
    if not (path / "am").is_dir() and not (path / "conf").is_dir():
        raise ModelUnavailable(f"no Vosk model at {path}; install one with "
                               f"`flask --app app models install {settings.transcription.model}`")
    with _lock:
        if path not in _models:
            import vosk

            vosk.SetLogLevel(-1)
            t0 = time.perf_counter()
            load_from = path
            if settings.transcription.deterministic:
                load_from = deterministic_view(path, settings.path(settings.instance_dir) / "vosk")
            try:
                model = vosk.Model(str(load_from))
            except Exception as exc:  # vosk raises a bare Exception when the files are broken
                raise ModelUnavailable(f"the model at {path} does not load: {exc}") from exc
            _models[path] = LoadedModel(model, path, model_rate(path), path.name,
                                        deterministic=load_from != path)
            log.info("Vosk model %s loaded in %.1f s", path.name, time.perf_counter() - t0)
    return _models[path]


def status(settings: Settings) -> dict[str, Any]:
    """What /health and `models check` say: is transcription available, and if not, why."""
    try:
        loaded = load_model(settings)
    except ModelUnavailable as exc:
        return {"available": False, "model": settings.transcription.model,
                "path": str(model_path(settings)), "reason": str(exc)}
    return {"available": True, "model": loaded.name, "path": str(loaded.path), "rate": loaded.rate}


def _recogniser(loaded: LoadedModel, grammar: Optional[tuple[str, ...]] = None) -> Reusable:
    """This thread's recogniser for the model (and phrase list), reset and ready."""
    import vosk

    cache = loaded.local.__dict__.setdefault("recognisers", {})
    reusable = cache.get(grammar)
    if reusable is None:
        if grammar is None:
            rec = vosk.KaldiRecognizer(loaded.model, loaded.rate)
            rec.SetWords(True)
        else:
            rec = new_grammar_recogniser(loaded, grammar)
        if len(cache) > 32:
            cache.clear()
        reusable = cache[grammar] = Reusable(rec)
    else:
        reusable.recogniser.Reset()
    return reusable


def new_recogniser(loaded: LoadedModel):
    """A recogniser of its own, for a live stream that lasts the whole call."""
    import vosk

    rec = vosk.KaldiRecognizer(loaded.model, loaded.rate)
    rec.SetWords(True)
    return rec


class ResultCollector:
    """Gathers Vosk's JSON results (final segments) into one transcription."""

    def __init__(self, offset: float = 0.0):
        self.offset = offset
        self.texts: list[str] = []
        self.words: list[dict[str, Any]] = []

    def add(self, result_json: str) -> None:
        result = json.loads(result_json)
        if result.get("text"):
            self.texts.append(result["text"])
        self.words.extend(
            {"word": w["word"], "start": round(w["start"] - self.offset, 3),
             "end": round(w["end"] - self.offset, 3),
             "conf": round(w["conf"], 4)}
            for w in result.get("result", [])
        )

    def finish(self, model: str, audio_seconds: float, decode_seconds: float) -> Transcription:
        confidence = (sum(w["conf"] for w in self.words) / len(self.words)) if self.words else None
        return Transcription(" ".join(self.texts), self.words,
                             round(confidence, 4) if confidence is not None else None,
                             model, audio_seconds, decode_seconds)


def transcribe(pcm: Pcm, settings: Settings) -> Transcription:
    """Free decoding of a whole recording: text, words with times and confidence."""
    loaded = load_model(settings)
    if pcm.rate != loaded.rate:
        raise ValueError(f"audio at {pcm.rate} Hz given to a {loaded.rate} Hz model")
    reusable = _recogniser(loaded)
    rec = reusable.recogniser
    collector = ResultCollector(offset=reusable.fed_seconds)
    data = loaded.prepare(pcm.samples)
    step = int(loaded.rate * settings.transcription.chunk_seconds) * 2
    t0 = time.perf_counter()
    for offset in range(0, len(data), step):
        if rec.AcceptWaveform(data[offset:offset + step]):
            collector.add(rec.Result())
    collector.add(rec.FinalResult())
    reusable.fed_seconds += pcm.seconds
    return collector.finish(loaded.name, pcm.seconds, time.perf_counter() - t0)


def recognise_phrase(pcm: Pcm, phrases: Iterable[str], settings: Settings) -> Optional[str]:
    """Which of `phrases` was said (grammar mode: only these words, or [unk]); None if none."""
    loaded = load_model(settings)
    grammar = grammar_of(phrases)
    rec = _recogniser(loaded, grammar).recogniser
    rec.AcceptWaveform(loaded.prepare(pcm.samples))
    return match_phrase(json.loads(rec.FinalResult()).get("text", ""), grammar)


def grammar_of(phrases: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted({p.lower().strip() for p in phrases if p.strip()}))


def match_phrase(text: str, grammar: Iterable[str]) -> Optional[str]:
    """The longest phrase of the list heard in `text` (Vosk's grammar output), if any."""
    said = f" {' '.join(text.replace('[unk]', ' ').split())} "
    return next((p for p in sorted(grammar, key=len, reverse=True) if f" {p} " in said), None)


def new_grammar_recogniser(loaded: LoadedModel, grammar: tuple[str, ...]):
    import vosk

    return vosk.KaldiRecognizer(loaded.model, loaded.rate, json.dumps(list(grammar) + ["[unk]"],
                                                                      ensure_ascii=False))
