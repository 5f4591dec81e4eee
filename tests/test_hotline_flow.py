"""The hotline flow, path by path, through the real webhooks with signed requests."""

from datetime import datetime, timezone
from pathlib import Path

import pytest

from ivr.simulator import SimulatedCall
from tests.conftest import callback_requests


def test_greeting_says_what_the_service_is_and_asks_for_consent(phone):
    call = phone()
    call.start()
    assert "горячую линию «Социальный координатор»" in call.said
    assert "записывается" in call.said and "152-ФЗ" in call.said
    assert call.waiting_for == "Gather"


def test_full_path_creates_a_classified_callback_request(app, phone, tmp_path):
    call = phone("+79270000001")
    call.start()
    call.press("1")                      # consent
    assert "Кому нужна помощь" in call.said
    call.press("6")                      # caregiver
    assert "Какая помощь нужна" in call.said
    call.press("3")                      # home care
    assert "Из какого вы региона" in call.said  # a mobile number does not tell the region
    call.press("3")                      # Yakutia
    assert "Расскажите" in call.said and call.waiting_for == "Record"
    call.record(None)                    # said nothing
    assert "ничего не услышала" in call.said
    assert "8, 9 2 7, 0 0 0, 0 0, 0 1" in call.said
    call.press("1")                      # the caller ID is right
    assert "Когда вам удобнее" in call.said
    call.press("3")                      # evening, their time
    assert call.waiting_for == "Hangup"
    assert "Координатор перезвонит вам" in call.said
    call.hang_up()
    [req] = callback_requests(app)
    assert req["phone"] == "+79270000001" and req["phone_source"] == "confirmed"
    with app.app_context():
        import database
        from callbacks.models import CallbackRequest

        assert database.session().get(CallbackRequest, req["id"]).menu_choices["callback_time"] == "evening"
    assert (req["category"], req["needs"], req["urgency"], req["region"]) == \
        ("caregiver", ["home_care"], "normal", "yakutia")
    assert req["status"] == "queued"


def test_landline_caller_is_not_asked_for_the_region(app, phone):
    call = phone("+78462123456")
    call.start()
    call.press("1")
    call.press("1")
    call.press("8")
    assert call.waiting_for == "Record" and "региона" not in call.said
    call.record(None)
    call.press("1")
    call.hang_up()
    assert callback_requests(app)[0]["region"] == "samara"


def test_star_repeats_the_menu_without_using_up_attempts(phone):
    call = phone()
    call.start()
    for _ in range(5):
        call.press("*")
        assert "Чтобы продолжить, нажмите 1" in call.said
    call.press("1")
    assert "Кому нужна помощь" in call.said


def test_silence_and_wrong_keys_are_retried_then_the_fallback_is_taken(phone):
    call = phone()
    call.start()
    call.press("1")
    call.press("")
    assert call.said.startswith("Я вас не услышала.") and "Кому нужна помощь" in call.said
    call.press("#")
    assert call.said.startswith("Такого варианта нет.")
    call.press("")                       # third attempt: move on without a category
    assert "Какая помощь нужна" in call.said


def test_garbage_digits_are_an_invalid_choice_not_an_error(phone):
    call = phone()
    call.start()
    call.press("1'; DROP TABLE calls;--")
    assert "Такого варианта нет" in call.said


def test_spoken_answers_are_heard_offline_while_keys_keep_working(phone):
    call = phone()
    call.start()
    assert call._waiting("Gather").get("input") is None            # DTMF, always
    assert '<Stream name="answer-1" track="inbound_track" url="ws://localhost/voice/stream">' in call.xml
    assert '<Parameter name="phrases" value="да|продолжить|согласен|согласна|угроза|срочно|помогите"' in call.xml
    # Our recogniser heard "продолжить" and had Twilio redirect the call to the step:
    call.xml = call.post("/voice/step?seq=1&speech=продолжить")
    assert "Кому нужна помощь" in call.said
    assert '<Stop><Stream name="answer-1" /></Stop>' in call.xml


def test_twilio_can_be_chosen_to_recognise_spoken_answers(make_app, tmp_path):
    flow = tmp_path / "twilio.yaml"
    text = (Path(__file__).parents[1] / "callflows" / "hotline.yaml").read_text(encoding="utf-8")
    flow.write_text(text.replace("input_timeout: 10", "input_timeout: 10\nspeech_engine: twilio"), encoding="utf-8")
    app = make_app(flow=flow)
    call = SimulatedCall(app)
    call.start()
    verb = call._waiting("Gather")
    assert verb.get("input") == "dtmf speech" and "продолжить" in verb.get("hints")
    call.xml = call.post(verb.get("action"), {"SpeechResult": "Да, продолжить.", "Confidence": "0.9"})
    assert "Кому нужна помощь" in call.said


def test_withheld_number_is_entered_read_back_and_confirmed(app, phone):
    call = phone("anonymous")
    call.start()
    for key in ("1", "2", "2", "0"):
        call.press(key)
    call.record(None)
    assert "Введите номер телефона" in call.said
    call.press("8912345")                # too short
    assert "не получается распознать" in call.said
    call.press("89123456789#")
    assert "Вы ввели номер 8, 9 1 2, 3 4 5, 6 7, 8 9" in call.said
    call.press("1")
    call.press("")                       # no preference: the time question does not insist
    assert "на номер 8, 9 1 2, 3 4 5, 6 7, 8 9" in call.said
    call.hang_up()
    [req] = callback_requests(app)
    assert req["phone"] == "+79123456789" and req["phone_source"] == "entered"


def test_caller_can_give_another_number_instead_of_the_caller_id(app, phone):
    call = phone("+79270000001")
    call.run(["1", "1", "1", "1", "2", "+7 (912) 345-67-89", "2", "9123456789", "1"])
    [req] = callback_requests(app)
    assert req["phone"] == "+79123456789"


def test_withheld_number_never_entered_gives_no_request_but_a_clear_goodbye(app, phone):
    call = phone("anonymous")
    call.run(["1", "1", "1", "1", "", "", ""])
    assert "Не удалось записать номер" in call.said
    assert callback_requests(app) == []


def test_crisis_path_tells_112_and_transfers_to_an_operator(app, phone):
    call = phone("+79270000002")
    call.start()
    call.press("9")
    assert "112" in call.said
    call.press("1")
    assert call.waiting_for == "Dial" and "Соединяю с оператором" in call.said
    call.dial_result("completed")
    assert call.waiting_for == "Hangup"
    call.hang_up()
    [req] = callback_requests(app)
    assert req["urgency"] == "crisis"


def test_crisis_with_busy_operators_leaves_an_urgent_callback(app, phone):
    call = phone("+79270000003")
    call.run(["9", "1", "1"], dial_status="busy")
    assert any("Все операторы сейчас заняты" in h.text for h in call.heard)
    [req] = callback_requests(app)
    assert req["urgency"] == "crisis" and req["phone_source"] == "confirmed"


def test_crisis_from_the_category_menu(app, phone):
    call = phone("+79270000004")
    call.run(["1", "9", "2", "1"])
    assert callback_requests(app)[0]["urgency"] == "crisis"


def test_after_hours_message_promises_a_callback_in_local_time(app, phone):
    # 19:30 UTC on Monday is 04:30 on Tuesday in Yakutsk: closed until 09:00 local time.
    app.config["CLOCK"] = lambda: datetime(2026, 11, 23, 19, 30, tzinfo=timezone.utc)
    call = phone("+74112123456")
    call.start()
    assert "Сейчас координаторы не работают" in call.said
    assert "сегодня после 9:00 по вашему местному времени" in call.said


def test_after_hours_on_saturday_evening_promises_monday(app, phone):
    # Saturday 28 Nov 2026, 17:00 in Samara (13:00 UTC): Sunday is closed.
    app.config["CLOCK"] = lambda: datetime(2026, 11, 28, 13, 0, tzinfo=timezone.utc)
    call = phone("+78462123456")
    call.start()
    assert "в понедельник после 9:00" in call.said


def test_crisis_after_hours_does_not_try_to_transfer(app, phone):
    app.config["CLOCK"] = lambda: datetime(2026, 11, 23, 22, 0, tzinfo=timezone.utc)
    call = phone("+79270000005")
    call.start()
    call.press("9")
    call.press("1")
    assert "Операторы сейчас не на связи" in call.said and call.waiting_for == "Gather"


@pytest.mark.parametrize("digits", [[], ["1"], ["1", "2"], ["1", "2", "1"], ["1", "2", "1", "1"]])
def test_hanging_up_anywhere_with_a_caller_id_yields_exactly_one_request(app, phone, digits):
    call = phone("+79270000006")
    call.run(digits)
    reqs = callback_requests(app)
    assert len(reqs) == 1 and reqs[0]["phone_source"] == "caller_id"
