"""Pieces every form uses: validators with messages in the user's language (WTForms ships no
Vietnamese), and the filters that normalise what is typed (docs/architecture.md, "Text, names
and keys")."""

import datetime as dt
import re
from decimal import Decimal

from flask import current_app
from flask_babel import format_decimal, gettext
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileSize
from wtforms import DateField, IntegerField, SearchField
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    StopValidation,
    ValidationError,
)
from wtforms.widgets import TextInput

from campaign.core.dates import LOCAL_TIME_ZONE, parse_birth_year
from campaign.core.text import looks_like_formula, name_sort_key, normalize_name, normalize_text

MIN_YEAR, MAX_YEAR = 1900, 2100
WHOLE_NUMBER = re.compile(r"-?[0-9]{1,15}")
WHOLE_NUMBER_MESSAGE = _l("Type a whole number, e.g. 100.")
FORMULA_NAME_MESSAGE = _l(
    "A name cannot begin with =, +, - or @: a spreadsheet would take it for a formula."
)
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


def whole_number(text: str | None) -> int | None:
    """A whole number as typed: digits in any script (full-width "５０" is 50), an optional
    minus; None when it is no number or has more than 15 digits (no count here is larger)."""
    text = normalize_text(text) or ""
    return int(text) if WHOLE_NUMBER.fullmatch(text) else None


class WholeNumberField(IntegerField):
    """A whole number (:func:`whole_number`). A wrong one gets one message in the user's
    language (``invalid_value_message``, else :data:`WHOLE_NUMBER_MESSAGE`): not WTForms' English
    "Not a valid integer value.", nor the range's message after it."""

    def __init__(self, label=None, validators=None, invalid_value_message=None, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "numeric"})
        super().__init__(label, validators, invalid_value_message or WHOLE_NUMBER_MESSAGE, **kwargs)

    def process_formdata(self, valuelist) -> None:
        self.data = None
        text = (normalize_text(valuelist[0]) or "") if valuelist else ""
        if text:
            self.data = whole_number(text)
            if self.data is None:
                raise ValueError(str(self.invalid_value_message))

    def pre_validate(self, form) -> None:
        if self.process_errors:
            raise StopValidation()


THOUSANDS = re.compile(r"[0-9]{1,3}(\.[0-9]{3})+")
DECIMAL = re.compile(r"[0-9]{1,12}(,[0-9]{1,2})?")
DECIMAL_MESSAGE = _l("Type a number, e.g. 75 or 75,5.")


def decimal_number(text: str | None) -> Decimal | None:
    """A number as Vietnamese write it: "75,5", "1.500" (a thousand five hundred), "1.500,25";
    "75.5" is read as 75,5 too. At most 12 digits before the comma and 2 after; None when it is
    no such number."""
    text = (normalize_text(text) or "").replace(" ", "")
    if "," in text or THOUSANDS.fullmatch(text):
        text = text.replace(".", "")
    else:
        text = text.replace(".", ",", 1)
    return Decimal(text.replace(",", ".")) if DECIMAL.fullmatch(text) else None


class DecimalNumberField(WholeNumberField):
    """A number with up to two decimals (:func:`decimal_number`), 0 or more."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "decimal"})
        super().__init__(label, validators, DECIMAL_MESSAGE, **kwargs)

    def process_formdata(self, valuelist) -> None:
        self.data = None
        text = (normalize_text(valuelist[0]) or "") if valuelist else ""
        if text:
            self.data = decimal_number(text)
            if self.data is None:
                raise ValueError(str(self.invalid_value_message))

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else f"{self.data:f}".replace(".", ",")


class BirthYearField(WholeNumberField):
    """A birth year, by the rule the import follows too (:func:`parse_birth_year`)."""

    def process_formdata(self, valuelist) -> None:
        self.data = None
        if valuelist:
            self.data = parse_birth_year(valuelist[0])


def person_name(form, field) -> None:
    """A person's name never begins like a spreadsheet formula (:func:`looks_like_formula`)."""
    if looks_like_formula(field.data):
        raise ValidationError(str(FORMULA_NAME_MESSAGE))


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
        text = normalize_text(" ".join(valuelist)) if valuelist else ""
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


class LocalDateTimeField(LocalDateField):
    """A moment typed the Vietnamese way (14/11/2022 08:30) in Vietnam's time; its data is in
    UTC, as moments are stored."""

    FORMAT = "%d/%m/%Y %H:%M"

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {"placeholder": "dd/mm/yyyy hh:mm", "autocomplete": "off"})
        super().__init__(label, validators, **kwargs)

    def _value(self) -> str:
        if self.raw_data:
            return " ".join(self.raw_data)
        return self.data.astimezone(LOCAL_TIME_ZONE).strftime(self.FORMAT) if self.data else ""

    def process_formdata(self, valuelist) -> None:
        self.data = None
        text = " ".join((normalize_text(" ".join(valuelist)) or "").split()) if valuelist else ""
        if not text:
            return
        try:
            moment = dt.datetime.strptime(text, self.FORMAT)
        except ValueError:
            raise ValueError(
                gettext("Write the date and time as dd/mm/yyyy hh:mm, e.g. 14/11/2022 08:30.")
            ) from None
        if not MIN_YEAR <= moment.year <= MAX_YEAR:
            raise ValueError(
                gettext("Choose a date between %(first)d and %(last)d.",
                        first=MIN_YEAR, last=MAX_YEAR)
            )  # fmt: skip
        self.data = moment.replace(tzinfo=LOCAL_TIME_ZONE).astimezone(dt.UTC)


MARKUP = re.compile(r"<\s*[a-z!/?]", re.IGNORECASE)


def no_markup(form, field) -> None:
    """Text is plain text: refuse what looks like HTML (a tag or a script). Whatever is stored is
    escaped on display anyway; this tells the user at once that markup has no place here."""
    if field.data and MARKUP.search(field.data):
        raise ValidationError(gettext("Write plain text, without HTML tags (< … >)."))


def upload_limit_message() -> str:
    """What a user sending too large a file is told: the limit of the CAMPAIGN_MAX_UPLOAD_BYTES
    setting, in megabytes."""
    megabytes = current_app.config["CAMPAIGN_MAX_UPLOAD_BYTES"] / (1024 * 1024)
    return gettext(
        "Send a smaller file: at most %(size)s MB.", size=format_decimal(megabytes, "#,##0.#")
    )


def upload_size(form, field) -> None:
    """flask_wtf's ``FileSize`` with the setting's limit, built when the form is validated (the
    setting is the app's, not known when the form class is declared)."""
    limit = current_app.config["CAMPAIGN_MAX_UPLOAD_BYTES"]
    FileSize(limit, message=upload_limit_message())(form, field)


class NameJumpMixin:
    """A list in name order jumps to a typed name: its ``?from=`` (core.pagination), keyed the
    way the list's ``sort_key`` column is filled."""

    start = SearchField(
        _l("From the name"),
        name="from",
        validators=[max_length(100)],
        filters=[name_filter],
    )

    def start_key(self) -> tuple[str] | None:
        """The jump's key prefix for ``keyset_page(start=…)``, or None without one."""
        return (name_sort_key(self.start.data),) if self.start.data else None
