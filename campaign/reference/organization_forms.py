"""Forms of the organizations area: the filters of the list and the organization form."""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SearchField, SelectChoice, SelectField, StringField

from campaign.core.forms import CHOICE_MESSAGE, max_length, name_filter, no_markup, required
from campaign.core.labels import choices
from campaign.core.submissions import SubmissionMixin
from campaign.extensions import db
from campaign.places.choices import unit_choices as shared_unit_choices
from campaign.places.maps import PICKED_LEVELS
from campaign.places.models import GovernmentLevel, Organization, OrganizationKind, UnitScheme


def unit_choices() -> list[SelectChoice]:
    """The units that already have organizations come first."""
    in_use = db.session.scalars(sa.select(Organization.unit_id).distinct())
    return [
        SelectChoice("", _l("— None (central body) —")),
        *shared_unit_choices(UnitScheme.PRE_2025, PICKED_LEVELS[UnitScheme.PRE_2025], first=in_use),
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
