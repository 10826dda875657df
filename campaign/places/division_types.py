"""What each kind of unit is called on screen: the data holds the Vietnamese word (``xã``)."""

from flask_babel import lazy_pgettext

DIVISION_TYPES = {
    "tỉnh": lazy_pgettext("division type", "province"),
    "thành phố trung ương": lazy_pgettext("division type", "centrally-run city"),
    "thành phố": lazy_pgettext("division type", "city"),
    "quận": lazy_pgettext("division type", "urban district"),
    "huyện": lazy_pgettext("division type", "rural district"),
    "thị xã": lazy_pgettext("division type", "town"),
    "xã": lazy_pgettext("division type", "commune"),
    "phường": lazy_pgettext("division type", "ward"),
    "thị trấn": lazy_pgettext("division type", "township"),
    "đặc khu": lazy_pgettext("division type", "special zone"),
}


def division_type_name(stored: str) -> str:
    """``xã`` as the user's language says it; a type the data adds later shows as stored."""
    return str(DIVISION_TYPES.get(stored, stored))
