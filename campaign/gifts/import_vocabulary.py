"""The words a list of women may use, fixed here and not taken from the translations: editing
how the interface says "Hộ nghèo" must not change which files an import accepts.

Every word is matched without diacritics, case or punctuation (:func:`key`), in Vietnamese or
English whatever the user's language.
"""

import re

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from campaign.beneficiaries.models import Circumstance
from campaign.core.text import search_key
from campaign.places.models import UnitScheme

COLUMNS: dict[str, tuple[str, ...]] = {
    "full_name": ("Họ và tên", "Họ tên", "Full name", "Name"),
    "birth_year": ("Năm sinh", "Birth year", "Year of birth"),
    "province": (
        "Tỉnh/thành phố",
        "Tỉnh, thành phố",
        "Tỉnh",
        "Thành phố",
        "Province or city",
        "Province",
    ),
    "district": ("Quận/huyện", "Quận, huyện, thị xã", "Huyện", "Quận", "District"),
    "commune": (
        "Xã/phường",
        "Xã, phường, thị trấn",
        "Xã, phường, đặc khu",
        "Xã/phường/đặc khu",
        "Xã",
        "Phường",
        "Commune / ward",
        "Commune or ward",
        "Commune",
        "Ward",
    ),
    "address": ("Thôn, tổ dân phố", "Thôn/tổ dân phố", "Thôn, xóm", "Địa chỉ", "Village or street"),
    "phone": ("Số điện thoại", "Điện thoại", "SĐT", "Phone"),
    "national_id": ("Số CCCD", "Số căn cước", "CCCD", "Căn cước công dân", "Citizen ID number"),
    "circumstances": ("Hoàn cảnh", "Diện hoàn cảnh", "Circumstances"),
    "circumstance_note": ("Ghi chú hoàn cảnh", "Ghi chú", "Note on her circumstances", "Note"),
    "consent": ("Đồng ý cung cấp thông tin", "Đồng ý lưu thông tin", "Đồng ý", "Consent"),
}
"""Each column by the headers it may have; a header is found by :func:`key` too."""
REQUIRED_COLUMNS = ("full_name", "commune", "consent")
AREA_COLUMN = {UnitScheme.PRE_2025: "district", UnitScheme.POST_2025: "province"}
"""The column that tells apart two communes of the same name: the district on the old map, the
province on the new one (its communes lie straight in the province). The other is ignored."""
ALL_HEADERS = {
    "full_name": _l("Full name"),
    "birth_year": _l("Birth year"),
    "province": _l("Province or city"),
    "district": _l("District"),
    "commune": _l("Commune / ward"),
    "address": _l("Village or street"),
    "phone": _l("Phone"),
    "national_id": _l("Citizen ID number"),
    "circumstances": _l("Circumstances"),
    "circumstance_note": _l("Note on her circumstances"),
    "consent": _l("Consent"),
}
"""Every column's header, in the template's order."""
_NEW_MAP_COMMUNE = lazy_pgettext("new map", "Commune or ward")


def template_headers(scheme: UnitScheme | str) -> dict[str, object]:
    """The template's headers for a programme on ``scheme``, in the user's language: the old
    map's has a district column, the new map's a province column and "commune or ward". The
    template test checks that each is one of the accepted spellings of :data:`COLUMNS` in both
    languages."""
    scheme = UnitScheme(scheme)
    other = AREA_COLUMN[UnitScheme.POST_2025 if scheme == UnitScheme.PRE_2025 else
                        UnitScheme.PRE_2025]  # fmt: skip
    headers = {key: header for key, header in ALL_HEADERS.items() if key != other}
    if scheme == UnitScheme.POST_2025:
        headers["commune"] = _NEW_MAP_COMMUNE
    return headers


CIRCUMSTANCE_WORDS: dict[Circumstance, tuple[str, ...]] = {
    Circumstance.POOR_HOUSEHOLD: ("Hộ nghèo", "Poor household", "Poor"),
    Circumstance.NEAR_POOR_HOUSEHOLD: ("Hộ cận nghèo", "Cận nghèo", "Near-poor household"),
    Circumstance.SINGLE_MOTHER: ("Mẹ đơn thân", "Đơn thân", "Single mother"),
    Circumstance.DISABILITY: ("Khuyết tật", "Người khuyết tật", "Disability", "Disabled"),
    Circumstance.ETHNIC_MINORITY: ("Dân tộc thiểu số", "Ethnic minority"),
    Circumstance.ELDERLY_ALONE: (
        "Người cao tuổi sống một mình",
        "Người cao tuổi neo đơn",
        "Người già neo đơn",
        "Elderly, living alone",
    ),
    Circumstance.SERIOUS_ILLNESS: (
        "Mắc bệnh hiểm nghèo",
        "Bệnh hiểm nghèo",
        "Serious illness",
    ),
    Circumstance.SURVIVOR_OF_VIOLENCE: (
        "Nạn nhân bạo lực",
        "Nạn nhân bạo lực gia đình",
        "Survivor of violence",
    ),
    Circumstance.OTHER: ("Hoàn cảnh khác", "Khác", "Other circumstance", "Other"),
}
TEMPLATE_EXAMPLE_CIRCUMSTANCES = ", ".join(
    CIRCUMSTANCE_WORDS[category][0]
    for category in (Circumstance.POOR_HOUSEHOLD, Circumstance.SINGLE_MOTHER)
)
"""The circumstances of the template's example row, in words the import reads."""

YES = ("x", "có", "yes", "y", "1", "true", "đồng ý", "đã đồng ý", "v")
TICKS = frozenset("✓✔☑")
NOT_WORDS = re.compile(r"[^a-z0-9]+")


def key(text: str) -> str:
    """What a word is matched by: no diacritics (đ → d), no case, no spaces or punctuation."""
    return NOT_WORDS.sub("", search_key(text))


YES_KEYS = frozenset(key(word) for word in YES)
CIRCUMSTANCE_KEYS = {
    key(word): category for category, words in CIRCUMSTANCE_WORDS.items() for word in words
}


def agreed(text: str) -> bool:
    """Whether the consent cell says yes: x, có, đồng ý, a tick mark; empty is no."""
    text = text.strip()
    return text in TICKS or (bool(key(text)) and key(text) in YES_KEYS)


def circumstance_named(text: str) -> Circumstance | None:
    """The category a cell names (one of several separated by commas), or None."""
    return CIRCUMSTANCE_KEYS.get(key(text))
