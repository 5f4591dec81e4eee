"""Working hours in the caller's local time, and the spoken promise of when we call back."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from ivr.flow_schema import Texts

Hours = dict[int, list[tuple[int, int]]]  # weekday (0 = Monday) -> [(start_minute, end_minute)]


def is_open(hours: Hours, local: datetime) -> bool:
    minute = local.hour * 60 + local.minute
    return any(start <= minute < end for start, end in hours.get(local.weekday(), []))


def next_opening(hours: Hours, local: datetime) -> datetime | None:
    """The first opening time after `local` within a week, or None when the hours are empty."""
    day_start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    for offset in range(8):
        day = day_start + timedelta(days=offset)
        for start, _end in sorted(hours.get(day.weekday(), [])):
            opening = day + timedelta(minutes=start)
            if opening > local:
                return opening
    return None


def callback_when(hours: Hours, now_utc: datetime, tz: str, texts: Texts) -> str:
    """'сегодня в рабочее время' / 'завтра после 9:00 …' — said in the goodbye."""
    local = now_utc.astimezone(ZoneInfo(tz))
    if not hours or is_open(hours, local):
        return texts.callback_today
    opening = next_opening(hours, local)
    if opening is None:
        return texts.callback_today
    time = f"{opening.hour}:{opening.minute:02d}"
    days_ahead = (opening.date() - local.date()).days
    if days_ahead == 0:
        return texts.callback_later_today.format(time=time)
    if days_ahead == 1:
        return texts.callback_tomorrow.format(time=time)
    return texts.callback_weekday.format(time=time, weekday=texts.weekdays[opening.weekday()])
