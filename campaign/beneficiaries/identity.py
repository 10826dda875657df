"""Phone numbers and citizen ID numbers as people type them, and what they can tell us.

Both are checked by the registration form and by the spreadsheet import, through these functions.
Spreadsheets often store them as numbers and drop the leading zero; that zero is put back.
"""

import re
from dataclasses import dataclass

import phonenumbers
from flask_babel import gettext as _

from campaign.core.text import excerpt

SEPARATORS = re.compile(r"[\s.\-()/]")
PROVINCE_CODES = frozenset(
    f"{code:03d}"
    for code in (
        1, 2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33, 34, 35, 36,
        37, 38, 40, 42, 44, 45, 46, 48, 49, 51, 52, 54, 56, 58, 60, 62, 64, 66, 67, 68, 70, 72, 74,
        75, 77, 79, 80, 82, 83, 84, 86, 87, 89, 91, 92, 93, 94, 95, 96,
    )
)  # fmt: skip
"""The first three digits of a citizen ID: the province of birth registration (63 provinces)."""
CENTURY_OF_DIGIT = {0: 1900, 1: 1900, 2: 2000, 3: 2000, 4: 2100, 5: 2100}
"""The fourth digit: century of birth and sex, even for men, odd for women."""


def _digits_only(text: str) -> bool:
    """0-9 and nothing else: not the superscript or full-width digits isdigit() accepts."""
    return text.isascii() and text.isdigit()


class IdentityError(ValueError):
    """The number cannot be right; the message says why, in the user's language."""


def normalise_phone(text: str) -> str:
    """A Vietnamese mobile number as ``0xxxxxxxxx``. ``phonenumbers`` (Google's libphonenumber
    data) knows which numbers are Vietnamese mobiles and reads ``+84``, ``84`` and separators; we
    only put back a leading zero that a spreadsheet lost."""
    digits = SEPARATORS.sub("", text)
    if len(digits) == 9 and _digits_only(digits):
        digits = "0" + digits
    try:
        number = phonenumbers.parse(digits, "VN")
    except phonenumbers.NumberParseException:
        number = None
    if (
        number is None
        or number.country_code != 84
        or not phonenumbers.is_valid_number(number)
        or phonenumbers.number_type(number) != phonenumbers.PhoneNumberType.MOBILE
    ):
        raise IdentityError(
            _("%(phone)s is not a Vietnamese mobile number (10 digits starting with 03, 05, 07,"
              " 08 or 09).", phone=excerpt(text))
        )  # fmt: skip
    return f"0{number.national_number}"


@dataclass(frozen=True)
class NationalId:
    number: str
    warnings: list[str]


def check_national_id(text: str, birth_year: int | None) -> NationalId:
    """The 12-digit citizen ID checked digit by digit: province code, century and sex, year.

    A wrong province code or century digit means a typing mistake: refused. A man's sex digit or
    a birth year that disagrees with the one entered may be a mistake in either: a warning.
    """
    digits = SEPARATORS.sub("", text)
    if len(digits) == 11 and _digits_only(digits):
        digits = "0" + digits
    if len(digits) != 12 or not _digits_only(digits):
        raise IdentityError(_("A citizen ID number has 12 digits."))
    if digits[:3] not in PROVINCE_CODES:
        raise IdentityError(
            _("A citizen ID number begins with a province code; %(code)s is not one.",
              code=digits[:3])
        )  # fmt: skip
    sex_digit = int(digits[3])
    if sex_digit not in CENTURY_OF_DIGIT:
        raise IdentityError(
            _("The fourth digit of a citizen ID number (century of birth and sex) cannot be"
              " %(digit)s.", digit=sex_digit)
        )  # fmt: skip
    warnings = []
    if sex_digit % 2 == 0:
        warnings.append(_("The citizen ID number is a man's (its fourth digit is even)."))
    year = CENTURY_OF_DIGIT[sex_digit] + int(digits[4:6])
    if birth_year is not None and year != birth_year:
        warnings.append(
            _("The citizen ID number says born in %(id_year)s, but the birth year entered is"
              " %(year)s.", id_year=year, year=birth_year)
        )  # fmt: skip
    return NationalId(digits, warnings)
