"""Money as Vietnamese documents write it: 1.500.000 đ, and in words for the "Bằng chữ" line.

The words are our own: num2words' Vietnamese reads 1 015 as "một nghìn mười lăm" (the hundreds
of a group after the first are read even when zero: "một nghìn không trăm mười lăm"), and gets
2 050 and 1 005 000 wrong the same way.
"""

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_GROUPS = ("", "nghìn", "triệu")
_BILLION = 1_000_000_000
CURRENCY = "đồng"


def money_text(amount: int | None, separator: str = ".") -> str:
    """1500000 → "1.500.000 đ"; nothing for no amount."""
    if amount is None:
        return ""
    return f"{amount:,}".replace(",", separator) + " đ"


def _group_words(number: int, leading: bool) -> list[str]:
    """The words of a group of three digits (1–999). A group after the first reads its zero
    hundreds and its zero tens ("không trăm linh năm"); the first does not ("năm")."""
    hundreds, tens, units = number // 100, number // 10 % 10, number % 10
    words = []
    if hundreds or not leading:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and words:
            words.append("linh")
    elif tens == 1:
        words.append("mười")
    else:
        words += [_DIGITS[tens], "mươi"]
    if units == 1 and tens > 1:
        words.append("mốt")
    elif units == 5 and tens > 0:
        words.append("lăm")
    elif units:
        words.append(_DIGITS[units])
    return words


def _below_billion_words(number: int, leading: bool) -> list[str]:
    """0 < number < 10⁹ as groups of thousands; groups of zeros are not read."""
    groups = [number // 1_000_000, number // 1000 % 1000, number % 1000]
    words: list[str] = []
    for group, scale in zip(groups, reversed(_GROUPS), strict=True):
        if group:
            words += _group_words(group, leading and not words)
            if scale:
                words.append(scale)
    return words


def _words(number: int, leading: bool = True) -> list[str]:
    """number > 0; above a billion the billions are read as a number of their own followed by
    "tỷ" (1 500 000 000 000: "một nghìn năm trăm tỷ")."""
    billions, rest = divmod(number, _BILLION)
    words = [*_words(billions, leading), "tỷ"] if billions else []
    if rest:
        words += _below_billion_words(rest, leading and not words)
    return words


def number_in_words(number: int) -> str:
    """A whole number ≥ 0 in Vietnamese words, lower case: 1015 → "một nghìn không trăm mười
    lăm"."""
    if isinstance(number, bool) or not isinstance(number, int) or number < 0:
        raise ValueError("number_in_words takes a whole number ≥ 0")
    return " ".join(_words(number)) if number else _DIGITS[0]


def amount_in_words(amount: int) -> str:
    """An amount of đồng as the "Bằng chữ" line writes it: 50000000 → "Năm mươi triệu đồng"."""
    words = number_in_words(amount)
    return f"{words[0].upper()}{words[1:]} {CURRENCY}"
