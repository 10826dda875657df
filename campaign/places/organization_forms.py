"""Forms of the organizations area: the filters of the list and the organization form."""

import sqlalchemy as sa
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SearchField, SelectChoice, SelectField, StringField
from wtforms.validators import ValidationError

from campaign.campaigns.models import Campaign
from campaign.core.forms import CHOICE_MESSAGE, max_length, name_filter, required
from campaign.core.submissions import SubmissionMixin
from campaign.extensions import db
from campaign.labels import choices
from campaign.places.models import (
    AdministrativeUnit,
    GovernmentLevel,
    OrganizationKind,
    UnitLevel,
    UnitScheme,
)

MARKUP_CHARACTERS = frozenset("<>")


def no_markup(form, field) -> None:
    """Refuse ``<`` and ``>``: no name or title needs them, and they are how markup starts."""
    if field.data and MARKUP_CHARACTERS.intersection(field.data):
        # gettext, not a lazy string: Flask-Babel marks lazy strings as safe HTML.
        raise ValidationError(
            gettext("Remove the characters < and >: they cannot be part of a name.")
        )


def unit_choices() -> list[SelectChoice]:
    """Every province and district of the 3-level scheme (the 2022 map), grouped by province: the
    province itself first, then its districts. Provinces that run a campaign come first."""
    units = db.session.scalars(
        sa.select(AdministrativeUnit).where(
            AdministrativeUnit.scheme == UnitScheme.PRE_2025,
            AdministrativeUnit.level.in_([UnitLevel.PROVINCE, UnitLevel.DISTRICT]),
        )
    ).all()
    provinces = {unit.id: unit for unit in units if unit.level == UnitLevel.PROVINCE}
    campaign_units = set(db.session.scalars(sa.select(Campaign.unit_id)))

    def order(unit: AdministrativeUnit) -> tuple:
        province = provinces.get(unit.parent_id, unit)
        return (
            province.id not in campaign_units,
            province.sort_key,
            province.id,
            unit.level != UnitLevel.PROVINCE,
            unit.sort_key,
        )

    return [SelectChoice("", _l("— None (central body) —"))] + [
        SelectChoice(
            str(unit.id), unit.full_name, optgroup=provinces.get(unit.parent_id, unit).full_name
        )
        for unit in sorted(units, key=order)
    ]


class OrganizationFilterForm(FlaskForm):
    """The filters of the organization list (a GET form: no CSRF token)."""

    class Meta:
        csrf = False

    q = SearchField(_l("Name"), validators=[max_length(100)])
    level = SelectField(
        _l("Level"),
        choices=choices(GovernmentLevel, blank=_l("All levels")),
        default="",
        invalid_choice_message=CHOICE_MESSAGE,
    )


class OrganizationForm(FlaskForm):
    name = StringField(
        _l("Name"), validators=[required(), max_length(255), no_markup], filters=[name_filter]
    )
    short_name = StringField(
        _l("Short name"), validators=[max_length(100), no_markup], filters=[name_filter]
    )
    kind = SelectField(
        _l("Kind of body"),
        choices=choices(OrganizationKind, blank=_l("— Choose a kind —")),
        validators=[required()],
        invalid_choice_message=CHOICE_MESSAGE,
    )
    level = SelectField(
        _l("Level"),
        choices=choices(GovernmentLevel, blank=_l("— Choose a level —")),
        validators=[required()],
        invalid_choice_message=CHOICE_MESSAGE,
    )
    unit = SelectField(
        _l("Administrative unit it serves"),
        invalid_choice_message=CHOICE_MESSAGE,
        description=_l(
            "Empty for a central body; the province or district otherwise. For a commune-level "
            "body, choose its district and type the commune below."
        ),
    )
    commune = StringField(
        _l("Commune (for a commune-level body only)"),
        validators=[max_length(100), no_markup],
        filters=[name_filter],
        description=_l("The commune's name, e.g. Tản Lĩnh."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit.choices = unit_choices()


class NewOrganizationForm(SubmissionMixin, OrganizationForm):
    pass
