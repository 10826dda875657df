"""Follow-up activities: the list, planning, targets, the activity page with its reports and
their history, reporting progress, review, the board of one unit, the reporting window."""

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from campaign.accounts.access import current_actor
from campaign.accounts.permissions import Permission, requires
from campaign.accounts.scope import scope_unit_ids
from campaign.activities import queries, services
from campaign.activities.forms import (
    ActivityFilterForm,
    ActivityForm,
    EventsForm,
    NewActivityForm,
    ReasonForm,
    ReopenForm,
    ReviewForm,
    StatusForm,
    figures_of,
    progress_form,
    targets_form,
)
from campaign.activities.models import (
    Activity,
    ActivityKind,
    ActivityStatus,
    Measure,
    ProgressReport,
)
from campaign.campaigns.chosen import campaign_in_view
from campaign.campaigns.filters import bound_unit_field, campaign_of_request
from campaign.campaigns.models import Campaign, CampaignStatus
from campaign.core.attempts import attempt
from campaign.core.dates import local_today
from campaign.events.models import Event
from campaign.extensions import db
from campaign.places.lookup import UnitLookup
from campaign.places.models import AdministrativeUnit, Organization

blueprint = Blueprint("activities", __name__)


def _activity(activity_id: int) -> Activity:
    return queries.activity_with_everything(activity_id) or abort(404)


def _report(report_id: int) -> ProgressReport:
    return db.session.get(ProgressReport, report_id) or abort(404)


# --- The list -----------------------------------------------------------------------------------


def _filter_form() -> ActivityFilterForm:
    """The list's filters (``campaigns.filters``)."""
    form = ActivityFilterForm(request.args)
    form.of_campaign = campaign_of_request()
    bound_unit_field(form.unit, form.of_campaign, current_user.user)
    return form


def list_filters() -> tuple[ActivityFilterForm, queries.ActivityFilter | None]:
    """The filter form of the request and its criteria when valid: the list's, and its printed
    and exported copies' (``reports``)."""
    form = _filter_form()
    if not form.validate():
        return form, None
    return form, queries.ActivityFilter(
        kind=ActivityKind(form.kind.data) if form.kind.data else None,
        status=ActivityStatus(form.status.data) if form.status.data else None,
        unit_id=form.unit.chosen.id if form.unit.chosen else None,
        overdue=form.overdue.data,
        campaign_id=form.of_campaign.id if form.of_campaign else None,
    )


@blueprint.get("/")
@requires(Permission.VIEW_CAMPAIGNS)
def activity_list():
    form, criteria = list_filters()
    if criteria is None:
        return render_template("activities/list.html", form=form, page=None), 400
    today = local_today()
    page = queries.activity_page(criteria, request.args, today)
    return render_template(
        "activities/list.html", form=form, page=page, today=today,
        progress=queries.progress_of(activity.id for activity in page.items),
    )  # fmt: skip


@blueprint.get("/campaigns/<int:campaign_id>/sums")
@requires(Permission.VIEW_CAMPAIGNS)
def campaign_sums(campaign_id: int):
    """Planned and done by kind and measure: the campaign's own activities beside each branch
    of the campaigns under it (an aggregate over all of them: a page of its own, not the
    list's)."""
    campaign = db.session.get(Campaign, campaign_id) or abort(404)
    return render_template(
        "activities/sums.html", campaign=campaign, rolled=queries.roll_up(campaign),
        kind_measures=queries.kind_measures(),
    )  # fmt: skip


# --- Planning -----------------------------------------------------------------------------------


def _plan(form: ActivityForm) -> services.ActivityPlan:
    chosen = [int(value) for value in form.units.data]
    units = list(db.session.scalars(
        sa.select(AdministrativeUnit).where(AdministrativeUnit.id.in_(chosen))))  # fmt: skip
    lead = form.lead_organization.data
    return services.ActivityPlan(
        title=form.title.data, kind=ActivityKind(form.kind.data),
        description=form.description.data,
        lead_organization=db.session.get(Organization, int(lead)) if lead else None,
        units=units, planned_start=form.planned_start.data, due_date=form.due_date.data,
    )  # fmt: skip


FIELD_OF_ERROR = {
    "due_before_start": "due_date", "no_units": "units", "unit_outside": "units",
    "wrong_map": "units", "kind_has_figures": "kind", "unit_has_reports": "units",
}  # fmt: skip


def _form_page(form, campaign: Campaign, activity=None, status=200, message=None):
    page = render_template("activities/form.html", form=form, campaign=campaign,
                           activity=activity, message=message)  # fmt: skip
    return page, status


def _refusal(form, fields: dict[str, str], page):
    """A refused change shown on its form: next to the field the rule is about (``fields``:
    error code → field name), else above the form; ``page(status, message)`` draws it."""

    def refused(error):
        field = fields.get(error.code)
        if field is None:
            return page(error.status, error.message)
        getattr(form, field).errors = [error.message]
        return page(error.status, None)

    return refused


@blueprint.route("/new", methods=["GET", "POST"])
@requires(Permission.PLAN_ACTIVITIES)
def activity_create():
    campaign = campaign_of_request() or campaign_in_view() or abort(404)
    form = NewActivityForm()
    form.offer(campaign)
    if request.method == "GET":
        form.planned_start.data, form.due_date.data = campaign.start_date, campaign.end_date
    if not form.validate_on_submit():
        return _form_page(form, campaign, status=422 if form.is_submitted() else 200)
    return attempt(
        lambda: services.plan_activity(current_actor(), campaign, _plan(form)),
        refused=_refusal(form, FIELD_OF_ERROR,
                         lambda status, message: _form_page(form, campaign, None, status, message)),
        done=lambda activity: _saved(activity, _("The activity was planned. Now set its targets.")),
        token=form.submission.data,
    )


def _saved(activity: Activity, message: str):
    flash(message, "success")
    return redirect(url_for("activities.activity_detail", activity_id=activity.id))


@blueprint.route("/<int:activity_id>/edit", methods=["GET", "POST"])
@requires(Permission.PLAN_ACTIVITIES)
def activity_edit(activity_id: int):
    activity = _activity(activity_id)
    form = ActivityForm(obj=None if request.method == "POST" else activity)
    form.offer(activity.campaign, activity)
    if request.method == "GET":
        form.kind.data = activity.kind.value
        form.units.data = [str(unit.id) for unit in activity.units]
        form.lead_organization.data = str(activity.lead_organization_id or "")
    if not form.validate_on_submit():
        return _form_page(form, activity.campaign, activity, 422 if form.is_submitted() else 200)
    return attempt(
        lambda: services.update_activity(current_actor(), activity, _plan(form)),
        refused=_refusal(form, FIELD_OF_ERROR, lambda status, message: _form_page(
            form, activity.campaign, activity, status, message)),
        done=lambda _result: _saved(activity, _("The activity was saved.")),
    )


@blueprint.route("/<int:activity_id>/targets", methods=["GET", "POST"])
@requires(Permission.PLAN_ACTIVITIES)
def activity_targets(activity_id: int):
    activity = _activity(activity_id)
    form = targets_form(activity, request.form if request.method == "POST" else None)

    def page(status=200, message=None):
        return render_template("activities/targets.html", activity=activity, form=form,
                               message=message), status  # fmt: skip

    if not form.validate_on_submit():
        return page(422 if form.is_submitted() else 200)
    targets = {}
    for unit in activity.units:
        for measure in activity.measures:
            target = getattr(form, f"target-{unit.id}-{measure}").data
            baseline = getattr(form, f"baseline-{unit.id}-{measure}").data
            if target is not None:
                targets[unit.id, measure] = services.Target(target, baseline)
    return attempt(
        lambda: services.set_targets(current_actor(), activity, targets),
        refused=lambda error: page(error.status, error.message),
        done=lambda _result: _saved(activity, _("The targets were saved.")),
    )


@blueprint.post("/<int:activity_id>/status")
@requires(Permission.PLAN_ACTIVITIES)
def activity_status(activity_id: int):
    activity = _activity(activity_id)
    form = StatusForm()
    if not form.validate_on_submit():
        return _render_detail(activity, status_form=form, status=422)
    return attempt(
        lambda: services.set_status(
            current_actor(), activity, ActivityStatus(form.status.data), form.reason.data
        ),
        refused=lambda error: _render_detail(
            activity, status_form=form, status=error.status, message=error.message
        ),
        done=lambda _result: _saved(activity, _("The status was changed.")),
    )


@blueprint.post("/<int:activity_id>/events")
@requires(Permission.PLAN_ACTIVITIES)
def activity_events(activity_id: int):
    activity = _activity(activity_id)
    form = EventsForm()
    form.offer(activity)
    if not form.validate_on_submit():
        return _render_detail(activity, events_form=form, status=422)
    chosen = [int(value) for value in form.events.data]
    events = list(db.session.scalars(sa.select(Event).where(Event.id.in_(chosen))))
    return attempt(
        lambda: services.link_events(current_actor(), activity, events),
        refused=lambda error: _render_detail(activity, events_form=form, status=error.status,
                                             message=error.message),
        done=lambda _result: _saved(activity, _("The events were linked.")),
    )  # fmt: skip


# --- The activity page --------------------------------------------------------------------------


def _reporting_units(activity: Activity) -> list[AdministrativeUnit]:
    """The target units the signed-in user reports for: those in her scope."""
    scope = scope_unit_ids(current_user.user)
    return [unit for unit in activity.units if scope is None or unit.id in scope]


def _render_detail(activity, status_form=None, events_form=None, status=200, message=None):
    reports = queries.reports_of(activity)
    closed = activity.campaign.status == CampaignStatus.CLOSED
    can_plan = current_user.can(Permission.PLAN_ACTIVITIES) and not closed
    if can_plan and events_form is None:
        events_form = EventsForm(formdata=None, events=[str(e.id) for e in activity.events])
        events_form.offer(activity)
    return render_template(
        "activities/detail.html", activity=activity, reports=reports,
        progress=queries.progress_of([activity.id])[activity.id], today=local_today(),
        reporting_units=_reporting_units(activity) if current_user.can(
            Permission.REPORT_PROGRESS) else [],
        status_form=status_form or StatusForm(status=activity.status.value),
        can_plan=can_plan, events_form=events_form,
        last_day=activity.campaign.reporting_ends, message=message, Measure=Measure,
    ), status  # fmt: skip


@blueprint.get("/<int:activity_id>")
@requires(Permission.VIEW_CAMPAIGNS)
def activity_detail(activity_id: int):
    return _render_detail(_activity(activity_id))


# --- Progress reports ---------------------------------------------------------------------------


REPORT_FIELD_OF_ERROR = {"in_future": "done_on", "before_start": "done_on",
                         "women_over_participants": "women", "unit_not_targeted": "unit",
                         "out_of_scope": "unit", "event_of_other_campaign": "event"}  # fmt: skip


def _progress(form, activity: Activity) -> services.Progress:
    event_id = form.event.data
    return services.Progress(
        done_on=form.done_on.data, figures=figures_of(form, activity), women=form.women.data,
        note=form.note.data, event=db.session.get(Event, int(event_id)) if event_id else None,
    )  # fmt: skip


def _report_page(form, activity, report=None, status=200, message=None):
    return render_template(
        "activities/report_form.html", form=form, activity=activity, report=report,
        message=message, last_day=activity.campaign.reporting_ends,
    ), status  # fmt: skip


def _report_refusal(form, activity, report=None):
    return _refusal(form, REPORT_FIELD_OF_ERROR, lambda status, message: _report_page(
        form, activity, report, status, message))


@blueprint.route("/<int:activity_id>/report", methods=["GET", "POST"])
@requires(Permission.REPORT_PROGRESS)
def report_create(activity_id: int):
    activity = _activity(activity_id)
    units = _reporting_units(activity)
    if not units:
        abort(404)
    form = progress_form(activity, units, request.form if request.method == "POST" else None)
    if request.method == "GET":
        form.done_on.data = min(local_today(), activity.due_date)
        if request.args.get("unit") in {str(unit.id) for unit in units}:
            form.unit.data = request.args["unit"]
    if not form.validate_on_submit():
        return _report_page(form, activity, status=422 if form.is_submitted() else 200)
    unit = db.session.get(AdministrativeUnit, int(form.unit.data))
    return attempt(
        lambda: services.report_progress(
            current_actor(),
            current_user.user,
            activity,
            unit,
            _progress(form, activity),
            local_today(),
        ),
        refused=_report_refusal(form, activity),
        done=lambda _report: _saved(activity, _("The report was sent for review.")),
        token=form.submission.data,
    )


@blueprint.route("/reports/<int:report_id>/correct", methods=["GET", "POST"])
@requires(Permission.REPORT_PROGRESS)
def report_correct(report_id: int):
    report = _report(report_id)
    activity = _activity(report.activity_id)
    units = [unit for unit in _reporting_units(activity) if unit.id == report.unit_id]
    if not units:
        abort(404)
    form = progress_form(activity, units, request.form if request.method == "POST" else None)
    if request.method == "GET":
        form.unit.data, form.done_on.data = str(report.unit_id), report.done_on
        form.note.data, form.event.data = report.note, str(report.event_id or "")
        for figure in report.figures:
            getattr(form, f"figure-{figure.measure}").data = figure.value
            if figure.measure == Measure.PARTICIPANTS:
                form.women.data = figure.women
    if not form.validate_on_submit():
        return _report_page(form, activity, report, 422 if form.is_submitted() else 200)
    return attempt(
        lambda: services.correct_report(
            current_actor(),
            current_user.user,
            report,
            _progress(form, activity),
            form.reply.data,
            local_today(),
        ),
        refused=_report_refusal(form, activity, report),
        done=lambda _newer: _saved(activity, _("The new version was sent for review.")),
        token=form.submission.data,
    )


@blueprint.post("/reports/<int:report_id>/void")
@requires(Permission.REPORT_PROGRESS)
def report_void(report_id: int):
    report = _report(report_id)
    activity = _activity(report.activity_id)
    form = ReasonForm()
    if not form.validate_on_submit():
        return _render_detail(activity, status=422,
                              message=_("Say why the report is withdrawn."))  # fmt: skip
    return attempt(
        lambda: services.void_report(
            current_actor(), current_user.user, report, form.reason.data, local_today()
        ),
        refused=lambda error: _render_detail(activity, status=error.status, message=error.message),
        done=lambda _result: _saved(activity, _("The report was withdrawn.")),
    )


@blueprint.post("/reports/<int:report_id>/review")
@requires(Permission.PLAN_ACTIVITIES)
def report_review(report_id: int):
    report = _report(report_id)
    activity = _activity(report.activity_id)
    form = ReviewForm()
    if not form.validate_on_submit():
        return _render_detail(activity, status=422, message=_("Choose accept or send back."))
    accept = form.decision.data == "accept"
    return attempt(
        lambda: services.review_report(
            current_actor(), current_user.user, report, accept, form.reason.data
        ),
        refused=lambda error: _render_detail(activity, status=error.status, message=error.message),
        done=lambda _result: _saved(
            activity, _("The report was accepted.") if accept else _("The report was sent back.")
        ),
    )


# --- One unit's board, the reporting window -----------------------------------------------------


@blueprint.get("/units/<int:unit_id>")
@requires(Permission.VIEW_CAMPAIGNS)
def unit_board(unit_id: int):
    unit = db.session.get(AdministrativeUnit, unit_id) or abort(404)
    campaign = campaign_of_request()
    page = queries.board_page(unit, campaign.id if campaign else None, request.args)
    progress = queries.progress_of(activity.id for activity in page.items)
    return render_template(
        "activities/board.html", unit=unit, campaign=campaign, page=page, today=local_today(),
        progress={activity_id: found.by_unit.get(unit.id, queries.Progress())
                  for activity_id, found in progress.items()},
    )  # fmt: skip


@blueprint.route("/campaigns/<int:campaign_id>/window", methods=["GET", "POST"])
@requires(Permission.PLAN_ACTIVITIES)
def reporting_window(campaign_id: int):
    campaign = db.session.get(Campaign, campaign_id) or abort(404)
    form = ReopenForm()
    form.unit.lookup = UnitLookup(frozenset({campaign.scheme}), areas=([campaign.unit_id],))
    form.unit.suggest_url = url_for("places.unit_suggestions", scheme=campaign.scheme.value,
                                    within=campaign.unit_id)  # fmt: skip

    def page(status=200, message=None):
        return render_template("activities/window.html", campaign=campaign, form=form,
                               message=message), status  # fmt: skip

    if not form.validate_on_submit():
        return page(422 if form.is_submitted() else 200)

    def done(extension):
        flash(_("%(unit)s may report until %(date)s.", unit=extension.unit.full_name,
                date=extension.open_until.strftime("%d/%m/%Y")), "success")  # fmt: skip
        return redirect(url_for("activities.activity_list", campaign=campaign.id))

    return attempt(
        lambda: services.reopen_window(current_actor(), campaign, form.unit.chosen,
                                       form.until.data, form.reason.data, local_today()),
        refused=lambda error: page(error.status, error.message),
        done=done,
    )  # fmt: skip
