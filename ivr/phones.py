"""Phone numbers as the hotline needs them: usable for a callback, spoken back, mapped to a region."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import phonenumbers
from phonenumbers import timezone as pn_timezone

from settings import Region

# Only numbers a coordinator can dial back from Russia count as reachable.
CALLBACK_COUNTRIES = {"RU"}


@dataclass(frozen=True)
class PhoneInfo:
    raw: str
    e164: Optional[str]
    region: Optional[str] = None
    timezone: Optional[str] = None

    @property
    def usable(self) -> bool:
        return self.e164 is not None


def normalise(raw: str | None) -> Optional[str]:
    """E.164 for a number a coordinator can call back, else None (withheld, garbage, foreign).

    Accepts what Twilio sends (+7…) and what callers type: 8XXXXXXXXXX, 7XXXXXXXXXX, 9XXXXXXXXX.
    """
    digits = (raw or "").strip()
    if not digits or not any(ch.isdigit() for ch in digits):
        return None
    candidates = [digits]
    if not digits.startswith("+") and digits.isdigit() and len(digits) == 11 and digits[0] == "7":
        candidates.append("+" + digits)
    for candidate in candidates:
        try:
            number = phonenumbers.parse(candidate, "RU")
        except phonenumbers.NumberParseException:
            continue
        if (phonenumbers.is_valid_number(number)
                and phonenumbers.region_code_for_number(number) in CALLBACK_COUNTRIES):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return None


def region_for(e164: str | None, regions: dict[str, Region]) -> Optional[str]:
    """The pilot region whose area code the number starts with (landlines); mobiles give None."""
    if not e164 or not e164.startswith("+7"):
        return None
    national = e164[2:]
    best: tuple[int, Optional[str]] = (0, None)
    for region_id, region in regions.items():
        for code in region.area_codes:
            if national.startswith(code) and len(code) > best[0]:
                best = (len(code), region_id)
    return best[1]


def timezone_for(e164: str | None) -> Optional[str]:
    """The number's own time zone when phonenumbers knows exactly one (landlines do)."""
    if not e164:
        return None
    zones = pn_timezone.time_zones_for_number(phonenumbers.parse(e164))
    return zones[0] if len(zones) == 1 and zones[0] != "Etc/Unknown" else None


def inspect(raw: str | None, regions: dict[str, Region]) -> PhoneInfo:
    e164 = normalise(raw)
    return PhoneInfo(raw=raw or "", e164=e164, region=region_for(e164, regions), timezone=timezone_for(e164))


def spoken(e164: str | None) -> str:
    """'+79123456789' -> '8, 9 1 2, 3 4 5, 6 7, 8 9': digit by digit, in the groups people say."""
    if not e164:
        return ""
    number = phonenumbers.parse(e164)
    national = str(number.national_number)
    groups = [national[:3], national[3:6], national[6:8], national[8:]] if len(national) == 10 else [national]
    prefix = ["8"] if number.country_code == 7 else ["+", str(number.country_code)]
    return ", ".join([" ".join(prefix)] + [" ".join(g) for g in groups if g])


def masked(e164: str | None) -> str:
    """'+79123456789' -> '+7 912 ***-**-89': lists show who, not the whole number."""
    if not e164:
        return "—"
    return f"{e164[:2]} {e164[2:5]} ***-**-{e164[-2:]}" if len(e164) == 12 else e164[:4] + "…" + e164[-2:]
