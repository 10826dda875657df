"""Phone numbers and citizen ID numbers as officials type them (no database)."""

import csv
from importlib import resources

import pytest

from campaign.beneficiaries.identity import (
    PROVINCE_CODES,
    IdentityError,
    check_national_id,
    normalise_phone,
)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0912345678", "0912345678"),
        ("0912 345 678", "0912345678"),
        ("0912.345.678", "0912345678"),
        ("091-234-5678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("84912345678", "0912345678"),
        ("912345678", "0912345678"),  # a spreadsheet dropped the zero
        ("(+84) 386 123 456", "0386123456"),
        ("0561234567", "0561234567"),
        ("0781234567", "0781234567"),
        ("0831234567", "0831234567"),
    ],
)
def test_mobile_numbers_are_normalised(typed, stored):
    assert normalise_phone(typed) == stored


@pytest.mark.parametrize(
    "typed",
    ["02433123456", "0123456789", "091234567", "09123456789", "0912a45678", "", "+1 415 555 0100",
     "0412345678", "84 24 3312 3456",
     "0801234567", "0501234567"],  # 080 and 050 are no carrier's mobiles
)  # fmt: skip
def test_what_is_not_a_vietnamese_mobile_is_refused(typed):
    with pytest.raises(IdentityError):
        normalise_phone(typed)


def test_a_womans_citizen_id_agreeing_with_her_birth_year_has_no_warning():
    checked = check_national_id("001 175 012345", 1975)
    assert checked.number == "001175012345" and checked.warnings == []
    assert check_national_id("079305001234", 2005).warnings == []  # born in the 2000s: 3


def test_the_leading_zero_lost_in_a_spreadsheet_is_put_back():
    assert check_national_id("01175012345", None).number == "001175012345"
    with pytest.raises(IdentityError):
        check_national_id("1175012345", None)  # two zeros lost: not guessed


@pytest.mark.parametrize(
    ("typed", "word"),
    [("0011750123", "12"), ("0011750123456", "12"), ("00117501234x", "12"),
     ("003175012345", "003"), ("100175012345", "100"), ("001675012345", "6")],
)  # fmt: skip
def test_numbers_that_cannot_be_right_are_refused(typed, word):
    with pytest.raises(IdentityError, match=word):
        check_national_id(typed, None)


def test_a_mans_number_or_another_birth_year_is_a_warning_not_a_refusal():
    mans = check_national_id("001075012345", 1975)
    assert len(mans.warnings) == 1 and "man" in mans.warnings[0]
    other_year = check_national_id("001175012345", 1976)
    assert len(other_year.warnings) == 1 and "1975" in other_year.warnings[0]
    both = check_national_id("001075012345", 1980)
    assert len(both.warnings) == 2


def test_the_province_codes_are_the_63_provinces_of_the_reference_data():
    data = resources.files("campaign") / "data" / "administrative_units.csv"
    with data.open(encoding="utf-8") as file:
        provinces = {
            "0" + row["code"]
            for row in csv.DictReader(file)
            if row["scheme"] == "pre2025" and row["level"] == "province"
        }
    assert len(PROVINCE_CODES) == 63
    assert provinces == PROVINCE_CODES
