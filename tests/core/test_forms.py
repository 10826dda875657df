"""Number fields: one rule for every form, and one message in the user's language."""

import pytest
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms.validators import NumberRange, Optional

from campaign.core.forms import BirthYearField, WholeNumberField, whole_number


class CountForm(FlaskForm):
    class Meta:
        csrf = False

    count = WholeNumberField("Count", validators=[Optional(), NumberRange(0, 100, "0 đến 100")])
    year = BirthYearField("Year", validators=[Optional()])


def validated(app, **values) -> CountForm:
    with app.test_request_context():
        form = CountForm(MultiDict(values))
        form.validate()
        return form


@pytest.mark.parametrize(
    ("text", "number"),
    [("50", 50), (" 50 ", 50), ("５０", 50), ("٥٠", 50), ("-3", -3), ("1_000", None),
     ("1e3", None), ("²", None), ("9" * 16, None), ("9" * 10_000, None), ("", None)],
)  # fmt: skip
def test_a_whole_number_however_its_digits_were_typed(text, number):
    assert whole_number(text) == number


def test_a_number_field_reads_full_width_digits(app):
    form = validated(app, count="５０", year="１９７５")
    assert (form.count.data, form.year.data, form.errors) == (50, 1975, {})


@pytest.mark.parametrize("typed", ["abc", "1.5", "9" * 10_000])
def test_a_wrong_number_has_one_message_in_vietnamese(app, typed):
    errors = validated(app, count=typed).errors["count"]
    assert errors == ["Vui lòng nhập số nguyên, ví dụ: 100."]


def test_a_number_out_of_range_has_the_ranges_message_only(app):
    assert validated(app, count="101").errors == {"count": ["0 đến 100"]}


@pytest.mark.parametrize(
    ("typed", "read"),
    [("75", "75"), ("75,5", "75.5"), ("75.5", "75.5"), ("1.500", "1500"), ("1.500,25", "1500.25"),
     ("１２,５", "12.5"), (" 0,05 ", "0.05"), ("12,345", None), ("-5", None), ("1e5", None),
     ("9999999999999", None), ("", None), ("75%", None)],
)  # fmt: skip
def test_numbers_are_read_the_vietnamese_way(typed, read):
    from decimal import Decimal

    from campaign.core.forms import decimal_number

    assert decimal_number(typed) == (Decimal(read) if read is not None else None)
