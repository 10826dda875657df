import unicodedata

import pytest

from campaign.core.text import (
    excerpt,
    like_pattern,
    looks_like_formula,
    name_sort_key,
    normalize_name,
    normalize_text,
    search_key,
    text_sort_key,
)

EXPECTED_ORDER = [
    "Đặng Văn An",
    "Nguyễn Văn Anh",
    "Đỗ Thị Ánh",
    "Ngô Thị Ân",
    "Chử Xuân Dũng",
    "Lê Thị Hà",
    "Nguyễn Thị Hà",
    "Lê Đại Thăng",
    "Vũ Thị Uyên",
    "Bùi Thị Ư",
]


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def test_names_sort_by_given_name_in_vietnamese_letter_order():
    shuffled = EXPECTED_ORDER[::-1][3:] + EXPECTED_ORDER[::-1][:3]
    assert sorted(shuffled, key=name_sort_key) == EXPECTED_ORDER


def test_decomposed_input_sorts_exactly_like_composed_input():
    assert [name_sort_key(nfd(name)) for name in EXPECTED_ORDER] == [
        name_sort_key(name) for name in EXPECTED_ORDER
    ]
    assert sorted((nfd(n) for n in EXPECTED_ORDER), key=name_sort_key) == [
        nfd(n) for n in EXPECTED_ORDER
    ]


def test_sort_keys_compare_bytewise_as_the_database_does():
    keys = [name_sort_key(name) for name in EXPECTED_ORDER]
    assert all(key.isascii() for key in keys)
    assert sorted(keys, key=lambda key: key.encode()) == keys


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Nguyễn Thị A", "Nguyễn Thị Ă"),  # a < ă < â
        ("Nguyễn Thị Ă", "Nguyễn Thị Â"),
        ("Lê Văn Dũng", "Lê Văn Đông"),  # d < đ
        ("Trần Thị Ô", "Trần Thị Ơ"),  # o < ô < ơ
        ("Trần Thị Hà", "Trần Thị Hằng"),  # shorter word first
        ("Phạm Thị Ha", "Phạm Thị Hà"),  # tones only break ties: none, huyền, hỏi, ngã, sắc, nặng
        ("Phạm Thị Hà", "Phạm Thị Hả"),
        ("Phạm Thị Hả", "Phạm Thị Hã"),
        ("Phạm Thị Hã", "Phạm Thị Há"),
        ("Phạm Thị Há", "Phạm Thị Hạ"),
        ("Phạm Thị Hạ", "Phạm Thị Hai"),  # letters outrank tones
        ("Mai", "Lê Mai"),  # a one-word name before a longer one with the same given name
        ("Lê Thị Mai", "Lê Thị Ngọc Mai"),
    ],
)
def test_pairs_in_vietnamese_order(first, second):
    assert name_sort_key(first) < name_sort_key(second)


def test_case_and_spacing_do_not_change_the_key():
    assert name_sort_key("  nguyễn   THỊ  hà ") == name_sort_key("Nguyễn Thị Hà")


def test_letters_outside_the_vietnamese_alphabet_still_sort():
    assert name_sort_key("Nguyễn Thị Zoe") > name_sort_key("Nguyễn Thị Yến")
    assert name_sort_key("Nguyễn Thị Çam") < name_sort_key("Nguyễn Thị Dung")


def test_place_names_sort_in_written_word_order():
    names = ["Ứng Hòa", "Ba Vì", "Mỹ Đức", "Sơn Tây", "Phúc Thọ", "Ba Đình"]
    assert sorted(names, key=text_sort_key) == [
        "Ba Đình", "Ba Vì", "Mỹ Đức", "Phúc Thọ", "Sơn Tây", "Ứng Hòa",
    ]  # fmt: skip


def test_normalisation_composes_and_replaces_lookalike_eth():
    assert normalize_text(nfd("Chử Xuân Dũng")) == "Chử Xuân Dũng"
    assert normalize_text("\u00d0ặng Văn \u00f0ức") == "Đặng Văn đức"
    assert normalize_text(None) is None
    assert normalize_text("  hai\ndòng  ") == "hai\ndòng"
    assert normalize_name(" Lê \u00a0Đại\tThăng ") == "Lê Đại Thăng"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Chử Xuân Dũng", "chu xuan dung"),
        (nfd("Chử Xuân Dũng"), "chu xuan dung"),
        ("ĐẶNG VĂN AN", "dang van an"),
        ("\u00d0ỗ Thị Ánh", "do thi anh"),
        ("Thị xã  Sơn Tây", "thi xa son tay"),
        ("Ứng Hòa", "ung hoa"),
        ("Ứng Hoà", "ung hoa"),
    ],
)
def test_search_key_drops_diacritics_and_case(text, key):
    assert search_key(text) == key


def test_like_pattern_escapes_wildcards():
    assert like_pattern("50%_a\\") == "%50\\%\\_a\\\\%"
    assert like_pattern("Sơn Tây") == "%son tay%"


@pytest.mark.parametrize(
    "hidden",
    ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u202a", "\u202e", "\u2066", "\u2069",
     "\u200e", "\u200f", "\u00ad", "\u180e", "\u034f", "\ufe0f", "\U000e0041", "\x00", "\x1b",
     "\x85"],
)  # fmt: skip
def test_invisible_characters_are_dropped_from_text_and_names(hidden):
    assert normalize_name(f"Nguyễn{hidden} Thị{hidden} Zw{hidden}") == "Nguyễn Thị Zw"
    assert normalize_text(f"{hidden}Tổ 5{hidden}\nthôn Đông") == "Tổ 5\nthôn Đông"
    assert search_key(f"Nguyễn{hidden} Thị") == "nguyen thi"


def test_what_vietnamese_needs_is_kept():
    decomposed = nfd("Nguyễn Thị Ánh, tổ 5\tthôn Đông")
    assert normalize_text(decomposed) == "Nguyễn Thị Ánh, tổ 5\tthôn Đông"
    assert normalize_text("Dòng 1\r\nDòng 2") == "Dòng 1\r\nDòng 2"


def test_every_digit_is_written_in_ascii():
    assert normalize_text("５０ phần, ٣ suất, ０９１２") == "50 phần, 3 suất, 0912"
    assert normalize_text("x²") == "x²"  # a superscript is no digit


@pytest.mark.parametrize(
    ("text", "formula"),
    [("=1+1", True), ("+84", True), ("-2+3", True), ("@SUM(1)", True), ("＝1", True),
     ("Nguyễn Thị Lan", False), ("", False), (None, False), ("Lan = Hoa", False)],
)  # fmt: skip
def test_what_looks_like_a_formula(text, formula):
    assert looks_like_formula(text) is formula


def test_an_excerpt_is_the_beginning_of_a_long_text():
    assert excerpt("ngắn") == "ngắn"
    assert excerpt("9" * 10_000) == "9" * 20 + "…"
