"""Transcription of recorded stories (Vosk). Not built yet: see the transcription issue.

`recording_stored` is the single place the recording pipeline hands over to transcription.
"""

import logging

log = logging.getLogger(__name__)


def recording_stored(recording_id: int) -> None:
    """Called by the recording job once the audio file is stored; transcription plugs in here."""
    log.info("recording %s stored; transcription is not enabled yet", recording_id)
