"""The console in a real Chromium: log in, take the next callback, play the recording, record the
outcome, refer to an organization. Screenshots of the main pages go to test-artifacts/."""

import shutil
import subprocess
import threading
from pathlib import Path

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

import database
from cases.models import Organization, Referral
from ivr.models import Call, Recording
from tests.conftest import PASSWORD, Console, make_request
from transcripts.models import Transcript

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture
def live(make_app, tmp_path):
    srv = make_server("127.0.0.1", 0, None, threaded=True)
    app = make_app(public_base_url=f"http://127.0.0.1:{srv.server_port}")
    srv.app = app
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield app, f"http://127.0.0.1:{srv.server_port}"
    srv.shutdown()


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM} (make test installs Debian's chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--autoplay-policy=no-user-gesture-required"])
        yield b
        b.close()


def seed_story(app, tmp_path) -> int:
    wav = tmp_path / "story.wav"
    subprocess.run(["espeak-ng", "-v", "ru", "-s", "140", "-w", str(tmp_path / "raw.wav"),
                    "Здравствуйте. Мой сын не ходит с рождения, нам нужна коляска."], check=True)
    subprocess.run(["sox", str(tmp_path / "raw.wav"), "-r", "8000", "-b", "16", str(wav)], check=True)
    rid = make_request(app, "+79270003001", category="parent_of_disabled_child", needs=("rehabilitation",),
                       urgency="high", region="samara")
    with app.app_context():
        s = database.session()
        call = s.scalars(select(Call).where(Call.callback_request_id == rid)).one()
        s.add(Recording(sid="RE" + "2" * 32, call_id=call.id, url="https://api.twilio.com/x", status="stored",
                        path=str(wav)))
        s.add(Transcript(call_id=call.id, source="file", status="done", model="vosk-model-small-ru-0.22",
                         text="здравствуйте мой сын не ходит с рождения нам нужна коляска", confidence=0.91))
        s.add(Organization(name="Центр реабилитации «Надежда»", kind="social_protection", region="samara"))
        s.commit()
    return rid


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_a_coordinators_round_in_chromium(live, browser, tmp_path):
    app, base = live
    rid = seed_story(app, tmp_path)
    make_request(app, "+79270003002", region="samara", urgency="normal")
    Console(app).make_user("coordinator", username="smirnova", regions=("samara",))
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="ru-RU")

    page.goto(f"{base}/login")
    shot(page, "01-login")
    page.fill("#username", "smirnova")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("text=Очередь обратных звонков")
    assert "+7 927 ***-**-01" in page.content()
    shot(page, "02-queue")

    page.click("text=Взять следующий")
    page.wait_for_selector(f"text=Заявка №{rid}")
    assert "мой сын не ходит с рождения" in page.inner_text("[data-testid=transcript]")
    # the recording plays: the browser fetched and decoded the WAV through the console
    page.eval_on_selector("audio", "a => { a.load(); a.play(); }")
    page.wait_for_function("document.querySelector('audio').readyState >= 2 && "
                           "document.querySelector('audio').duration > 1", timeout=15000)
    shot(page, "03-callback-card")

    page.click("button[value=reached]")
    page.wait_for_selector("text=Случай сопровождения")
    page.select_option("[data-testid=referral-form] select[name=organization_id]", label=
                       "социальная защита: Центр реабилитации «Надежда»")
    page.fill("[data-testid=referral-form] input[name=note]", "коляска активного типа")
    page.click("[data-testid=referral-form] button[type=submit]")
    page.wait_for_selector("td:has-text('Центр реабилитации «Надежда»')")
    shot(page, "04-case")
    with app.app_context():
        [ref] = database.session().scalars(select(Referral)).all()
        assert ref.status == "sent" and ref.note == "коляска активного типа"


def test_supervisor_pages_in_chromium(live, browser, tmp_path):
    app, base = live
    seed_story(app, tmp_path)
    make_request(app, "+79270003011", region="yakutia", urgency="crisis", category="svo_family", needs=("psychological",))
    Console(app).make_user("supervisor", username="kuznetsov", regions=())
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="ru-RU")
    page.goto(f"{base}/login")
    page.fill("#username", "kuznetsov")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{base}/supervisor")
    page.wait_for_selector("text=Сводка по регионам")
    assert "Республика Саха (Якутия)" in page.content()
    shot(page, "05-supervisor")
    page.goto(f"{base}/audit")
    shot(page, "06-audit")
