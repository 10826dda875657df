"""Activity rules: planning by the organizer (target units of the campaign's map, targets per unit
by what the kind counts), progress reports by the units' officials within the reporting window,
corrections as new versions, voiding with a reason, and the organizer's review. Every change is
audited (docs/architecture.md, "Follow-up activities")."""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from campaign.accounts.models import User
from campaign.accounts.scope import unit_in_scope
from campaign.activities.labels import measure_name
from campaign.activities.models import (
    CURRENT_REPORT_STATUSES,
    Activity,
    ActivityKind,
    ActivityStatus,
    ActivityTarget,
    Measure,
    ProgressFigure,
    ProgressReport,
    ReportingExtension,
    ReportStatus,
)
from campaign.audit.services import Actor, changes, record
from campaign.campaigns.models import Campaign
from campaign.campaigns.services import ensure_in_area, ensure_open
from campaign.core.dates import utcnow
from campaign.core.errors import DomainError
from campaign.core.formatting import day_text
from campaign.events.models import Event
from campaign.extensions import db
from campaign.places.models import AdministrativeUnit, Organization


@dataclass(frozen=True)
class ActivityPlan:
    """What the activity form says, already checked for types and lengths."""

    title: str
    kind: ActivityKind
    description: str | None
    lead_organization: Organization | None
    units: list[AdministrativeUnit]
    planned_start: dt.date
    due_date: dt.date


@dataclass(frozen=True)
class Target:
    target: int
    baseline: int | None = None


@dataclass(frozen=True)
class Progress:
    """What a progress report says: the day, the figures by measure (participants with how
    many of them were women), a note and the event it happened at."""

    done_on: dt.date
    figures: Mapping[Measure, int]
    women: int | None = None
    note: str | None = None
    event: Event | None = None


def _snapshot(activity: Activity) -> dict:
    return {
        "title": activity.title, "kind": activity.kind.value,
        "description": activity.description,
        "lead_organization": activity.lead_organization_id,
        "units": sorted(unit.id for unit in activity.units),
        "planned_start": activity.planned_start.isoformat(),
        "due_date": activity.due_date.isoformat(),
    }  # fmt: skip


def _check_plan(campaign: Campaign, plan: ActivityPlan) -> None:
    if plan.due_date < plan.planned_start:
        raise DomainError(
            "due_before_start", _("The due date cannot be before the planned start."), 422
        )
    if not plan.units:
        raise DomainError("no_units", _("Choose at least one unit that carries it out."), 422)
    ensure_in_area(campaign, plan.units, "unit_outside")


def plan_activity(actor: Actor, campaign: Campaign, plan: ActivityPlan) -> Activity:
    """A new activity of the campaign, planned for its target units."""
    ensure_open(campaign)
    _check_plan(campaign, plan)
    activity = Activity(campaign=campaign)
    _apply(activity, plan)
    db.session.add(activity)
    db.session.flush()
    record(actor, "create", "activity", activity.id, activity.title)
    return activity


def update_activity(actor: Actor, activity: Activity, plan: ActivityPlan) -> None:
    """Change the plan. The kind stays while figures of its measures exist, and a unit that
    has reported keeps its place."""
    ensure_open(activity.campaign)
    _check_plan(activity.campaign, plan)
    if plan.kind != activity.kind and (activity.targets or _has_reports(activity)):
        raise DomainError(
            "kind_has_figures",
            _("Targets or reports already count what this kind counts; the kind cannot change."),
            409,
        )  # fmt: skip
    dropped = {unit.id for unit in activity.units} - {unit.id for unit in plan.units}
    if dropped and _has_reports(activity, dropped):
        raise DomainError(
            "unit_has_reports", _("A unit that has reported stays among the target units."), 409
        )
    before = _snapshot(activity)
    _apply(activity, plan)
    activity.targets = [target for target in activity.targets if target.unit_id not in dropped]
    db.session.flush()
    record(actor, "update", "activity", activity.id, activity.title,
           changes(before, _snapshot(activity)))  # fmt: skip


def _apply(activity: Activity, plan: ActivityPlan) -> None:
    activity.title, activity.kind, activity.description = plan.title, plan.kind, plan.description
    activity.lead_organization = plan.lead_organization
    activity.units = list(plan.units)
    activity.planned_start, activity.due_date = plan.planned_start, plan.due_date


def _has_reports(activity: Activity, unit_ids: set[int] | None = None) -> bool:
    statement = sa.select(ProgressReport.id).where(ProgressReport.activity_id == activity.id)
    if unit_ids is not None:
        statement = statement.where(ProgressReport.unit_id.in_(unit_ids))
    return db.session.scalar(statement.limit(1)) is not None


def set_targets(
    actor: Actor, activity: Activity, targets: Mapping[tuple[int, Measure], Target]
) -> None:
    """The activity's targets, all at once: (unit id, measure) → target and baseline; a pair
    left out has no target."""
    ensure_open(activity.campaign)
    units = {unit.id for unit in activity.units}
    for (unit_id, measure), target in targets.items():
        if unit_id not in units:
            raise DomainError("unit_not_targeted", _("This unit does not carry out the activity."),
                              422)  # fmt: skip
        _check_measure(activity, measure)
        if target.target < 0 or (target.baseline is not None and target.baseline < 0):
            raise DomainError("negative", _("Targets and baselines are 0 or more."), 422)
    kept = {(t.unit_id, t.measure): t for t in activity.targets}
    before = {f"{u}:{m}": t.target for (u, m), t in kept.items()}
    activity.targets = [
        _target_row(kept.get(key), activity, key, target) for key, target in targets.items()
    ]
    db.session.flush()
    after = {f"{u}:{m}": t.target for (u, m), t in targets.items()}
    record(actor, "update", "activity_target", activity.id, activity.title,
           changes(before, after))  # fmt: skip


def _target_row(row: ActivityTarget | None, activity, key, target: Target) -> ActivityTarget:
    row = row or ActivityTarget(activity=activity, unit_id=key[0], measure=key[1])
    row.target, row.baseline = target.target, target.baseline
    return row


def set_status(actor: Actor, activity: Activity, status: ActivityStatus, reason: str | None):
    """Planned, in progress, done, or cancelled with a reason."""
    ensure_open(activity.campaign)
    if status == ActivityStatus.CANCELLED and not reason:
        raise DomainError("reason_needed", _("Say why the activity is cancelled."), 422)
    before = activity.status
    activity.status = status
    activity.cancel_reason = reason if status == ActivityStatus.CANCELLED else None
    db.session.flush()
    record(actor, "update", "activity", activity.id, activity.title,
           {"status": [before.value, status.value]} if before != status else None)  # fmt: skip


def link_events(actor: Actor, activity: Activity, events: list[Event]) -> None:
    """The events that carried the activity out: of its campaign."""
    ensure_open(activity.campaign)
    for event in events:
        _check_event(activity, event)
    before = sorted(event.id for event in activity.events)
    activity.events = list(events)
    db.session.flush()
    record(actor, "update", "activity", activity.id, activity.title,
           changes({"events": before}, {"events": sorted(e.id for e in events)}))  # fmt: skip


def _check_event(activity: Activity, event: Event) -> None:
    if event.campaign_id != activity.campaign_id:
        raise DomainError(
            "event_of_other_campaign", _("Choose an event of the same campaign."), 422
        )


def _check_measure(activity: Activity, measure: Measure) -> None:
    if measure not in activity.measures:
        raise DomainError(
            "wrong_measure",
            _("%(measure)s is not counted for an activity of this kind.",
              measure=measure_name(measure)),
            422,
        )  # fmt: skip


# --- Progress reports ----------------------------------------------------------------------


def reporting_open_until(campaign: Campaign, unit_id: int) -> dt.date:
    """The last day the unit reports on the campaign's activities: the window after its end
    date, or the later day an organizer reopened it to for that unit."""
    reopened = db.session.scalar(
        sa.select(ReportingExtension.open_until).where(
            ReportingExtension.campaign_id == campaign.id, ReportingExtension.unit_id == unit_id
        )
    )
    return max(campaign.reporting_ends, reopened or campaign.reporting_ends)


def _check_window(activity: Activity, unit_id: int, today: dt.date) -> None:
    last_day = reporting_open_until(activity.campaign, unit_id)
    if today > last_day:
        raise DomainError(
            "window_closed",
            _("Reporting closed on %(date)s. Ask the organizer to reopen it for your unit.",
              date=day_text(last_day)),
            409,
        )  # fmt: skip


def _check_reporter(activity: Activity, user: User | None, unit: AdministrativeUnit) -> None:
    if unit.id not in {target.id for target in activity.units}:
        raise DomainError(
            "unit_not_targeted",
            _("%(unit)s does not carry out this activity.", unit=unit.full_name), 422,
        )  # fmt: skip
    if not unit_in_scope(user, unit.id):
        raise DomainError(
            "out_of_scope", _("%(unit)s is outside your area.", unit=unit.full_name), 403
        )


def _check_progress(activity: Activity, progress: Progress, today: dt.date) -> None:
    if progress.done_on > today:
        raise DomainError("in_future", _("The day it was done cannot be in the future."), 422)
    if progress.done_on < activity.planned_start:
        raise DomainError(
            "before_start",
            _("The day it was done is before the activity's planned start (%(date)s).",
              date=day_text(activity.planned_start)),
            422,
        )  # fmt: skip
    if not progress.figures:
        raise DomainError("no_figures", _("Enter at least one figure."), 422)
    for measure, value in progress.figures.items():
        _check_measure(activity, measure)
        if value < 0:
            raise DomainError("negative", _("Figures are 0 or more."), 422)
    if progress.women is not None:
        participants = progress.figures.get(Measure.PARTICIPANTS)
        if participants is None:
            raise DomainError(
                "wrong_measure", _("Women are counted among the participants: enter those."), 422
            )
        if not 0 <= progress.women <= participants:
            raise DomainError(
                "women_over_participants",
                _("The women cannot be more than the participants (%(count)s).",
                  count=participants),
                422,
            )  # fmt: skip
    if progress.event is not None:
        _check_event(activity, progress.event)


def _new_report(activity, unit, user, progress: Progress, **version) -> ProgressReport:
    report = ProgressReport(
        activity=activity, unit=unit, reported_by=user, done_on=progress.done_on,
        note=progress.note, event=progress.event, status=ReportStatus.SUBMITTED, **version,
        figures=[
            ProgressFigure(measure=measure, value=value,
                           women=progress.women if measure == Measure.PARTICIPANTS else None)
            for measure, value in sorted(progress.figures.items())
        ],
    )  # fmt: skip
    db.session.add(report)
    return report


def report_progress(
    actor: Actor, user: User | None, activity: Activity, unit: AdministrativeUnit,
    progress: Progress, today: dt.date,
) -> ProgressReport:  # fmt: skip
    """What ``unit`` did for the activity; a planned activity is then in progress."""
    if activity.status == ActivityStatus.CANCELLED:
        raise DomainError("activity_cancelled", _("This activity was cancelled."), 409)
    _check_reporter(activity, user, unit)
    _check_window(activity, unit.id, today)
    _check_progress(activity, progress, today)
    report = _new_report(activity, unit, user, progress)
    db.session.execute(
        sa.update(Activity)
        .where(Activity.id == activity.id, Activity.status == ActivityStatus.PLANNED)
        .values(status=ActivityStatus.IN_PROGRESS)
        .execution_options(synchronize_session="fetch")
    )  # fmt: skip
    db.session.flush()
    record(actor, "create", "progress_report", report.id, f"{activity.title}: {unit.full_name}")
    return report


def _leave(report: ProgressReport, status: ReportStatus, code: str, **values) -> None:
    """Move a current report out of the current ones, or refuse when someone did first (two
    corrections at once, a review of a voided one): the UPDATE only matches it while current."""
    moved = db.session.execute(
        sa.update(ProgressReport)
        .where(ProgressReport.id == report.id,
               ProgressReport.status.in_(values.pop("only_from", CURRENT_REPORT_STATUSES)))
        .values(status=status, **values)
        .execution_options(synchronize_session=False)
    ).rowcount  # fmt: skip
    db.session.refresh(report)
    if moved != 1:
        raise DomainError(
            code,
            _("This report has changed meanwhile: reload the page to see its latest version."),
            409,
        )  # fmt: skip


def correct_report(
    actor: Actor, user: User | None, report: ProgressReport, progress: Progress,
    reply: str | None, today: dt.date,
) -> ProgressReport:  # fmt: skip
    """A new version of a report (after it was sent back, or to put a mistake right); the old
    one stays in the history, superseded."""
    activity = report.activity
    _check_reporter(activity, user, report.unit)
    _check_window(activity, report.unit_id, today)
    _check_progress(activity, progress, today)
    _leave(report, ReportStatus.SUPERSEDED, "not_current")
    newer = _new_report(activity, report.unit, user, progress, version=report.version + 1,
                        corrects_id=report.id, reply=reply)  # fmt: skip
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:  # another correction of the same version won the race
        raise DomainError(
            "not_current",
            _("This report has changed meanwhile: reload the page to see its latest version."),
            409,
        ) from None
    record(actor, "update", "progress_report", newer.id,
           f"{activity.title}: {report.unit.full_name} v{newer.version}",
           {"replaces": [None, report.id]})  # fmt: skip
    return newer


def void_report(
    actor: Actor, user: User | None, report: ProgressReport, reason: str, today: dt.date
) -> None:
    """Withdraw a wrong report with a reason; it stays visible, and no longer counts."""
    if not reason:
        raise DomainError("reason_needed", _("Say why the report is withdrawn."), 422)
    _check_reporter(report.activity, user, report.unit)
    _check_window(report.activity, report.unit_id, today)
    _leave(report, ReportStatus.VOIDED, "not_current", void_reason=reason, voided_at=utcnow())
    record(actor, "void", "progress_report", report.id, reason[:200])


def review_report(
    actor: Actor, user: User | None, report: ProgressReport, accept: bool, reason: str | None
) -> None:
    """The organizer accepts a submitted report, or sends it back with a reason the unit sees
    and answers. One does not review one's own report."""
    if user is not None and report.reported_by_id == user.id:
        raise DomainError("own_report", _("Another organizer reviews your own report."), 409)
    if not accept and not reason:
        raise DomainError("reason_needed", _("Say what is missing or wrong."), 422)
    status = ReportStatus.ACCEPTED if accept else ReportStatus.RETURNED
    _leave(report, status, "not_submitted", only_from=(ReportStatus.SUBMITTED,),
           reviewed_at=utcnow(), reviewed_by_id=user.id if user else None,
           review_note=None if accept else reason)  # fmt: skip
    record(actor, "approve" if accept else "reject", "progress_report", report.id,
           (reason or "")[:200])  # fmt: skip


def reopen_window(
    actor: Actor, campaign: Campaign, unit: AdministrativeUnit, until: dt.date, reason: str,
    today: dt.date,
) -> ReportingExtension:  # fmt: skip
    """Let one unit report late, until ``until`` (today or later), for a stated reason."""
    if until < today:
        raise DomainError("until_past", _("Reopen it until today or a later day."), 422)
    if not reason:
        raise DomainError("reason_needed", _("Say why the unit reports late."), 422)
    ensure_in_area(campaign, [unit], "unit_outside")
    extension = db.session.scalars(
        sa.select(ReportingExtension).where(
            ReportingExtension.campaign_id == campaign.id, ReportingExtension.unit_id == unit.id
        )
    ).first() or ReportingExtension(campaign_id=campaign.id, unit_id=unit.id)
    before = extension.open_until.isoformat() if extension.open_until else None
    extension.open_until, extension.reason = until, reason
    extension.granted_by_id, extension.granted_at = actor.user_id, utcnow()
    try:
        with db.session.begin_nested():
            db.session.add(extension)
            db.session.flush()
    except IntegrityError:  # another organizer reopened it for this unit at the same moment
        raise DomainError(
            "reopened_meanwhile",
            _("Someone reopened the window for this unit meanwhile: reload the page."), 409,
        ) from None
    record(actor, "update", "reporting_window", campaign.id, f"{unit.full_name}: {reason}"[:500],
           {"open_until": [before, until.isoformat()]})  # fmt: skip
    return extension
