"""Forms of the officials area: the person, a position, the search above the list."""

import re

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy.orm import joinedload
from wtforms import BooleanField, SearchField, SelectChoice, SelectField, StringField
from wtforms.validators import InputRequired, NumberRange, Optional, Regexp

from campaign.core.forms import (
    CHOICE_MESSAGE,
    WholeNumberField,
    max_length,
    name_filter,
    no_markup,
    person_name,
    required,
    text_filter,
)
from campaign.core.labels import label
from campaign.core.submissions import SubmissionMixin
from campaign.core.text import search_key
from campaign.extensions import db
from campaign.places.choices import organization_choices as organization_options
from campaign.places.models import GOVERNMENT_LEVEL_RANK, Organization

MAX_PRECEDENCE = 9999
PHONE = re.compile(r"^\+?[0-9][0-9 .()-]{5,19}$")
EMAIL = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\".]+$")


def organization_label(organization: Organization) -> str:
    """The organization's name, with its unit when the name does not say it already."""
    unit = organization.unit
    if unit is None or search_key(unit.name) in organization.search_key:
        return organization.name
    return f"{organization.name} ({unit.full_name})"


def organization_choices() -> list[SelectChoice]:
    """Every organization, central bodies first, then province, district and commune ones; by
    name in Vietnamese order within a level."""
    levels = {level.value: rank for level, rank in GOVERNMENT_LEVEL_RANK.items()}
    organizations = db.session.scalars(
        sa.select(Organization)
        .options(joinedload(Organization.unit))
        .order_by(sa.case(levels, value=Organization.level), Organization.sort_key,
                  Organization.id)
    )  # fmt: skip
    options = organization_options(organizations, organization_label, lambda o: label(o.level))
    return [SelectChoice("", _l("— Choose an organization —")), *options]


class OfficialSearchForm(FlaskForm):
    """The search above the official list (a GET form: no CSRF token)."""

    class Meta:
        csrf = False

    q = SearchField(_l("Name"), validators=[max_length(100)])
    jump = StringField(_l("Go to name"), name="from", validators=[max_length(100)],
                       filters=[name_filter])  # fmt: skip
    """Where the list opens: the names from this given name (or full name) on."""


class OfficialForm(FlaskForm):
    full_name = StringField(
        _l("Full name"),
        validators=[required(), max_length(150), no_markup, person_name],
        filters=[name_filter],
    )
    phone = StringField(
        _l("Phone"),
        validators=[
            Optional(),
            max_length(20),
            Regexp(PHONE, message=_l("Type a phone number: digits, spaces and + . - ( ) only.")),
        ],
        filters=[text_filter],
        render_kw={"inputmode": "tel", "autocomplete": "off"},
    )
    email = StringField(
        _l("E-mail"),
        validators=[
            Optional(),
            max_length(254),
            Regexp(EMAIL, message=_l("Type an e-mail address such as ten@hanoi.gov.vn.")),
        ],
        filters=[text_filter],
        render_kw={"inputmode": "email", "autocomplete": "off"},
    )


class PositionForm(SubmissionMixin, FlaskForm):
    """A position held: the title, the organization, the protocol rank within its level."""

    title = StringField(
        _l("Position"), validators=[required(), max_length(150), no_markup], filters=[name_filter]
    )
    organization = SelectField(
        _l("Organization"), validators=[required()], invalid_choice_message=CHOICE_MESSAGE
    )
    precedence = WholeNumberField(
        _l("Precedence"),
        default=100,
        validators=[
            InputRequired(_l("This field is required.")),
            NumberRange(
                min=0, max=MAX_PRECEDENCE, message=_l("Type a whole number from 0 to 9999.")
            ),
        ],
        description=_l(
            "Protocol rank among the officials of the same level: lower goes first (e.g. 10 for "
            "a chair, 20 for a vice-chair)."
        ),
        render_kw={"inputmode": "numeric"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization.choices = organization_choices()


class NewOfficialForm(PositionForm, OfficialForm):
    """A new official with the main position; ``create_anyway`` confirms a possible namesake."""

    create_anyway = BooleanField(_l("Create anyway: this is a different person"))
