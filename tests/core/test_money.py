"""Amounts in words for the "Bằng chữ" line, and money as documents print it."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from campaign.core.money import amount_in_words, money_text, number_in_words

AMOUNTS = [
    (0, "Không đồng"),
    (5, "Năm đồng"),
    (10, "Mười đồng"),
    (11, "Mười một đồng"),
    (14, "Mười bốn đồng"),
    (15, "Mười lăm đồng"),
    (20, "Hai mươi đồng"),
    (21, "Hai mươi mốt đồng"),
    (24, "Hai mươi bốn đồng"),
    (25, "Hai mươi lăm đồng"),
    (55, "Năm mươi lăm đồng"),
    (100, "Một trăm đồng"),
    (101, "Một trăm linh một đồng"),
    (105, "Một trăm linh năm đồng"),
    (110, "Một trăm mười đồng"),
    (115, "Một trăm mười lăm đồng"),
    (1_000, "Một nghìn đồng"),
    (1_015, "Một nghìn không trăm mười lăm đồng"),
    (2_050, "Hai nghìn không trăm năm mươi đồng"),
    (10_001, "Mười nghìn không trăm linh một đồng"),
    (15_000, "Mười lăm nghìn đồng"),
    (500_000, "Năm trăm nghìn đồng"),
    (1_000_001, "Một triệu không trăm linh một đồng"),
    (1_005_000, "Một triệu không trăm linh năm nghìn đồng"),
    (1_500_000, "Một triệu năm trăm nghìn đồng"),
    (21_000_000, "Hai mươi mốt triệu đồng"),
    (50_000_000, "Năm mươi triệu đồng"),
    (100_000_000, "Một trăm triệu đồng"),
    (1_000_000_000, "Một tỷ đồng"),
    (1_000_500_000, "Một tỷ năm trăm nghìn đồng"),
    (1_005_500_000, "Một tỷ không trăm linh năm triệu năm trăm nghìn đồng"),
    (2_000_000_001, "Hai tỷ không trăm linh một đồng"),
    (1_500_000_000_000, "Một nghìn năm trăm tỷ đồng"),
    (25_000_000_000_000, "Hai mươi lăm nghìn tỷ đồng"),
]


@pytest.mark.parametrize(("amount", "words"), AMOUNTS)
def test_amount_in_words(amount, words):
    assert amount_in_words(amount) == words


@pytest.mark.parametrize("wrong", [-1, 1.5, "100", True, None])
def test_only_whole_numbers_of_zero_or_more_are_read(wrong):
    with pytest.raises(ValueError):
        number_in_words(wrong)


@given(st.integers(min_value=1, max_value=10**15))
def test_every_group_of_digits_is_read_once(number):
    """A reading back of the words gives the number: no group lost, none read twice."""
    values = {word: digit for digit, word in enumerate(
        ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"])}
    values |= {"mốt": 1, "lăm": 5}
    scales = {"nghìn": 10**3, "triệu": 10**6, "tỷ": 10**9}

    def read(words: list[str]) -> int:
        for scale in ("tỷ", "triệu", "nghìn"):  # the largest scale splits the phrase
            if scale in words:
                at = len(words) - 1 - words[::-1].index(scale)
                return read(words[:at]) * scales[scale] + read(words[at + 1:])
        total, digit = 0, 0
        for word in words:
            if word == "trăm":
                total += digit * 100
                digit = 0
            elif word in ("mươi", "mười"):
                total += (digit if word == "mươi" else 1) * 10
                digit = 0
            elif word != "linh":
                digit = values[word]
        return total + digit

    assert read(number_in_words(number).split()) == number


def test_money_text_groups_thousands_with_dots():
    assert money_text(1_500_000) == "1.500.000 đ"
    assert money_text(0) == "0 đ"
    assert money_text(None) == ""
