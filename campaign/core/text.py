"""Vietnamese text: normalisation, diacritic-free search keys and name sort keys.

Every piece of text a user enters goes through :func:`normalize_text` (or :func:`normalize_name`
for names) before it is stored, so that one name has one spelling in the database whatever
keyboard, input method or file it came from: no invisible characters (zero-width spaces, direction
controls, control characters), and every digit an ASCII digit.

People and places carry two stored, indexed columns computed here:

* ``search_key`` (:func:`search_key`): no diacritics, ``đ`` → ``d``, case-folded, single spaces,
  so that "chu xuan dung" finds "Chử Xuân Dũng";
* ``sort_key`` (:func:`name_sort_key`): orders a list the way Vietnamese officials expect — by
  given name (the last word), then family and middle names; letters in Vietnamese alphabetical
  order (a ă â b c d đ e ê …); tones only break ties between words spelt alike, in dictionary
  order (none, huyền, hỏi, ngã, sắc, nặng).

Sort keys are plain ASCII made of digits and ``!``. They sort correctly under byte-wise
comparison (SQLite's default and PostgreSQL's "C" collation; see ``core.columns.SortKey``).
"""

import re
import unicodedata

_LOOKALIKES = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})  # Ð ð → Đ đ
_ASCII_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # all but tab and line breaks
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs"})
"""Controls, format characters (U+200B–U+200F zero-width and direction marks, U+202A–U+202E and
U+2066–U+2069 direction overrides and isolates, U+2060 word joiner, U+FEFF, U+00AD soft hyphen …)
and lone surrogates. Vietnamese needs none of them: its letters are base letters and combining
marks, which NFC composes."""
_INVISIBLE_MARKS = frozenset(
    [0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180B, 0x180C, 0x180D, 0x180F, 0x3164, 0xFFA0,
     *range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)]
)  # fmt: skip
"""Unicode's other default-ignorable characters: variation selectors, the combining grapheme
joiner, Hangul fillers, which show nothing either."""
_FORMULA_STARTS = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")  # and their full-width forms
EXCERPT_LENGTH = 20

# Combining marks that make a different Vietnamese letter (ă â ê ô ơ ư), as opposed to tones.
_BREVE, _CIRCUMFLEX, _HORN = "\u0306", "\u0302", "\u031b"
# Tone marks, in the order a Vietnamese dictionary ranks them after the unmarked syllable.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}

_ALPHABET = [
    *"0123456789",
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m",
    "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
]  # fmt: skip
_LETTER_CODES = {letter: f"{index + 10:02d}" for index, letter in enumerate(_ALPHABET)}
_WORD_SEPARATOR = "00"  # sorts before every letter: "An" before "Anh"
_TONE_SECTION = "!"  # sorts before every digit: a name before a longer name it begins


class _Cleaning(dict):
    """The :meth:`str.translate` table of :func:`normalize_text` for non-ASCII text, filled in as
    characters are met (the Basic Multilingual Plane's only, so that its size stays bounded):
    invisible characters dropped, every decimal digit (full-width "５", Arabic-Indic …) made the
    ASCII digit it means, the look-alike Ð/ð made Đ/đ."""

    def __missing__(self, code: int) -> str | None:
        character = chr(code)
        category = unicodedata.category(character)
        invisible = category in _INVISIBLE_CATEGORIES and character not in "\t\n\r"
        if invisible or code in _INVISIBLE_MARKS:
            value = None
        elif category == "Nd":
            value = str(unicodedata.decimal(character))
        else:
            value = character.translate(_LOOKALIKES)
        if code < 0x10000:
            self[code] = value
        return value


_CLEANING = _Cleaning()


def normalize_text(value: str | None) -> str | None:
    """NFC-normalise, drop invisible characters, write every digit in ASCII, replace the
    look-alike Ð/ð with Đ/đ and strip surrounding white space.

    Line breaks and tabs inside the text are kept; ``None`` stays ``None``.
    """
    if value is None:
        return None
    if value.isascii():
        return _ASCII_CONTROLS.sub("", value).strip()
    return unicodedata.normalize("NFC", value.translate(_CLEANING)).strip()


def normalize_name(value: str | None) -> str | None:
    """:func:`normalize_text`, with every run of white space folded to one space."""
    text = normalize_text(value)
    return None if text is None else " ".join(text.split())


def looks_like_formula(text: str | None) -> bool:
    """Whether a spreadsheet program would take ``text`` for a formula (=, +, -, @ first): no
    person's name begins so, and such a "name" is an attack on whoever exports the list."""
    return bool(text) and text[0] in _FORMULA_STARTS


def excerpt(text: str, length: int = EXCERPT_LENGTH) -> str:
    """The beginning of what a user typed, for a message that quotes it: never the whole of a
    10,000-character input."""
    return text if len(text) <= length else text[:length] + "…"


def search_key(value: str | None) -> str:
    """Diacritic-free, case-folded form for searching: "Chử Xuân Dũng" → "chu xuan dung"."""
    text = normalize_name(value) or ""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.replace("đ", "d")


def like_pattern(query: str) -> str:
    """A ``LIKE … ESCAPE '\\'`` pattern matching ``query`` anywhere in a search key."""
    escaped = search_key(query).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _split_letter(decomposed_letter: str) -> tuple[str, int]:
    """(Vietnamese base letter, tone rank) of one NFD letter cluster."""
    base, marks = decomposed_letter[0], decomposed_letter[1:]
    tone = 0
    for mark in marks:
        if mark in _TONES:
            tone = _TONES[mark]
        elif mark in (_BREVE, _CIRCUMFLEX, _HORN):
            base = unicodedata.normalize("NFC", base + mark)
    return base, tone


def _letters(word: str) -> list[tuple[str, int]]:
    """The word's letters as (base letter, tone) pairs, dropping punctuation."""
    decomposed = unicodedata.normalize("NFD", word.casefold())
    clusters: list[str] = []
    for ch in decomposed:
        if unicodedata.combining(ch) and clusters:
            clusters[-1] += ch
        elif ch.isalnum():
            clusters.append(ch)
    return [_split_letter(cluster) for cluster in clusters]


def _letter_code(letter: str) -> str:
    if letter in _LETTER_CODES:
        return _LETTER_CODES[letter]
    # A letter from outside the Vietnamese alphabet (ç, ø, …) sorts as its unaccented base,
    # or after every Vietnamese letter when it has none.
    base = unicodedata.normalize("NFD", letter)[0]
    return _LETTER_CODES.get(base, "99")


def _word_key(word: str) -> tuple[str, str]:
    letters = _letters(word)
    primary = "".join(_letter_code(letter) for letter, _ in letters)
    tone = max((tone for _, tone in letters), default=0)
    return primary, str(tone)


def name_sort_key(full_name: str | None) -> str:
    """Sort key for a person's full name, the way Vietnamese lists are ordered.

    The given name (last word) decides first, its tone breaking ties between given names
    spelt alike (An < Anh < Ánh < Ân); then the family and middle names in written order,
    their tones last.

    >>> name_sort_key("Đặng Văn An") < name_sort_key("Nguyễn Văn Anh") < name_sort_key("Đỗ Thị Ánh")
    True
    """
    words = (normalize_name(full_name) or "").split(" ")
    given_letters, given_tone = _word_key(words[-1])
    key = f"{given_letters}{_TONE_SECTION}{given_tone}"
    if len(words) > 1:
        key += _WORD_SEPARATOR + _words_key(words[:-1])
    return key


def text_sort_key(value: str | None) -> str:
    """Sort key for a place or organisation name: the words in their written order."""
    return _words_key((normalize_name(value) or "").split(" "))


def _words_key(words: list[str]) -> str:
    """Letters of every word (tones ignored), then their tones as the tie-break."""
    keys = [_word_key(word) for word in words if word]
    letters = _WORD_SEPARATOR.join(word_letters for word_letters, _ in keys)
    return f"{letters}{_TONE_SECTION}{''.join(tone for _, tone in keys)}"
