"""Checks for values that Table Schema types cannot express: phones, emails, web addresses, hours.

Each takes the string as written and returns None when it is fine, else (code, params, offset),
where offset (or None) is the 0-based character in the value at fault.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from ..hours import informal
from ..hours.parse import HoursError, parse
from .messages import Phrase

Failure = tuple[str, dict, int | None] | None
_SPACE = re.compile(r"\s")  # the characters str.isspace() accepts, found without a loop in Python


def phone(value: str) -> Failure:
    try:
        number = phonenumbers.parse(value, "DK")
    except phonenumbers.NumberParseException:
        return "bad-phone", {}, None
    return None if phonenumbers.is_valid_number(number) else ("bad-phone", {}, None)


def email(value: str) -> Failure:
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
