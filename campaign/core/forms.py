"""Pieces every form uses: validators with messages in the user's language (WTForms ships no
Vietnamese), and the filters that normalise what is typed (docs/architecture.md, "Text, names
and keys")."""

import datetime as dt
import re

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from wtforms import DateField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError
from wtforms.widgets import TextInput

from campaign.core.text import normalize_name, normalize_text

MIN_YEAR, MAX_YEAR = 1900, 2100
CHOICE_MESSAGE = _l("Choose one of the listed options.")
"""For every select field (``invalid_choice_message=``): WTForms' own message is English only."""


def required() -> DataRequired:
    return DataRequired(_l("This field is required."))


def filled() -> InputRequired:
    """Required, for fields that check their own format (dates, times, numbers): unlike
    :func:`required`, it keeps the format's message when the input is there but wrong."""
    return InputRequired(_l("This field is required."))


def max_length(count: int) -> Length:
    return Length(max=count, message=_l("At most %(max)d characters.", max=count))


def text_filter(value: str | None) -> str | None:
    """NFC, Đ for the look-alike Ð, surrounding spaces dropped; empty becomes None."""
    return normalize_text(value) or None


def name_filter(value: str | None) -> str | None:
    """:func:`text_filter`, with inner runs of spaces folded to one."""
    return normalize_name(value) or None


class LocalDateField(DateField):
    """A date typed the Vietnamese way (14/11/2022), whatever the browser's own locale; the ISO
    form (2022-11-14) is accepted too."""

    widget = TextInput()

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})
        super().__init__(label, validators, format=["%d/%m/%Y", "%Y-%m-%d"], **kwargs)

    def _value(self) -> str:
        if self.raw_data:
            return " ".join(self.raw_data)
        return self.data.strftime("%d/%m/%Y") if self.data else ""

    def process_formdata(self, valuelist) -> None:
        text = " ".join(valuelist).strip() if valuelist else ""
        if not text:
            self.data = None
            return
        for pattern in self.strptime_format:
            try:
                self.data = dt.datetime.strptime(text, pattern).date()
            except ValueError:
                continue
            if not MIN_YEAR <= self.data.year <= MAX_YEAR:
                self.data = None
                raise ValueError(
                    gettext("Choose a date between %(first)d and %(last)d.",
                            first=MIN_YEAR, last=MAX_YEAR)
                )  # fmt: skip
            return
        self.data = None
        raise ValueError(gettext("Write the date as dd/mm/yyyy, e.g. 14/11/2022."))


MARKUP = re.compile(r"<\s*[a-z!/?]", re.IGNORECASE)


def no_markup(form, field) -> None:
    """Text is plain text: refuse what looks like HTML (a tag or a script). Whatever is stored is
    escaped on display anyway; this tells the user at once that markup has no place here."""
    if field.data and MARKUP.search(field.data):
        raise ValidationError(gettext("Write plain text, without HTML tags (< … >)."))
