"""A phone number becomes the `tel:` link a tap dials: E.164, the same as phonenumbers gives, however it is spaced."""

from __future__ import annotations

import phonenumbers
from hypothesis import given
from hypothesis import strategies as st

from generator.sanitise import tel_href


def e164(phone: str) -> str:
    try:
        number = phonenumbers.parse(phone, "DK")
    except phonenumbers.NumberParseException:
        return ""
    return "tel:" + phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


digits = st.text("0123456789", min_size=1, max_size=12)


@given(st.sampled_from(["", "+45", "+45 ", "0045", "0045 ", "+46 ", "+"]), st.lists(digits, min_size=1, max_size=5))
def test_a_number_links_to_what_phonenumbers_makes_of_it(prefix, groups):
    phone = prefix + " ".join(groups)
    assert tel_href.__wrapped__(phone) == e164(phone)


def test_danish_numbers_as_contributors_write_them():
    assert tel_href("45 55 83 81") == "tel:+4545558381"
    assert tel_href("+45 70 10 10 49") == "tel:+4570101049"
    assert tel_href("+46 8 123 456 78") == "tel:+46812345678"
