"""Coordinators' corrections of real calls become stories the model learns from, without a pause."""

import json
import os
import time
from pathlib import Path

from sqlalchemy import select

import database
from classification import RulesStore
from classification.learning import as_jsonl, export_corrections
from tests.conftest import make_request
from tests.test_classification_model import TOY

ROOT = Path(__file__).resolve().parents[1]


def _story(app, rid: int, text: str) -> None:
    from ivr.models import Call
    from transcripts.models import Transcript

    with app.app_context():
        s = database.session()
        call = s.scalars(select(Call).where(Call.callback_request_id == rid)).one()
        s.add(Transcript(call_id=call.id, source="file", status="done", text=text))
        s.commit()


def _corrections_file(app) -> Path:
    settings = app.config["SETTINGS"]
    path = settings.path(settings.instance_dir) / settings.classification.model.corrections
    assert str(path).startswith(str(settings.path(settings.instance_dir)))    # the test's own instance folder
    return path


def _correct(console, rid: int, category: str, needs: list[str], urgency: str = "normal") -> None:
    console.post(f"/requests/{rid}/labels", {"category": category, "needs": needs, "urgency": urgency})


def test_the_latest_correction_of_each_request_is_exported_when_due(app, console):
    first = make_request(app, "+79270000081", category="other", needs=("other",))
    _story(app, first, "ухаживаю за мамой нужна сиделка")
    console.login_as("coordinator")
    _correct(console, first, "caregiver", ["medical"])
    _correct(console, first, "caregiver", ["home_care"])          # changed her mind: the last one counts
    path = _corrections_file(app)
    with app.app_context():
        assert export_corrections() == 1
    [row] = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert (row["text"], row["category"], row["needs"]) == ("ухаживаю за мамой нужна сиделка", "caregiver", ["home_care"])

    second = make_request(app, "+79270000082", category="other", needs=("other",))
    _story(app, second, "сын с дцп нужна коляска")
    _correct(console, second, "parent_of_disabled_child", ["rehabilitation"])
    with app.app_context():
        assert export_corrections() == -1                          # not due yet: once a day
        day_ago = time.time() - 25 * 3600
        os.utime(path, (day_ago, day_ago))
        assert export_corrections() == 2
        assert export_corrections() == -1
    assert len(path.read_text(encoding="utf-8").splitlines()) == 2


def test_no_corrections_no_file(app):
    with app.app_context():
        assert export_corrections() == -1
    assert not _corrections_file(app).exists()


def test_new_corrections_retrain_in_the_background_while_the_old_model_answers(tmp_path):
    data, corrections = tmp_path / "dev.jsonl", tmp_path / "corrections.jsonl"
    data.write_text(as_jsonl(TOY), encoding="utf-8")
    store = RulesStore(ROOT / "classification" / "rules.yaml", 0, [data], cache_dir=tmp_path / "instance",
                       corrections=corrections)
    before = store.trained().model
    rules = store.classifier().rules
    assert before.size == len(TOY)

    fixed = [{"text": f"кот на дереве {w}", "category": "other", "needs": ["other"], "urgency": "high"}
             for w in ("третий день", "не слезает", "мяукает")]
    corrections.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in fixed), encoding="utf-8")
    during = store.classifier()                                    # answers at once, with the old model
    assert during.model is before and store.status()["retraining"]
    store._training.join(timeout=120)
    after = store.classifier().model
    assert after is not before and after.size == len(TOY) + len(fixed)
    assert store.classifier().model is after                       # and it stays
    assert store.status()["stories"] == len(TOY) + len(fixed) and not store.status()["retraining"]
    assert store.classifier().rules is rules                       # new stories do not reload the rules


def test_without_configured_data_corrections_do_not_turn_the_model_on(tmp_path):
    corrections = tmp_path / "corrections.jsonl"
    corrections.write_text(json.dumps(TOY[0], ensure_ascii=False) + "\n", encoding="utf-8")
    store = RulesStore(ROOT / "classification" / "rules.yaml", 0, [], corrections=corrections)
    assert store.classifier().model is None


def test_the_cron_scheduler_runs_the_export_hourly_beside_the_sweeper(app, monkeypatch):
    import rq.cron

    registered = {}

    class Recorder:
        def __init__(self, connection):
            pass

        def register(self, func, queue_name, interval, job_timeout):
            registered[func.__name__] = interval

        def start(self):
            pass

    monkeypatch.setattr(rq.cron, "CronScheduler", Recorder)
    result = app.test_cli_runner().invoke(args=["cron"])
    assert result.exit_code == 0, result.output
    assert registered == {"sweep": app.config["SETTINGS"].worker.sweep_every_seconds, "export_corrections": 3600}


def test_a_coordinators_correction_stands_when_the_story_is_read_again(app, console):
    from callbacks.models import CallbackRequest
    from classification.triage import classify_request

    rid = make_request(app, "+79270000083", category="other", needs=("other",))
    _story(app, rid, "у мамы деменция нужна сиделка")
    console.login_as("coordinator")
    _correct(console, rid, "disabled_person", ["home_care"])

    def read_again() -> CallbackRequest:
        with app.app_context():
            s = database.session()
            req = s.get(CallbackRequest, rid)
            classify_request(s, req)                      # as when a transcript or a repeat call arrives
            s.commit()
            s.refresh(req)
            return req

    req = read_again()
    assert (req.category, req.needs, req.urgency) == ("disabled_person", ["home_care"], "normal")
    assert req.classification["corrected"]                        # the reading is kept for the record, not applied
    _story(app, rid, "муж меня избивает прямо сейчас")            # a crisis told after the correction
    req = read_again()
    assert (req.category, req.urgency) == ("disabled_person", "crisis") and req.priority >= 1000


def test_a_correction_keeps_the_callers_story_only_as_long_as_configured(app, console):
    from datetime import timedelta

    from callbacks.models import LabelCorrection

    old = make_request(app, "+79270000083", category="other", needs=("other",))
    _story(app, old, "у мужа инсульт нужна сиделка")
    fresh = make_request(app, "+79270000084", category="other", needs=("other",))
    _story(app, fresh, "сын с дцп нужна коляска")
    console.login_as("coordinator")
    _correct(console, old, "caregiver", ["home_care"])
    _correct(console, fresh, "parent_of_disabled_child", ["rehabilitation"])
    keep = app.config["SETTINGS"].classification.model.corrections_keep_days
    with app.app_context():
        s = database.session()
        fix = s.scalars(select(LabelCorrection).where(LabelCorrection.request_id == old)).one()
        fix.at = database.utcnow() - timedelta(days=keep + 1)
        s.commit()
        assert export_corrections() == 1
        s = database.session()
        erased = s.scalars(select(LabelCorrection).where(LabelCorrection.request_id == old)).one()
        assert erased.story == "" and erased.after["category"] == "caregiver"   # the labels stay
    [row] = [json.loads(line) for line in _corrections_file(app).read_text(encoding="utf-8").splitlines()]
    assert row["text"] == "сын с дцп нужна коляска"
