"""The shape of a call flow: node kinds and their fields, as admins write them in YAML.

Field-level checks live here; checks that need the whole flow (targets, reachability, dead
ends) live in flow_loader.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, field_validator

DTMF_KEYS = set("0123456789*#")
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
DAY_NAMES_RU = {
    "mon": "пн", "tue": "вт", "wed": "ср", "thu": "чт", "fri": "пт", "sat": "сб", "sun": "вс",
}
# Placeholders a prompt may use; the engine fills them in (see engine.prompt_values).
PLACEHOLDERS = {"caller_number", "callback_number", "entered_number", "callback_when", "region_name"}
SETTABLE_VARS = {"category", "need", "needs", "urgency", "region", "callback_time"}
_TIME_RANGE = re.compile(r"^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=False)


def _dtmf_key(value: str) -> str:
    if len(value) != 1 or value not in DTMF_KEYS:
        raise ValueError(f"«{value}» — не клавиша телефона; допустимы 0–9, * и #")
    return value


class SayNode(_Strict):
    type: Literal["say"]
    text: str = Field(min_length=1)
    play: Optional[str] = None
    next: str


class MenuOption(_Strict):
    next: str
    set: dict[str, Any] = Field(default_factory=dict)
    words: list[str] = Field(default_factory=list)
    say: Optional[str] = None


class MenuNode(_Strict):
    type: Literal["menu"]
    prompt: str = Field(min_length=1)
    options: dict[str, MenuOption] = Field(min_length=1)
    fallback: str
    attempts: int = Field(default=3, ge=1, le=10)
    timeout: Optional[int] = Field(default=None, ge=3, le=60)
    speech: bool = False
    no_input: Optional[str] = None
    invalid: Optional[str] = None
    repeat_key: str = "*"

    @field_validator("repeat_key")
    @classmethod
    def _repeat_is_key(cls, value: str) -> str:
        return _dtmf_key(value)


class RecordNode(_Strict):
    type: Literal["record"]
    prompt: str = Field(min_length=1)
    next: str
    max_length: int = Field(default=180, ge=5, le=3600)
    finish_key: str = "#"
    silence_timeout: int = Field(default=8, ge=2, le=60)
    beep: bool = True
    live_transcription: bool = False
    no_audio: Optional[str] = None

    @field_validator("finish_key")
    @classmethod
    def _finish_is_key(cls, value: str) -> str:
        return _dtmf_key(value)


class CollectNumberNode(_Strict):
    type: Literal["collect_number"]
    confirm_prompt: str = Field(min_length=1)
    enter_prompt: str = Field(min_length=1)
    readback_prompt: str = Field(min_length=1)
    invalid_prompt: str = Field(min_length=1)
    next: str
    fallback: str
    attempts: int = Field(default=3, ge=1, le=10)
    timeout: int = Field(default=15, ge=5, le=60)
    no_input: Optional[str] = None


class SetNode(_Strict):
    type: Literal["set"]
    set: dict[str, Any] = Field(min_length=1)
    next: str


class Condition(_Strict):
    caller_id_usable: Optional[bool] = None
    within_hours: Optional[bool] = None
    var: Optional[str] = None
    equals: Optional[str] = None
    one_of: Optional[list[str]] = None
    is_set: Optional[bool] = None


class BranchRule(_Strict):
    if_: Condition = Field(alias="if")
    next: str


class BranchNode(_Strict):
    type: Literal["branch"]
    rules: list[BranchRule] = Field(min_length=1)
    otherwise: str


class TransferNode(_Strict):
    type: Literal["transfer"]
    number: str
    next: str
    on_fail: str
    prompt: Optional[str] = None
    timeout: int = Field(default=30, ge=5, le=120)


class HangupNode(_Strict):
    type: Literal["hangup"]
    prompt: Optional[str] = None


Node = Annotated[
    Union[SayNode, MenuNode, RecordNode, CollectNumberNode, SetNode, BranchNode, TransferNode, HangupNode],
    Field(discriminator="type"),
]
NODE_TYPES = ["say", "menu", "record", "collect_number", "set", "branch", "transfer", "hangup"]
# Nodes that run and move on within one webhook answer, without waiting for the caller.
INSTANT_TYPES = {"say", "set", "branch"}


class Texts(_Strict):
    """Phrases the service fills into prompts, so no Russian text lives in Python."""

    no_input: str = "Я вас не услышала."
    invalid: str = "Такого варианта нет."
    callback_today: str = "сегодня в рабочее время"
    callback_later_today: str = "сегодня после {time} по вашему местному времени"
    callback_tomorrow: str = "завтра после {time} по вашему местному времени"
    callback_weekday: str = "{weekday} после {time} по вашему местному времени"
    weekdays: list[str] = Field(
        default_factory=lambda: [
            "в понедельник", "во вторник", "в среду", "в четверг",
            "в пятницу", "в субботу", "в воскресенье",
        ],
        min_length=7,
        max_length=7,
    )
    number_unknown: str = "номер не указан"


class FlowHeader(_Strict):
    """Everything in a flow file except the nodes (validated one by one for better errors)."""

    name: str
    start: str
    language: str = "ru-RU"
    voice: str = "Polly.Tatyana"
    timezone: str = "Europe/Moscow"
    hours: dict[str, str] = Field(default_factory=dict)
    input_timeout: int = Field(default=10, ge=3, le=60)
    # Who recognises spoken menu answers: our offline Vosk (audio stays with us) or Twilio.
    speech_engine: Literal["vosk", "twilio"] = "vosk"
    # Where a call goes when the live transcript hears a crisis (a threat to life) mid-story.
    crisis_node: Optional[str] = None
    texts: Texts = Field(default_factory=Texts)
    nodes: dict[str, Any] = Field(min_length=1)


def parse_time_range(value: str) -> tuple[int, int]:
    """'09:00-20:00' -> minutes since midnight (540, 1200); ValueError with a Russian message."""
    m = _TIME_RANGE.match(str(value).strip())
    if not m:
        raise ValueError(f"«{value}» — не интервал времени; пишите так: \"09:00-20:00\"")
    h1, m1, h2, m2 = (int(g) for g in m.groups())
    if h1 > 23 or h2 > 24 or m1 > 59 or m2 > 59 or (h2 == 24 and m2):
        raise ValueError(f"«{value}»: такого времени не бывает")
    start, end = h1 * 60 + m1, h2 * 60 + m2
    if start >= end:
        raise ValueError(f"«{value}»: начало должно быть раньше конца")
    return start, end


def parse_days(value: str) -> list[int]:
    """'mon-fri' -> [0..4]; 'sat' -> [5]; 'mon,wed' -> [0, 2]."""
    days: list[int] = []
    for part in str(value).lower().replace(" ", "").split(","):
        if "-" in part:
            a, _, b = part.partition("-")
            if a not in DAYS or b not in DAYS:
                raise ValueError(f"«{value}» — неизвестные дни; используйте {', '.join(DAYS)}")
            i, j = DAYS.index(a), DAYS.index(b)
            if i > j:
                raise ValueError(f"«{value}»: дни идут в обратном порядке")
            days.extend(range(i, j + 1))
        elif part in DAYS:
            days.append(DAYS.index(part))
        else:
            raise ValueError(f"«{value}» — неизвестный день; используйте {', '.join(DAYS)}")
    return days
