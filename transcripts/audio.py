"""Audio in, 16-bit mono PCM at the model's rate out — whatever the phone network delivered.

Twilio recordings are 8 kHz WAV; Media Streams send 8 kHz μ-law; admins may try any file.
μ-law is a companded 8-bit code, not PCM: it is expanded with the G.711 table first.
Decoding files is libsndfile's job (soundfile), resampling is libsoxr's (soxr).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
import soundfile as sf
import soxr


class AudioError(Exception):
    """The input is not audio we can read; the message says what is wrong with it."""


def _ulaw_table() -> np.ndarray:
    """G.711 μ-law byte -> linear 16-bit sample (ITU-T G.711, as in every telephone codec)."""
    codes = ~np.arange(256, dtype=np.int32) & 0xFF
    sign = codes & 0x80
    exponent = (codes >> 4) & 0x07
    mantissa = codes & 0x0F
    magnitude = ((mantissa << 3) + 0x84) << exponent
    return np.where(sign != 0, 0x84 - magnitude, magnitude - 0x84).astype(np.int16)


ULAW_TO_PCM = _ulaw_table()


def ulaw_to_pcm(data: bytes) -> np.ndarray:
    return ULAW_TO_PCM[np.frombuffer(data, dtype=np.uint8)]


@dataclass
class Pcm:
    """Mono 16-bit samples at `rate`; `source_rate` and `channels` describe what came in."""

    samples: np.ndarray
    rate: int
    source_rate: int
    channels: int

    @property
    def seconds(self) -> float:
        return len(self.samples) / self.rate if self.rate else 0.0

    def tobytes(self) -> bytes:
        return self.samples.astype("<i2").tobytes()


def _to_int16(x: np.ndarray) -> np.ndarray:
    return np.clip(np.round(x * 32767.0), -32768, 32767).astype(np.int16)


def load(data: bytes | str, rate: int, max_seconds: float | None = None) -> Pcm:
    """Decode a file (WAV of any encoding incl. μ-law/A-law, FLAC, OGG, MP3…) to mono PCM at `rate`."""
    source = io.BytesIO(data) if isinstance(data, (bytes, bytearray)) else data
    try:
        info = sf.info(source)
        if isinstance(source, io.BytesIO):
            source.seek(0)
        if max_seconds is not None and info.duration > max_seconds:
            raise AudioError(f"audio is {info.duration:.0f} s long; the limit is {max_seconds:.0f} s")
        frames, source_rate = sf.read(source, dtype="float32", always_2d=True)
    except (sf.LibsndfileError, RuntimeError, TypeError) as exc:
        raise AudioError(f"not a readable audio file: {exc}") from exc
    channels = frames.shape[1]
    mono = frames.mean(axis=1) if channels > 1 else frames[:, 0]
    if source_rate != rate and len(mono):
        mono = soxr.resample(mono, source_rate, rate, quality="HQ")
    return Pcm(_to_int16(mono), rate, source_rate, channels)


_DITHER = np.round(np.random.default_rng(20261123).normal(0.0, 1.0, 1 << 16)).astype(np.int32)


class Dither:
    """Kaldi's feature dither made reproducible: the same ~1 LSB noise at the same sample index.

    Used with the model's own (random) dither switched off, so the same audio always decodes to
    the same text — whether it arrives as a file or as a live stream in 20 ms pieces.
    """

    def __init__(self):
        self.position = 0

    def apply(self, samples: np.ndarray) -> np.ndarray:
        index = (np.arange(len(samples)) + self.position) % len(_DITHER)
        self.position += len(samples)
        return np.clip(samples.astype(np.int32) + _DITHER[index], -32768, 32767).astype(np.int16)


class StreamConverter:
    """Chunks of 8 kHz μ-law (Twilio Media Streams) -> PCM bytes at the model's rate, as they come."""

    def __init__(self, rate: int, source_rate: int = 8000):
        self.rate = rate
        self.source_rate = source_rate
        self._stream = soxr.ResampleStream(source_rate, rate, 1, dtype="float32", quality="HQ") \
            if rate != source_rate else None

    def feed(self, ulaw: bytes, last: bool = False) -> bytes:
        pcm = ulaw_to_pcm(ulaw).astype(np.float32) / 32768.0
        if self._stream is not None:
            pcm = self._stream.resample_chunk(pcm, last=last)
        return _to_int16(pcm).astype("<i2").tobytes()

    def flush(self) -> bytes:
        return self.feed(b"", last=True)
