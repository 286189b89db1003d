"""The phone and e-mail checks say what phonenumbers and email_validator say: their fast paths for plain Danish
numbers and plain ASCII addresses never accept a value the full check would refuse, nor refuse one it accepts."""

from __future__ import annotations

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.validate.checks import email, phone


def phonenumbers_accepts(value: str) -> bool:
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(value, "DK"))
    except phonenumbers.NumberParseException:
        return False


def email_validator_accepts(value: str) -> bool:
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


spaced_digits = st.lists(st.text("0123456789", min_size=1, max_size=4), min_size=1, max_size=5).map(" ".join)


@settings(max_examples=500)
@given(st.sampled_from(["", "+45", "+45 ", "0045", "0045 ", " ", "+46 ", "+"]), spaced_digits,
       st.sampled_from(["", " ", "  "]))
@example("", "45 55 83 81", "")
@example("+45 ", "70 10 10 49", "")
@example("", "12345678", "")
@example("", "00 12 34 56", "")
def test_a_phone_number_is_valid_exactly_when_phonenumbers_says_so(prefix, digits, suffix):
    value = prefix + digits + suffix
    assert (phone(value) is None) == phonenumbers_accepts(value), value


label = st.text("abcxyzABC019-", min_size=1, max_size=12)
local = st.text("abcXYZ019._+-!#%~", min_size=1, max_size=20)


@settings(max_examples=500)
@given(local, st.lists(label, min_size=1, max_size=3),
       st.sampled_from(["dk", "org", "test", "localhost", "local", "c0m", "x", "museum", "onion", "DK"]))
@example("a..b", ["example"], "org")
@example("a", ["xn--bcher-kva"], "com")
@example("a", ["ex-"], "com")
@example("a" * 65, ["example"], "org")
def test_an_address_is_valid_exactly_when_email_validator_says_so(user, labels, tld):
    value = f"{user}@{'.'.join(labels)}.{tld}"
    assert (email(value) is None) == email_validator_accepts(value), value
