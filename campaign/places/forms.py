from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SearchField, SelectField
from wtforms.validators import Length, NumberRange, Optional

from campaign.places.models import UnitLevel, UnitScheme


class UnitFilterForm(FlaskForm):
    """The filters of the administrative-unit list (a GET form: no CSRF token)."""

    class Meta:
        csrf = False

    q = SearchField(_l("Name"), validators=[Optional(), Length(max=100)])
    scheme = SelectField(
        _l("Scheme"),
        choices=[(UnitScheme.POST_2025.value, _l("From 1 July 2025 (2 levels)")),
                 (UnitScheme.PRE_2025.value, _l("Before 1 July 2025 (3 levels)"))],
        default=UnitScheme.POST_2025.value,
    )  # fmt: skip
    level = SelectField(
        _l("Level"),
        choices=[("", _l("All levels")),
                 (UnitLevel.PROVINCE.value, _l("Province / centrally-run city")),
                 (UnitLevel.DISTRICT.value, _l("District")),
                 (UnitLevel.COMMUNE.value, _l("Commune / ward"))],
        default="",
    )  # fmt: skip
    page = IntegerField(validators=[Optional(), NumberRange(min=1, max=100_000)], default=1)
