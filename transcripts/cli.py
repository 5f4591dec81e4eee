"""Admin commands: install and check Vosk models, transcribe any audio file."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from transcripts import audio, installer, recogniser


@click.group("models", cls=AppGroup, help="Vosk speech models.")
def models_cli() -> None:
    pass


@models_cli.command("install", help="Download, verify (SHA-256) and unpack a model from the catalog.")
@click.argument("name")
@click.option("--sha256", default="", help="Expected SHA-256 of the archive (overrides the catalog).")
@click.option("--url", default="", help="Download from this URL instead of the catalog's.")
def install_command(name: str, sha256: str, url: str) -> None:
    settings = current_app.config["SETTINGS"]
    source = settings.transcription.catalog.get(name)
    if source is None:
        raise click.ClickException(f"unknown model {name!r}; the catalog has: "
                                   f"{', '.join(settings.transcription.catalog)}")
    shown = {"pct": -1}

    def progress(done: int, total: int | None) -> None:
        pct = int(done * 100 / total) if total else -1
        if pct != shown["pct"]:
            shown["pct"] = pct
            mb = done / 1e6
            click.echo(f"\r{name}: {mb:8.1f} MB" + (f" ({pct}%)" if total else ""), nl=False, err=True)

    try:
        path = installer.install(url or source.url, sha256 or source.sha256,
                                 settings.path(settings.transcription.models_dir), source.dir, progress)
    except installer.InstallError as exc:
        click.echo("", err=True)
        raise click.ClickException(str(exc))
    click.echo(f"\ninstalled {name} at {path}", err=True)


@models_cli.command("check", help="Say which models are installed and whether the configured one loads.")
def check_command() -> None:
    settings = current_app.config["SETTINGS"]
    models_dir = settings.path(settings.transcription.models_dir)
    for name, source in settings.transcription.catalog.items():
        installed = (models_dir / source.dir).is_dir()
        click.echo(f"{name:10} {'installed' if installed else 'not installed':14} {source.description}")
    state = recogniser.status(settings)
    if state["available"]:
        click.echo(f"configured model loads: {state['model']} ({state['rate']} Hz) at {state['path']}")
        return
    click.echo(f"transcription unavailable: {state['reason']}", err=True)
    sys.exit(1)


@click.command("transcribe", help="Transcribe an audio file and print the transcript.")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--model", "model", type=click.Path(file_okay=False, path_type=Path),
              help="Model directory (default: the configured model).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (text, words, confidence, RTF…).")
@with_appcontext
def transcribe_command(file: Path, model: Path | None, as_json: bool) -> None:
    settings = current_app.config["SETTINGS"]
    if model is not None:
        settings = settings.model_copy(update={"transcription": settings.transcription.model_copy(
            update={"model_path": str(model.resolve())})})
    try:
        loaded = recogniser.load_model(settings)
        pcm = audio.load(file.read_bytes(), loaded.rate, settings.transcription.max_audio_seconds)
        result = recogniser.transcribe(pcm, settings)
    except (recogniser.ModelUnavailable, audio.AudioError) as exc:
        raise click.ClickException(str(exc))
    out = {"file": str(file), "source_rate": pcm.source_rate, "channels": pcm.channels, **result.as_dict()}
    if as_json:
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        click.echo(result.text or "(тишина)")
        click.echo(f"— {result.model}, {result.audio_seconds:.1f} с аудио, уверенность "
                   f"{result.confidence if result.confidence is not None else '—'}, RTF {result.real_time_factor:.3f}",
                   err=True)
