"""Offline transcription of callers' stories with Vosk: recorded files, live media streams,
phrase lists for spoken menu answers, and model management."""

import logging

from flask import Flask

log = logging.getLogger(__name__)


def init_app(app: Flask) -> None:
    from transcripts import cli, stream

    app.cli.add_command(cli.models_cli)
    app.cli.add_command(cli.transcribe_command)
    stream.init_app(app)


def recording_stored(recording_id: int) -> None:
    """Called by the recording job once the audio file is stored: queue its transcription."""
    import database
    from ivr.models import Recording
    from transcripts.pipeline import call_changed, enqueue_transcription

    s = database.session()
    call_changed(s, s.get(Recording, recording_id).call_id)
    s.commit()
    enqueue_transcription(recording_id)
