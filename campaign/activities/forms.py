"""Forms of the activities area: input checks only; the rules live in services.py."""

import datetime as dt

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import NumberRange, Optional

from campaign.activities.labels import measure_name
from campaign.activities.models import Activity, ActivityKind, ActivityStatus, Measure
from campaign.campaigns.models import Campaign, IndicatorKind, LinkedFigure
from campaign.core.dates import LOCAL_TIME_ZONE, local_midnight
from campaign.core.formatting import day_text
from campaign.core.forms import (
    CHOICE_MESSAGE,
    DecimalNumberField,
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
from campaign.events.forms import organization_choices
from campaign.events.models import Event
from campaign.extensions import db
from campaign.places.choices import unit_choices
from campaign.places.maps import PICKED_LEVELS

FIGURE_LIMIT = 1_000_000_000_000
"""The largest figure a form takes (a trillion đồng mobilised, a billion people at most)."""
FIGURE_MESSAGE = _l("A whole number from 0 up.")


def _figure_field(label, validators=()) -> WholeNumberField:
    return WholeNumberField(
        label, validators=[*validators, NumberRange(0, FIGURE_LIMIT, FIGURE_MESSAGE)],
        invalid_value_message=FIGURE_MESSAGE,
    )  # fmt: skip


def _note_field(label, needed: bool = False) -> TextAreaField:
    return TextAreaField(
        label, validators=[required() if needed else Optional(), max_length(2000), no_markup],
        filters=[text_filter],
    )  # fmt: skip


class ActivityForm(FlaskForm):
    """The organizer's plan of an activity."""

    title = StringField(_l("Title"), validators=[required(), max_length(255), no_markup],
                        filters=[name_filter])  # fmt: skip
    kind = SelectField(_l("Kind"), choices=choices(ActivityKind), validators=[required()],
                       invalid_choice_message=CHOICE_MESSAGE)  # fmt: skip
    description = TextAreaField(_l("Description"), validators=[Optional(), max_length(5000)],
                                filters=[text_filter])  # fmt: skip
    lead_organization = SelectField(_l("Lead body"), invalid_choice_message=CHOICE_MESSAGE)
    units = SelectMultipleField(
        _l("Target units"), invalid_choice_message=CHOICE_MESSAGE,
        render_kw={"size": 10, "data-unit-filter": "units"},
    )  # fmt: skip
    planned_start = LocalDateField(_l("Planned start"), validators=[filled()])
    due_date = LocalDateField(_l("Due date"), validators=[filled()])

    def offer(self, campaign: Campaign, activity: Activity | None = None) -> None:
        """The campaign's units (its map, within its unit) and the bodies to lead it."""
        scheme = campaign.scheme
        current = activity.units if activity is not None else []
        self.units.choices = unit_choices(
            scheme, PICKED_LEVELS[scheme], area=[campaign.unit_id],
            selected=[unit.id for unit in current],
        )  # fmt: skip
        self.lead_organization.choices = [SelectChoice("", "—"), *organization_choices()]


class NewActivityForm(SubmissionMixin, ActivityForm):
    pass


class StatusForm(FlaskForm):
    status = SelectField(_l("New status"), choices=choices(ActivityStatus),
                         invalid_choice_message=CHOICE_MESSAGE)  # fmt: skip
    reason = _note_field(_l("Reason (for a cancellation)"))


EVENTS_OFFERED = 100
"""The most events the link form offers: the campaign's, in the activity's period, latest
first (and those already linked)."""


class EventsForm(FlaskForm):
    events = SelectMultipleField(_l("Events that carried it out"),
                                 invalid_choice_message=CHOICE_MESSAGE,
                                 render_kw={"size": 6})  # fmt: skip

    def offer(self, activity: Activity) -> None:
        offered = db.session.scalars(
            sa.select(Event).where(
                Event.campaign_id == activity.campaign_id,
                sa.or_(Event.id.in_([event.id for event in activity.events]),
                       sa.and_(Event.starts_at >= local_midnight(activity.planned_start),
                               Event.starts_at < local_midnight(activity.due_date
                                                                + dt.timedelta(days=1)))),
            ).order_by(Event.starts_at.desc(), Event.id.desc()).limit(EVENTS_OFFERED)
        ).all()  # fmt: skip
        self.events.choices = [SelectChoice(str(e.id), _event_label(e)) for e in offered]


def _event_label(event: Event) -> str:
    return f"{event.title} ({day_text(event.starts_at.astimezone(LOCAL_TIME_ZONE).date())})"


def targets_form(activity: Activity, formdata=None) -> FlaskForm:
    """A target and a baseline for each target unit and each measure the kind counts, named
    ``target-<unit>-<measure>`` and ``baseline-<unit>-<measure>``, filled with the current ones."""
    fields = {}
    for unit in activity.units:
        for measure in activity.measures:
            fields[f"target-{unit.id}-{measure}"] = _figure_field(
                f"{unit.full_name}: {measure_name(measure)}", [Optional()])
            fields[f"baseline-{unit.id}-{measure}"] = _figure_field(
                f"{unit.full_name}: {measure_name(measure)} ({_l('baseline')})", [Optional()])
    form_class = type("TargetsForm", (FlaskForm,), fields)
    form = form_class(formdata=formdata)
    if formdata is None:
        for target in activity.targets:
            getattr(form, f"target-{target.unit_id}-{target.measure}").data = target.target
            getattr(form, f"baseline-{target.unit_id}-{target.measure}").data = target.baseline
    return form


class ProgressFormBase(SubmissionMixin, FlaskForm):
    unit = SelectField(_l("Unit"), validators=[required()], invalid_choice_message=CHOICE_MESSAGE)
    done_on = LocalDateField(_l("Day it was done"), validators=[filled()])
    women = _figure_field(_l("Of the participants, women"), [Optional()])
    event = SelectField(_l("At the event"), default="", invalid_choice_message=CHOICE_MESSAGE)
    note = _note_field(_l("Note"))
    reply = _note_field(_l("Answer to the review"))


def progress_form(activity: Activity, units, formdata=None) -> ProgressFormBase:
    """The report form: one figure per measure the kind counts (``figure-<measure>``), the
    units the user reports for (``units``: target units in her scope), the activity's events."""
    fields = {
        f"figure-{measure}": _figure_field(measure_name(measure), [Optional()])
        for measure in activity.measures
    }
    form_class = type("ProgressForm", (ProgressFormBase,), fields)
    form = form_class(formdata=formdata)
    form.unit.choices = [SelectChoice(str(unit.id), unit.full_name) for unit in units]
    form.event.choices = [SelectChoice("", "—")] + [
        SelectChoice(str(event.id), event.title) for event in activity.events
    ]
    return form


def figures_of(form, activity: Activity) -> dict[Measure, int]:
    """The figures the form holds, by measure (left empty: not reported)."""
    found = {}
    for measure in activity.measures:
        value = getattr(form, f"figure-{measure}").data
        if value is not None:
            found[measure] = value
    return found


class ReasonForm(FlaskForm):
    reason = _note_field(_l("Reason"), needed=True)


class ReviewForm(FlaskForm):
    decision = SelectField(
        _l("Decision"), validators=[required()], invalid_choice_message=CHOICE_MESSAGE,
        choices=[SelectChoice("accept", _l("Accept")), SelectChoice("return", _l("Send back"))],
    )  # fmt: skip
    reason = _note_field(_l("What is missing or wrong (when sending back)"))


class ReopenForm(FlaskForm):
    unit = LookupField(_l("Unit"), validators=[required()],
                       render_kw={"placeholder": _l("Type a name")})  # fmt: skip
    until = LocalDateField(_l("Open until"), validators=[filled()])
    reason = _note_field(_l("Reason"), needed=True)


class ActivityFilterForm(FlaskForm):
    """Filters of the activity list (a GET form: no CSRF token)."""

    of_campaign: Campaign | None = None

    class Meta:
        csrf = False

    kind = SelectField(_l("Kind"), choices=choices(ActivityKind, blank=_l("All kinds")),
                       default="", invalid_choice_message=CHOICE_MESSAGE)  # fmt: skip
    status = SelectField(_l("Status"), choices=choices(ActivityStatus, blank=_l("All statuses")),
                         default="", invalid_choice_message=CHOICE_MESSAGE)  # fmt: skip
    unit = LookupField(_l("Unit"), render_kw={"placeholder": _l("Type a name")})
    overdue = BooleanField(_l("Overdue only"))


class IndicatorForm(FlaskForm):
    name = StringField(_l("Indicator"), validators=[required(), max_length(255), no_markup],
                       filters=[text_filter])  # fmt: skip
    kind = SelectField(_l("Kind"), choices=choices(IndicatorKind), validators=[required()],
                       invalid_choice_message=CHOICE_MESSAGE)  # fmt: skip
    measure_unit = StringField(_l("Unit of measure"), validators=[Optional(), max_length(50)],
                               filters=[text_filter])  # fmt: skip
    numerator = StringField(_l("What the share counts"),
                            validators=[Optional(), max_length(255), no_markup],
                            filters=[text_filter])  # fmt: skip
    denominator = StringField(_l("Out of what"),
                              validators=[Optional(), max_length(255), no_markup],
                              filters=[text_filter])  # fmt: skip
    period = StringField(_l("Period"), validators=[Optional(), max_length(50)],
                         filters=[text_filter])  # fmt: skip
    baseline = DecimalNumberField(_l("Baseline"), validators=[Optional()])
    target = DecimalNumberField(_l("Target"), validators=[Optional()])
    linked_figure = SelectField(
        _l("Filled from"), default="", invalid_choice_message=CHOICE_MESSAGE,
        choices=choices(LinkedFigure, blank=_l("— Recorded by hand —")),
    )  # fmt: skip
    note = _note_field(_l("Note"))


class NewIndicatorForm(SubmissionMixin, IndicatorForm):
    pass


class ActualForm(SubmissionMixin, FlaskForm):
    recorded_on = LocalDateField(_l("As of"), validators=[filled()])
    value = DecimalNumberField(_l("Value"), validators=[Optional()])
    numerator = _figure_field(_l("Counted"), [Optional()])
    denominator = _figure_field(_l("Out of"), [Optional()])
    source = StringField(_l("Source"), validators=[required(), max_length(255), no_markup],
                         filters=[text_filter])  # fmt: skip
