"""Checks for values that Table Schema types cannot express: phones, emails, web addresses, hours.

Each takes the string as written and returns None when it is fine, else (code, params, offset),
where offset (or None) is the 0-based character in the value at fault.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

import phonenumbers
from email_validator import SPECIAL_USE_DOMAIN_NAMES, EmailNotValidError, validate_email

from ..hours import informal
from ..hours.parse import HoursError, parse
from .messages import Phrase

Failure = tuple[str, dict, int | None] | None
_SPACE = re.compile(r"\s")  # the characters str.isspace() accepts, found without a loop in Python


# Fast paths for the values nearly every record has, which are unique to it, so the per-process memo below does
# not help: a Danish number of 8 digits, and a plain ASCII address. Each only ever says "valid" where the full
# check (phonenumbers, email_validator: much slower, see bench/README.md) would; anything else,
# and anything they would refuse, goes to the full check, which gives the reason.
_DK = phonenumbers.PhoneMetadata.metadata_for_region("DK")
_DK_WRITTEN = re.compile(r"(?:\+45|0045)? ?((?:\d ?){7}\d)")
_DK_VALID = re.compile("(?:" + "|".join(
    desc.national_number_pattern for desc in (_DK.fixed_line, _DK.mobile, _DK.toll_free, _DK.premium_rate,
                                              _DK.shared_cost, _DK.personal_number, _DK.voip, _DK.pager,
                                              _DK.uan, _DK.voicemail)
    if desc is not None and desc.national_number_pattern) + ")")
_DK_GENERAL = re.compile(_DK.general_desc.national_number_pattern)
_PLAIN_EMAIL = re.compile(r"[A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*@((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+"
                          r"[A-Za-z]{2,63})")
_SPECIAL_USE = tuple(SPECIAL_USE_DOMAIN_NAMES)


def phone(value: str) -> Failure:
    written = _DK_WRITTEN.fullmatch(value)
    if written:
        national = written.group(1).replace(" ", "")
        if _DK_GENERAL.fullmatch(national) and _DK_VALID.fullmatch(national):
            return None
    try:
        number = phonenumbers.parse(value, "DK")
    except phonenumbers.NumberParseException:
        return "bad-phone", {}, None
    return None if phonenumbers.is_valid_number(number) else ("bad-phone", {}, None)


def email(value: str) -> Failure:
    plain = _PLAIN_EMAIL.fullmatch(value)
    if plain and len(value) <= 254 and value.index("@") <= 64 and "--" not in plain.group(1):
        domain = plain.group(1).lower()
        if not any(domain == name or domain.endswith("." + name) for name in _SPECIAL_USE):
            return None
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError as e:
        return "bad-email", {"detail": str(e).rstrip(".")}, None
    return None


def url(value: str) -> Failure:
    try:
        parts = urlsplit(value)
    except ValueError:
        return "bad-url", {}, None
    host = parts.hostname or ""
    if parts.scheme not in ("http", "https") or "." not in host or _SPACE.search(value):
        return "bad-url", {}, None
    return None


def opening_hours(value: str) -> Failure:
    """Unreadable hours with the exact expression meant ("man-fre 9-17": `Mo-Fr 09:00-17:00`) when there is one,
    else the fault in plain words; the parser's own words (its grammar's rule names) never reach a contributor."""
    try:
        parse(value)
    except HoursError as e:
        fix = informal.suggest(value)
        if fix:
            return "bad-opening-hours", {"detail": Phrase("informal", "hours"), "fix": fix}, e.offset
        why = informal.diagnose(value, e.offset)
        offset = why.params["position"] - 1 if why.key == "at" else e.offset
        return "bad-opening-hours", {"detail": Phrase(why.key, "hours", why.params)}, offset
    return None


# Pure functions of the string, and records repeat their values (an organisation's phone and e-mail in
# each of its services, a few dozen opening-hours expressions nationwide): worth remembering per process.
BY_NAME = {name: lru_cache(maxsize=4096)(check)
           for name, check in {"phone": phone, "email": email, "url": url, "opening_hours": opening_hours}.items()}
