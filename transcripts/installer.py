"""Installing a Vosk model archive: download with progress and resume, SHA-256 check, atomic unpack.

A half-finished download is kept as `<name>.zip.part` and resumed with an HTTP Range request;
the model directory appears only when the whole archive is verified and unpacked.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Callable, Optional

import requests

Progress = Callable[[int, Optional[int]], None]
CHUNK = 64 * 1024  # small enough that an interrupted download keeps most of what arrived


class InstallError(Exception):
    """The model could not be installed; nothing half-installed is left in its place."""


def _sha256_of(path: Path) -> "hashlib._Hash":
    digest = hashlib.sha256()
    if path.exists():
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(CHUNK), b""):
                digest.update(block)
    return digest


def download(url: str, part: Path, progress: Progress, timeout: float = 60) -> "hashlib._Hash":
    """Fetch `url` into `part`, continuing from what is already there; returns the running hash."""
    digest = _sha256_of(part)
    have = part.stat().st_size if part.exists() else 0
    headers = {"Range": f"bytes={have}-"} if have else {}
    try:
        with requests.get(url, headers=headers, stream=True, timeout=timeout) as r:
            if r.status_code == 416:  # nothing left to fetch
                return digest
            if r.status_code == 200 and have:  # the server ignores Range: start over
                have, digest = 0, hashlib.sha256()
                part.unlink()
            elif r.status_code not in (200, 206):
                raise InstallError(f"{url} answered HTTP {r.status_code}")
            length = r.headers.get("Content-Length")
            total = have + int(length) if length and length.isdigit() else None
            with open(part, "ab") as fh:
                for block in r.iter_content(CHUNK):
                    fh.write(block)
                    digest.update(block)
                    have += len(block)
                    progress(have, total)
    except requests.RequestException as exc:
        raise InstallError(f"download interrupted at {have} bytes ({exc}); run the command again to resume") \
            from exc
    if total is not None and have < total:
        raise InstallError(f"download interrupted at {have} of {total} bytes; run the command again to resume")
    return digest


def _unpack(archive: Path, models_dir: Path, expect_dir: str) -> Path:
    staging = Path(tempfile.mkdtemp(prefix=".unpack-", dir=models_dir))
    try:
        with zipfile.ZipFile(archive) as zf:
            for member in zf.namelist():
                target = (staging / member).resolve()
                if not str(target).startswith(str(staging.resolve()) + os.sep):
                    raise InstallError(f"archive member {member!r} points outside the model folder")
            zf.extractall(staging)
        unpacked = staging / expect_dir
        if not unpacked.is_dir():
            roots = [p.name for p in staging.iterdir()]
            raise InstallError(f"the archive holds {roots}, not the expected folder {expect_dir!r}")
        if not (unpacked / "conf").is_dir() and not (unpacked / "am").is_dir():
            raise InstallError(f"{expect_dir!r} does not look like a Vosk model (no conf/ or am/)")
        final = models_dir / expect_dir
        old = models_dir / f".old-{expect_dir}"
        if final.exists():
            shutil.rmtree(old, ignore_errors=True)
            final.rename(old)
        unpacked.rename(final)  # same filesystem: atomic
        shutil.rmtree(old, ignore_errors=True)
        return final
    except zipfile.BadZipFile as exc:
        raise InstallError(f"the downloaded file is not a zip archive: {exc}") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def install(url: str, sha256: str, models_dir: Path, expect_dir: str, progress: Progress) -> Path:
    if not sha256:
        raise InstallError("no SHA-256 for this model: put the published checksum in "
                           "transcription.catalog.<name>.sha256 or pass --sha256")
    models_dir.mkdir(parents=True, exist_ok=True)
    part = models_dir / f"{expect_dir}.zip.part"
    digest = download(url, part, progress)
    if digest.hexdigest() != sha256.lower():
        bad = part.with_suffix(".bad")
        part.rename(bad)
        raise InstallError(f"SHA-256 mismatch: expected {sha256.lower()}, got {digest.hexdigest()}; "
                           f"the file was kept as {bad.name} and nothing was installed")
    path = _unpack(part, models_dir, expect_dir)
    part.unlink()
    return path
