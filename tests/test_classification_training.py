"""The model trains in a process of its own, at low priority; calls are classified by the rules meanwhile."""

import json
import subprocess
import sys
import time
from pathlib import Path

from classification import RulesStore
from classification.learning import as_jsonl
from classification.model import StoryModel
from tests.test_classification_model import TOY

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "classification" / "rules.yaml"


def _toy_data(tmp_path: Path) -> Path:
    data = tmp_path / "dev.jsonl"
    data.write_text(as_jsonl(TOY), encoding="utf-8")
    return data


def _never_here(*args, **kwargs):
    raise AssertionError("the model was trained in the web process")


def test_a_model_never_trained_is_trained_apart_while_the_rules_answer(tmp_path, monkeypatch):
    monkeypatch.setattr(StoryModel, "train", classmethod(_never_here))
    store = RulesStore(RULES, 0, [_toy_data(tmp_path)], cache_dir=tmp_path / "instance", vectors=False)
    started = time.monotonic()
    first = store.classifier()
    assert time.monotonic() - started < 5                # no waiting for training on a request path
    assert first.model is None and store.status()["retraining"]
    assert first.classify("муж меня избивает").urgency == "crisis"   # the rules answer meanwhile
    model = store.trained().model
    assert model is not None and model.size == len(TOY)
    assert store.status() | {"stories": 0} == {"ready": True, "model": True, "vectors": False, "stories": 0,
                                               "retraining": False, "error": None, "model_error": None}
    assert list((tmp_path / "instance").glob("classification-model-*.npz"))   # the next start loads it


def test_a_restarted_process_loads_the_trained_model_at_once(tmp_path, monkeypatch):
    data = _toy_data(tmp_path)
    RulesStore(RULES, 0, [data], cache_dir=tmp_path / "instance", vectors=False).trained()
    monkeypatch.setattr(StoryModel, "train", classmethod(_never_here))
    monkeypatch.setattr("classification.model._cache", {})          # a new process: nothing in memory
    restarted = RulesStore(RULES, 0, [data], cache_dir=tmp_path / "instance", vectors=False)
    assert restarted.classifier().model.size == len(TOY) and not restarted.status()["retraining"]


def test_processes_starting_at_once_train_the_model_once(tmp_path):
    data = _toy_data(tmp_path)
    cmd = [sys.executable, "-m", "classification.training", "--cache", str(tmp_path / "instance"), "--no-vectors",
           str(data)]
    runs = [subprocess.Popen(cmd, cwd=str(ROOT), stderr=subprocess.PIPE, text=True) for _ in range(3)]
    logs = [r.communicate(timeout=300)[1] for r in runs]
    assert [r.returncode for r in runs] == [0, 0, 0], logs
    assert sum("model trained on" in log for log in logs) == 1, logs
    assert len(list((tmp_path / "instance").glob("classification-model-*.npz"))) == 1


def test_training_that_fails_leaves_the_rules_working_and_says_why(tmp_path):
    data = tmp_path / "dev.jsonl"
    data.write_text('{"text": "половина строки', encoding="utf-8")
    store = RulesStore(RULES, 0, [data], cache_dir=tmp_path / "instance", vectors=False)
    clf = store.trained()
    assert clf.model is None and clf.classify("муж меня избивает").urgency == "crisis"
    status = store.status()
    assert status["ready"] and not status["model"] and "failed" in status["model_error"]


def test_the_classify_commands_wait_for_the_model(make_app, tmp_path):
    data = _toy_data(tmp_path)
    app = make_app(classification={"model": {"data": [str(data)], "vectors": False}})
    out = app.test_cli_runner().invoke(args=["classify", "text", "хочу гармошку в подарок", "--json"])
    assert out.exit_code == 0, out.output
    assert any(e["source"] == "model" for e in json.loads(out.output)["evidence"]), out.output


def test_requests_read_by_the_rules_alone_get_the_models_opinion_once_it_is_in(make_app, backend, monkeypatch):
    import database
    from callbacks.models import CallbackRequest
    from classification.classifier import Classifier
    from classification.model import Limits
    from classification.triage import classify_request
    from ivr.sweeper import sweep
    from tests.conftest import MONDAY_MORNING, make_request
    from tests.test_classification_learning import _story
    from tests.test_classification_model import RULES as RULESET

    app = make_app(backend=backend)                          # the JSON query runs on both databases
    rid = make_request(app, "+79270000091", category="other", needs=("other",))
    _story(app, rid, "у нас огонь в сарае горит всё")        # in the toy world only the model knows it is a crisis
    store = app.extensions["classification"]
    with app.app_context():
        monkeypatch.setattr(store, "classifier", lambda: Classifier(RULESET))           # the model still trains
        s = database.session()
        classify_request(s, s.get(CallbackRequest, rid))
        s.commit()
        assert sweep(MONDAY_MORNING)["requests_read_again"] == 0
        knowing = Classifier(RULESET, StoryModel.train(TOY), Limits(crisis=0.5))
        monkeypatch.setattr(store, "classifier", lambda: knowing)                       # the model is in
        assert sweep(MONDAY_MORNING)["requests_read_again"] == 1
        req = database.session().get(CallbackRequest, rid)
        assert req.urgency == "crisis" and req.priority >= 1000 and req.classification["model"] is True
        assert sweep(MONDAY_MORNING)["requests_read_again"] == 0                        # read once is enough


def test_only_the_processes_that_classify_warm_the_classifier_up(make_app, monkeypatch):
    import threading

    import jobs

    warmed = threading.Semaphore(0)
    monkeypatch.setattr(RulesStore, "warm_up", lambda self: warmed.release())
    monkeypatch.setenv("FLASK_RUN_FROM_CLI", "true")          # flask cron, flask serve, flask db …: never classify
    cli_app = make_app(classification={"warm_up": True})
    assert not warmed.acquire(timeout=1)
    jobs.preload(cli_app)                                     # flask worker: reads stories, so it warms up
    assert warmed.acquire(timeout=1)
    monkeypatch.delenv("FLASK_RUN_FROM_CLI")                  # a gunicorn worker importing the app
    make_app(classification={"warm_up": True})
    assert warmed.acquire(timeout=5)


def test_serve_starts_the_web_workers_as_web_workers(app, monkeypatch):
    import jobs
    import serve

    started = []

    class Process:
        def __init__(self, cmd, env, cwd):
            started.append((cmd, env))
            self.args, self.returncode = cmd, 0

        def poll(self):
            return 0                                           # exits at once: serve stops

        def terminate(self):
            pass

        def wait(self, timeout=None):
            return 0

    monkeypatch.setattr(serve.subprocess, "Popen", Process)
    monkeypatch.setattr(serve.database, "upgrade", lambda url: None)   # the test's schema is built already
    monkeypatch.setattr(jobs, "start_embedded_redis", lambda folder: (None, "redis://127.0.0.1:1/0"))
    monkeypatch.setattr(jobs, "stop_embedded_redis", lambda embedded: None)
    monkeypatch.setenv("FLASK_RUN_FROM_CLI", "true")          # as `flask … serve` sets it
    result = app.test_cli_runner().invoke(args=["serve"])
    assert started, repr(result.exception)
    [web_env] = [env for cmd, env in started if "gunicorn" in cmd]
    assert len(started) == 3 and "FLASK_RUN_FROM_CLI" not in web_env
