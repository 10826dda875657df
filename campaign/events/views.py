"""Events: the list and timeline, registering and editing, status, officials and programme."""

import datetime as dt

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from campaign.accounts.access import current_actor
from campaign.accounts.permissions import Permission, requires
from campaign.campaigns.filters import bound_unit_field, campaign_of_request
from campaign.campaigns.models import Campaign, CampaignStatus
from campaign.core.attempts import attempt
from campaign.core.dates import LOCAL_TIME_ZONE
from campaign.core.errors import DomainError
from campaign.core.labels import label
from campaign.events import queries, services
from campaign.events.forms import (
    AgendaItemForm,
    EventFilterForm,
    EventForm,
    EventStatusForm,
    NewEventForm,
    ParticipationForm,
)
from campaign.events.models import (
    AgendaItem,
    Event,
    EventKind,
    EventStatus,
    Participation,
    ParticipationRole,
)
from campaign.extensions import db
from campaign.officials.models import Official
from campaign.places.models import AdministrativeUnit, Organization

blueprint = Blueprint("events", __name__)
DEFAULT_START, DEFAULT_END = dt.time(8, 0), dt.time(11, 30)
TIMELINE_LIMIT = 500


def _event(event_id: int) -> Event:
    return db.session.get(Event, event_id) or abort(404)


def _filter(form: EventFilterForm) -> queries.EventFilter:
    return queries.EventFilter(
        kind=EventKind(form.kind.data) if form.kind.data else None,
        status=EventStatus(form.status.data) if form.status.data else None,
        unit_id=form.unit.chosen.id if form.unit.chosen else None,
        since=form.since.data,
        until=form.until.data,
        campaign_id=form.of_campaign.id if form.of_campaign else None,
        sort=form.sort.data or "date",
    )


def _filter_form() -> EventFilterForm:
    """The filters of the list and the calendar (``campaigns.filters``)."""
    form = EventFilterForm(request.args)
    form.of_campaign = campaign_of_request()
    bound_unit_field(form.unit, form.of_campaign, current_user.user)
    return form


def list_filters() -> tuple[EventFilterForm, queries.EventFilter | None]:
    """The list's filter form read from the request, and what it asks for when it is valid:
    the list, the calendar and the list's printed and exported copies (``reports``)."""
    form = _filter_form()
    return form, (_filter(form) if form.validate() else None)


@blueprint.get("/")
@requires(Permission.VIEW_CAMPAIGNS)
def event_list():
    form, criteria = list_filters()
    if criteria is None:
        return render_template("events/list.html", form=form, page=None), 400
    page = queries.event_page(criteria, request.args, form.jump.data)
    return render_template("events/list.html", form=form, page=page)


@blueprint.get("/calendar")
@requires(Permission.VIEW_CAMPAIGNS)
def event_calendar():
    form, criteria = list_filters()
    if criteria is None:
        return render_template("events/calendar.html", form=form, days=None), 400
    events = queries.first_events(criteria, TIMELINE_LIMIT + 1)
    return render_template(
        "events/calendar.html",
        form=form,
        days=queries.timeline(events[:TIMELINE_LIMIT]),
        cut=len(events) > TIMELINE_LIMIT,
    )


def _details(form: EventForm) -> services.EventDetails:
    end_date = form.end_date.data or form.start_date.data
    ids = [int(value) for value in form.units.data or []]
    units = [db.session.get(AdministrativeUnit, unit_id) for unit_id in ids]
    return services.EventDetails(
        title=form.title.data,
        kind=EventKind(form.kind.data),
        starts_at=services.local_moment(form.start_date.data, form.start_time.data, DEFAULT_START),
        ends_at=services.local_moment(end_date, form.end_time.data, DEFAULT_END),
        venue=form.venue.data,
        host_unit=db.session.get(AdministrativeUnit, int(form.host_unit.data))
        if form.host_unit.data else None,
        organizer=db.session.get(Organization, int(form.organizer.data))
        if form.organizer.data else None,
        units=[unit for unit in units if unit is not None],
        include_communes=form.include_communes.data,
        expected_attendance=form.expected_attendance.data,
        description=form.description.data,
    )  # fmt: skip


def _field_of(form: EventForm, error: DomainError, campaign: Campaign, details):
    """Where a refusal shows: the dates, the host unit, the participating units, or the
    campaign (closed)."""
    host = details.host_unit
    if error.code == "host_outside" or (
        error.code == "wrong_map" and host is not None and host.scheme != campaign.scheme
    ):
        return form.host_unit
    fields = {"ends_before_start": form.end_date, "unit_outside": form.units,
              "wrong_map": form.units}  # fmt: skip
    return fields.get(error.code, form.campaign)


def _render_form(form, event=None, status=200):
    return render_template("events/form.html", form=form, event=event), status


def _saved(event: Event, campaign: Campaign, details: services.EventDetails):
    warning = services.period_warning(campaign, details)
    if warning:
        flash(warning, "warning")
    flash(_("The event was saved."), "success")
    return url_for("events.event_detail", event_id=event.id)


@blueprint.route("/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_CAMPAIGNS)
def event_create():
    form = NewEventForm()
    picked = form.picked_campaign_id(request.args.get("campaign"))
    if request.method == "GET" and picked is not None:
        form.campaign.data = str(picked)
    _offer_units(form)
    if not form.validate_on_submit():
        return _render_form(form, status=422 if form.is_submitted() else 200)
    campaign = db.session.get(Campaign, int(form.campaign.data))
    details = _details(form)

    def refused(error):
        _field_of(form, error, campaign, details).errors = [error.message]
        return _render_form(form, status=error.status)

    return attempt(
        lambda: services.create_event(current_actor(), campaign, details),
        refused=refused,
        done=lambda event: redirect(_saved(event, campaign, details)),
        token=form.submission.data,
    )


@blueprint.route("/<int:event_id>/edit", methods=["GET", "POST"])
@requires(Permission.MANAGE_CAMPAIGNS)
def event_edit(event_id: int):
    event = _event(event_id)
    form = EventForm(obj=None if request.method == "POST" else event, campaign_id=event.campaign_id)
    if request.method == "GET":
        _fill(form, event)
    _offer_units(form, event)
    if not form.validate_on_submit():
        return _render_form(form, event, 422 if form.is_submitted() else 200)
    campaign = db.session.get(Campaign, int(form.campaign.data))
    details = _details(form)

    def refused(error):
        _field_of(form, error, campaign, details).errors = [error.message]
        return _render_form(form, event, error.status)

    return attempt(
        lambda: services.update_event(current_actor(), event, campaign, details),
        refused=refused,
        done=lambda _result: redirect(_saved(event, campaign, details)),
    )


def _offer_units(form: EventForm, event: Event | None = None) -> None:
    """The unit pickers of the campaign the form is for (the one chosen in it; for an edit, the
    event's by default), keeping the units the event already has."""
    default = event.campaign_id if event is not None else None
    campaign_id = form.picked_campaign_id(default)
    campaign = db.session.get(Campaign, campaign_id) if campaign_id is not None else None
    current = [*event.units, *([event.host_unit] if event.host_unit else [])] if event else []
    form.offer_units(campaign, current)


def _fill(form: EventForm, event: Event) -> None:
    starts = event.starts_at.astimezone(LOCAL_TIME_ZONE)
    ends = event.ends_at.astimezone(LOCAL_TIME_ZONE)
    form.campaign.data = str(event.campaign_id)
    form.kind.data = event.kind.value
    form.start_date.data, form.start_time.data = starts.date(), starts.time()
    form.end_date.data, form.end_time.data = ends.date(), ends.time()
    form.host_unit.data = str(event.host_unit_id or "")
    form.organizer.data = str(event.organizer_id or "")
    form.units.data = [str(unit.id) for unit in event.units]


@blueprint.get("/<int:event_id>")
@requires(Permission.VIEW_CAMPAIGNS)
def event_detail(event_id: int):
    event = queries.event_with_everything(event_id) or abort(404)
    return _render_detail(event)


def _render_detail(event, participation_form=None, agenda_form=None, status_form=None, status=200):
    """The event page; the change forms only for those who may change it while it is open."""
    closed = event.campaign.status == CampaignStatus.CLOSED
    can_manage = current_user.can(Permission.MANAGE_CAMPAIGNS) and not closed
    if can_manage:
        participation_form = participation_form or ParticipationForm(formdata=None)
        participation_form.set_officials(url_for("officials.official_suggestions"))
        agenda_form = agenda_form or AgendaItemForm(formdata=None)
        agenda_form.set_speakers(event.participations)
        status_form = status_form or EventStatusForm(
            formdata=None, status=event.status.value, reason=event.status_reason,
            actual_attendance=event.actual_attendance, outcome=event.outcome,
        )  # fmt: skip
    return render_template(
        "events/detail.html",
        event=event,
        officials=services.protocol_order(event.participations),
        participation_form=participation_form,
        agenda_form=agenda_form,
        status_form=status_form,
        can_manage=can_manage,
        closed=closed,
    ), status


@blueprint.post("/<int:event_id>/status")
@requires(Permission.MANAGE_CAMPAIGNS)
def event_status(event_id: int):
    event = _event(event_id)
    form = EventStatusForm()

    def change():
        if not form.validate():
            messages = (message for errors in form.errors.values() for message in errors)
            raise DomainError("invalid", " ".join(str(message) for message in messages), 422)
        services.change_status(
            current_actor(), event, EventStatus(form.status.data), form.reason.data,
            form.actual_attendance.data, form.outcome.data,
        )  # fmt: skip

    def refused(error):
        flash(error.message, "error")
        shown = queries.event_with_everything(event_id)
        return _render_detail(shown, status_form=form, status=error.status)

    def done(_result):
        flash(_("The event is now: %(status)s.", status=label(event.status)), "success")
        return redirect(url_for("events.event_detail", event_id=event.id))

    return attempt(change, refused=refused, done=done)


@blueprint.post("/<int:event_id>/participants")
@requires(Permission.MANAGE_CAMPAIGNS)
def participation_add(event_id: int):
    event = _event(event_id)
    form = ParticipationForm()
    form.set_officials(url_for("officials.official_suggestions"))
    if not form.validate():
        shown = queries.event_with_everything(event_id)
        return _render_detail(shown, participation_form=form, status=422)
    position = form.official.chosen

    def refused(error):
        form.official.errors = [error.message]
        shown = queries.event_with_everything(event_id)
        return _render_detail(shown, participation_form=form, status=error.status)

    return attempt(
        lambda: services.add_participation(
            current_actor(), event, position.official, position,
            ParticipationRole(form.role.data),
        ),
        refused=refused,
        done=_added,
        token=form.submission.data,
    )  # fmt: skip


def _added(participation: Participation):
    _flash_added(participation)
    return redirect(
        url_for("events.event_detail", event_id=participation.event_id, _anchor="officials")
    )


def _flash_added(participation: Participation) -> None:
    name = participation.official.full_name
    if earlier := services.other_roles(participation):
        flash(
            _("%(name)s already takes part in this event as %(roles)s; now also as %(role)s.",
              name=name, roles=", ".join(label(role) for role in earlier),
              role=label(participation.role)),
            "warning",
        )  # fmt: skip
    else:
        flash(_("%(name)s was added as %(role)s.", name=name, role=label(participation.role)),
              "success")  # fmt: skip


def _participation(event_id: int, participation_id: int) -> Participation:
    participation = db.session.get(Participation, participation_id)
    if participation is None or participation.event_id != event_id:
        abort(404)
    return participation


def _direction() -> int:
    return -1 if request.form.get("direction") == "up" else 1


def _act(event_id: int, anchor: str, action, *arguments, done: str | None = None):
    """Run a small change from the event page; a refusal re-shows the page with its reason, a
    success says ``done`` if given."""

    def refused(error):
        flash(error.message, "error")
        return _render_detail(queries.event_with_everything(event_id), status=error.status)

    def succeeded(_result):
        if done:
            flash(done, "success")
        return redirect(url_for("events.event_detail", event_id=event_id, _anchor=anchor))

    return attempt(lambda: action(current_actor(), *arguments), refused=refused, done=succeeded)


@blueprint.post("/<int:event_id>/participants/<int:participation_id>")
@requires(Permission.MANAGE_CAMPAIGNS)
def participation_update(event_id: int, participation_id: int):
    participation = _participation(event_id, participation_id)
    attended = {"yes": True, "no": False}.get(request.form.get("attended", ""))
    return _act(event_id, "officials", services.set_attended, participation, attended)


@blueprint.post("/<int:event_id>/participants/<int:participation_id>/move")
@requires(Permission.MANAGE_CAMPAIGNS)
def participation_move(event_id: int, participation_id: int):
    participation = _participation(event_id, participation_id)
    return _act(event_id, "officials", services.move_participation, participation, _direction())


@blueprint.get("/<int:event_id>/participants/<int:participation_id>/delete")
@requires(Permission.MANAGE_CAMPAIGNS)
def participation_delete_confirm(event_id: int, participation_id: int):
    """Removing asks first: a page with the question and one button (no script needed)."""
    participation = _participation(event_id, participation_id)
    return render_template("events/confirm_removal.html", participation=participation)


@blueprint.post("/<int:event_id>/participants/<int:participation_id>/delete")
@requires(Permission.MANAGE_CAMPAIGNS)
def participation_delete(event_id: int, participation_id: int):
    participation = _participation(event_id, participation_id)
    done = _("%(name)s (%(role)s) was removed from the event.",
             name=participation.official.full_name, role=label(participation.role))  # fmt: skip
    return _act(event_id, "officials", services.remove_participation, participation, done=done)


@blueprint.post("/<int:event_id>/agenda")
@requires(Permission.MANAGE_CAMPAIGNS)
def agenda_add(event_id: int):
    event = _event(event_id)
    form = AgendaItemForm()
    form.set_speakers(event.participations)
    if not form.validate():
        return _render_detail(queries.event_with_everything(event_id), agenda_form=form, status=422)
    day = event.starts_at.astimezone(LOCAL_TIME_ZONE).date()
    starts_at = services.local_moment(day, form.time.data, dt.time()) if form.time.data else None
    speaker = db.session.get(Official, int(form.speaker.data)) if form.speaker.data else None

    def refused(error):
        form.title.errors = [error.message]
        shown = queries.event_with_everything(event_id)
        return _render_detail(shown, agenda_form=form, status=error.status)

    return attempt(
        lambda: services.add_agenda_item(
            current_actor(), event, starts_at, form.title.data, speaker, form.speaker_note.data
        ),
        refused=refused,
        done=lambda _result: redirect(
            url_for("events.event_detail", event_id=event_id, _anchor="programme")
        ),
        token=form.submission.data,
    )


def _agenda_item(event_id: int, item_id: int) -> AgendaItem:
    item = db.session.get(AgendaItem, item_id)
    if item is None or item.event_id != event_id:
        abort(404)
    return item


@blueprint.post("/<int:event_id>/agenda/<int:item_id>/move")
@requires(Permission.MANAGE_CAMPAIGNS)
def agenda_move(event_id: int, item_id: int):
    item = _agenda_item(event_id, item_id)
    return _act(event_id, "programme", services.move_agenda_item, item, _direction())


@blueprint.post("/<int:event_id>/agenda/<int:item_id>/delete")
@requires(Permission.MANAGE_CAMPAIGNS)
def agenda_delete(event_id: int, item_id: int):
    return _act(event_id, "programme", services.remove_agenda_item, _agenda_item(event_id, item_id))
