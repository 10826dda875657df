"""Forms of the events area: input checks only; the rules live in services.py."""

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import NumberRange, Optional, ValidationError

from campaign.campaigns.models import Campaign, CampaignStatus
from campaign.core.forms import (
    CHOICE_MESSAGE,
    LocalDateField,
    WholeNumberField,
    filled,
    max_length,
    name_filter,
    no_markup,
    required,
    text_filter,
)
from campaign.core.labels import choices
from campaign.core.lookup import LookupField
from campaign.core.submissions import SubmissionMixin
from campaign.events.models import EventKind, EventStatus, ParticipationRole
from campaign.events.queries import DATE_ORDERS
from campaign.extensions import db
from campaign.officials.lookup import OfficialLookup
from campaign.places.choices import organization_choices as organization_options
from campaign.places.choices import province_of, unit_choices
from campaign.places.maps import PICKED_LEVELS
from campaign.places.models import Organization, UnitScheme

TIME_MESSAGE = _l("Write the time as hh:mm, e.g. 08:30.")
COUNT_MESSAGE = _l("A whole number from 0 to 1,000,000.")


def _time_field(label) -> TimeField:
    return TimeField(
        label, validators=[Optional()], invalid_value_message=TIME_MESSAGE,
        render_kw={"placeholder": "hh:mm"},
    )  # fmt: skip


def _count_field(label) -> WholeNumberField:
    return WholeNumberField(
        label,
        validators=[Optional(), NumberRange(0, 1_000_000, COUNT_MESSAGE)],
        invalid_value_message=COUNT_MESSAGE,
    )


def campaign_choices(current_id: int | None = None) -> list[SelectChoice]:
    """Campaigns still open, and the one the event belongs to (closed or not)."""
    campaigns = db.session.scalars(
        sa.select(Campaign)
        .where(sa.or_(Campaign.status != CampaignStatus.CLOSED, Campaign.id == current_id))
        .order_by(Campaign.start_date.desc(), Campaign.id)
    )
    return [SelectChoice(str(c.id), c.name) for c in campaigns]


def organization_choices() -> list[SelectChoice]:
    organizations = db.session.scalars(sa.select(Organization).order_by(Organization.sort_key))
    return organization_options(organizations)


class EventForm(FlaskForm):
    units_for: Campaign | None = None
    """The campaign whose units the pickers offer (``offer_units``)."""

    campaign = SelectField(_l("Campaign"), validators=[required()],
                           invalid_choice_message=CHOICE_MESSAGE)  # fmt: skip
    title = StringField(_l("Title"), validators=[required(), max_length(255), no_markup],
                        filters=[name_filter])  # fmt: skip
    kind = SelectField(_l("Kind"), choices=choices(EventKind), validators=[required()],
                       invalid_choice_message=CHOICE_MESSAGE)  # fmt: skip
    start_date = LocalDateField(_l("Start date"), validators=[filled()])
    start_time = _time_field(_l("Start time"))
    end_date = LocalDateField(_l("End date"), validators=[Optional()])
    end_time = _time_field(_l("End time"))
    venue = StringField(_l("Venue"), validators=[Optional(), max_length(255), no_markup],
                        filters=[name_filter])  # fmt: skip
    host_unit = SelectField(_l("Host unit"), invalid_choice_message=CHOICE_MESSAGE)
    organizer = SelectField(_l("Organizer"), invalid_choice_message=CHOICE_MESSAGE)
    units = SelectMultipleField(
        _l("Participating units"),
        invalid_choice_message=CHOICE_MESSAGE,
        render_kw={"size": 10, "data-unit-filter": "units"},
    )
    include_communes = BooleanField(_l("Also add the units under the chosen ones"))
    expected_attendance = _count_field(_l("Expected attendance"))
    description = TextAreaField(_l("Description"), validators=[Optional(), max_length(5000)],
                                filters=[text_filter])  # fmt: skip

    def __init__(self, *args, campaign_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign.choices = campaign_choices(campaign_id)
        self.organizer.choices = [SelectChoice("", "—"), *organization_choices()]

    def picked_campaign_id(self, default: int | None = None) -> int | None:
        """The campaign the form is for: the one chosen in it, else ``default``, else the first
        one offered (None when no campaign is open)."""
        offered = [choice.value for choice in self.campaign.choices]
        for value in (self.campaign.data, default):
            if value is not None and str(value) in offered:
                return int(value)
        return int(offered[0]) if offered else None

    def offer_units(self, campaign: Campaign | None, current=()) -> None:
        """The host and participating units: the campaign's map, within its unit, plus the units
        the event already has (``current``) so that an edit keeps them."""
        self.units_for = campaign
        units = []
        if campaign is not None:
            scheme = campaign.scheme
            units = unit_choices(
                scheme, PICKED_LEVELS[scheme], area=[campaign.unit_id],
                selected=[unit.id for unit in current],
            )  # fmt: skip
            self.include_communes.label.text = INCLUDE_LABELS[scheme]
        offered = {choice.value for choice in units}
        units += [  # the communes an event already has stay choosable, so an edit keeps them
            SelectChoice(str(unit.id), unit.full_name, optgroup=province_of(unit).full_name)
            for unit in current
            if str(unit.id) not in offered
        ]
        self.host_unit.choices = [SelectChoice("", "—"), *units]
        self.units.choices = units


INCLUDE_LABELS = {
    UnitScheme.PRE_2025: _l("Also add the communes of the chosen districts"),
    UnitScheme.POST_2025: _l("Also add the communes and wards of the chosen provinces"),
}
"""The box that adds the units under the chosen ones, in the words of each map."""


class NewEventForm(SubmissionMixin, EventForm):
    pass


class EventStatusForm(FlaskForm):
    status = SelectField(_l("New status"), choices=choices(EventStatus),
                         invalid_choice_message=CHOICE_MESSAGE)  # fmt: skip
    reason = TextAreaField(
        _l("Reason (for a postponement or cancellation)"),
        validators=[Optional(), max_length(2000)],
        filters=[text_filter],
    )
    actual_attendance = _count_field(_l("Actual attendance"))
    outcome = TextAreaField(_l("Outcome"), validators=[Optional(), max_length(5000)],
                            filters=[text_filter])  # fmt: skip


class EventFilterForm(FlaskForm):
    """Filters of the event list (a GET form: no CSRF token)."""

    of_campaign: Campaign | None = None
    """The campaign the list is of (``?campaign=``), kept when the filters change."""

    class Meta:
        csrf = False

    kind = SelectField(_l("Kind"), choices=choices(EventKind, blank=_l("All kinds")), default="",
                       invalid_choice_message=CHOICE_MESSAGE)  # fmt: skip
    status = SelectField(_l("Status"), choices=choices(EventStatus, blank=_l("All statuses")),
                         default="", invalid_choice_message=CHOICE_MESSAGE)  # fmt: skip
    unit = LookupField(_l("Unit"), render_kw={"placeholder": _l("Type a name")})
    since = LocalDateField(_l("From"))
    until = LocalDateField(_l("To"))
    sort = SelectField(
        _l("Sort by"), default="date", invalid_choice_message=CHOICE_MESSAGE,
        choices=[SelectChoice("date", _l("Date, earliest first")),
                 SelectChoice("-date", _l("Date, latest first")),
                 SelectChoice("title", _l("Title")), SelectChoice("kind", _l("Kind")),
                 SelectChoice("status", _l("Status"))],
    )  # fmt: skip
    jump = LocalDateField(_l("Go to date"), name="from")
    """Where a list by date opens: the first events of that local day."""

    def validate_jump(self, field) -> None:
        if field.data is not None and self.sort.data not in DATE_ORDERS:
            raise ValidationError(_("To go to a date, sort the list by date."))


class ParticipationForm(SubmissionMixin, FlaskForm):
    official = LookupField(
        _l("Official"), validators=[required()],
        render_kw={"placeholder": _l("Type the official's name")},
    )  # fmt: skip
    """an official in one of their positions (``officials.lookup``)"""
    role = SelectField(_l("Role"), choices=choices(ParticipationRole), validators=[required()],
                       invalid_choice_message=CHOICE_MESSAGE)  # fmt: skip

    def set_officials(self, suggest_url: str) -> None:
        self.official.lookup = OfficialLookup()
        self.official.suggest_url = suggest_url


class AgendaItemForm(SubmissionMixin, FlaskForm):
    time = _time_field(_l("Time"))
    title = StringField(_l("Item"), validators=[required(), max_length(255), no_markup],
                        filters=[name_filter])  # fmt: skip
    speaker = SelectField(_l("Speaker"), invalid_choice_message=CHOICE_MESSAGE)
    speaker_note = StringField(
        _l("Or who speaks (when not a registered official)"),
        validators=[Optional(), max_length(255)],
        filters=[name_filter],
    )

    def set_speakers(self, participations) -> None:
        seen = {}
        for participation in participations:
            seen.setdefault(participation.official_id, participation.official.full_name)
        self.speaker.choices = [SelectChoice("", "—")] + [
            SelectChoice(str(official_id), name) for official_id, name in seen.items()
        ]
