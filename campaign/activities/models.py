"""Follow-up activities, what each target unit committed to, and the progress reports units send
on them (docs/architecture.md, "Follow-up activities")."""

import datetime as dt
import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from campaign.accounts.models import User
from campaign.campaigns.models import Campaign
from campaign.core.columns import UTCDateTime, choice
from campaign.core.dates import utcnow
from campaign.events.models import Event
from campaign.extensions import db
from campaign.places.models import AdministrativeUnit, Organization


class ActivityKind(enum.StrEnum):
    COMMUNICATION = "communication"
    TRAINING = "training"
    INSPECTION = "inspection"
    MODEL_REPLICATION = "model_replication"
    VICTIM_SUPPORT = "victim_support"
    RESOURCE_MOBILISATION = "resource_mobilisation"
    OTHER = "other"


class ActivityStatus(enum.StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"


class Measure(enum.StrEnum):
    """What an activity counts; each kind counts some of them (:data:`MEASURES_OF_KIND`)."""

    SESSIONS = "sessions"  # sessions, classes or rounds held
    PARTICIPANTS = "participants"  # people taking part, of whom ``women`` women
    PEOPLE_REACHED = "people_reached"
    MODELS = "models"  # models established, e.g. safe villages
    INSPECTIONS = "inspections"
    VIOLATIONS = "violations"  # violations handled
    VICTIMS = "victims"  # victims supported
    FUNDS = "funds"  # đồng mobilised


MEASURES_OF_KIND: dict[ActivityKind, tuple[Measure, ...]] = {
    ActivityKind.COMMUNICATION: (Measure.SESSIONS, Measure.PEOPLE_REACHED),
    ActivityKind.TRAINING: (Measure.SESSIONS, Measure.PARTICIPANTS),
    ActivityKind.INSPECTION: (Measure.INSPECTIONS, Measure.VIOLATIONS),
    ActivityKind.MODEL_REPLICATION: (Measure.MODELS, Measure.PEOPLE_REACHED),
    ActivityKind.VICTIM_SUPPORT: (Measure.VICTIMS,),
    ActivityKind.RESOURCE_MOBILISATION: (Measure.FUNDS,),
    ActivityKind.OTHER: (Measure.SESSIONS, Measure.PEOPLE_REACHED),
}
"""The measures an activity of each kind has targets and figures for, in the order shown."""
OPEN_STATUSES = (ActivityStatus.PLANNED, ActivityStatus.IN_PROGRESS)
"""An activity in one of these after its due date is overdue."""


class ReportStatus(enum.StrEnum):
    SUBMITTED = "submitted"  # waiting for the organizer's review
    ACCEPTED = "accepted"
    RETURNED = "returned"  # sent back with a reason; the unit answers with a new version
    SUPERSEDED = "superseded"  # replaced by a newer version, kept in the history
    VOIDED = "voided"  # withdrawn with a reason


CURRENT_REPORT_STATUSES = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED, ReportStatus.RETURNED)
"""The reports whose figures count: the latest version of each, unless voided."""

activity_units = sa.Table(
    "activity_units",
    db.metadata,
    sa.Column("activity_id", sa.ForeignKey("activities.id", ondelete="CASCADE"), primary_key=True),
    sa.Column(
        "unit_id",
        sa.ForeignKey("administrative_units.id", ondelete="RESTRICT"),
        primary_key=True,
        index=True,
    ),
)

activity_events = sa.Table(
    "activity_events",
    db.metadata,
    sa.Column("activity_id", sa.ForeignKey("activities.id", ondelete="CASCADE"), primary_key=True),
    sa.Column(
        "event_id", sa.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True, index=True
    ),
)


class Activity(db.Model):
    """A follow-up activity named in the campaign's directives, carried out by its target units."""

    __tablename__ = "activities"
    __table_args__ = (
        sa.CheckConstraint("due_date >= planned_start", name="period_order"),
        sa.CheckConstraint(
            "(status = 'cancelled') = (cancel_reason IS NOT NULL)", name="cancelled_with_reason"
        ),
        sa.Index("ix_activities_campaign_due_order", "campaign_id", "due_date", "id"),
        sa.Index("ix_activities_due_order", "due_date", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(sa.ForeignKey("campaigns.id", ondelete="RESTRICT"))
    title: Mapped[str] = mapped_column(sa.String(255))
    kind: Mapped[ActivityKind] = mapped_column(choice(ActivityKind, "kind"))
    status: Mapped[ActivityStatus] = mapped_column(
        choice(ActivityStatus, "status"), default=ActivityStatus.PLANNED
    )
    cancel_reason: Mapped[str | None] = mapped_column(sa.Text)
    description: Mapped[str | None] = mapped_column(sa.Text)
    lead_organization_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organizations.id", ondelete="RESTRICT"), index=True
    )
    planned_start: Mapped[dt.date]
    due_date: Mapped[dt.date] = mapped_column(comment="overdue from the next day unless done")

    campaign: Mapped[Campaign] = relationship()
    lead_organization: Mapped[Organization | None] = relationship()
    units: Mapped[list[AdministrativeUnit]] = relationship(
        secondary=activity_units, order_by=AdministrativeUnit.sort_key
    )
    events: Mapped[list[Event]] = relationship(secondary=activity_events, order_by=Event.starts_at)
    targets: Mapped[list["ActivityTarget"]] = relationship(
        back_populates="activity", cascade="all, delete-orphan"
    )

    @property
    def measures(self) -> tuple[Measure, ...]:
        return MEASURES_OF_KIND[self.kind]

    def overdue_on(self, today: dt.date) -> bool:
        """Past its due date and neither done nor cancelled (``queries.overdue`` in SQL)."""
        return self.status in OPEN_STATUSES and self.due_date < today


class ActivityTarget(db.Model):
    """What one target unit committed to for one measure, and where it started from."""

    __tablename__ = "activity_targets"
    __table_args__ = (
        sa.UniqueConstraint("activity_id", "unit_id", "measure"),
        sa.CheckConstraint("target >= 0", name="target_not_negative"),
        sa.CheckConstraint("baseline >= 0", name="baseline_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(sa.ForeignKey("activities.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(
        sa.ForeignKey("administrative_units.id", ondelete="RESTRICT"), index=True
    )
    measure: Mapped[Measure] = mapped_column(choice(Measure, "measure"))
    target: Mapped[int] = mapped_column(sa.BigInteger)
    baseline: Mapped[int | None] = mapped_column(
        sa.BigInteger, comment="the figure before the campaign, where one is known"
    )

    activity: Mapped[Activity] = relationship(back_populates="targets")
    unit: Mapped[AdministrativeUnit] = relationship()


class ProgressReport(db.Model):
    """What one unit reports having done for an activity on a day. Never edited: a correction
    is a new version (``corrects_id``) and the old one stays, superseded; a wrong one is voided
    with a reason."""

    __tablename__ = "progress_reports"
    __table_args__ = (
        sa.CheckConstraint("version >= 1", name="version_positive"),
        sa.CheckConstraint(
            "(status = 'voided') = (void_reason IS NOT NULL)", name="voided_with_reason"
        ),
        sa.CheckConstraint(
            "status <> 'returned' OR review_note IS NOT NULL", name="returned_with_reason"
        ),
        sa.Index("ix_progress_reports_activity_unit", "activity_id", "unit_id", "status"),
        sa.Index("ix_progress_reports_unit_status", "unit_id", "status"),
        sa.Index(
            "uq_progress_reports_one_correction",
            "corrects_id",
            unique=True,
            sqlite_where=sa.text("corrects_id IS NOT NULL"),
            postgresql_where=sa.text("corrects_id IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(sa.ForeignKey("activities.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(
        sa.ForeignKey("administrative_units.id", ondelete="RESTRICT")
    )
    event_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("events.id", ondelete="SET NULL"), index=True,
        comment="the event it was done at",
    )  # fmt: skip
    done_on: Mapped[dt.date]
    note: Mapped[str | None] = mapped_column(sa.Text)
    status: Mapped[ReportStatus] = mapped_column(
        choice(ReportStatus, "status"), default=ReportStatus.SUBMITTED
    )
    version: Mapped[int] = mapped_column(default=1)
    corrects_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("progress_reports.id", ondelete="RESTRICT"),
        comment="the version this one replaces",
    )
    reply: Mapped[str | None] = mapped_column(sa.Text, comment="the answer to a sent-back version")
    reported_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    reported_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="RESTRICT"), index=True
    )
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    reviewed_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="RESTRICT"), index=True
    )
    review_note: Mapped[str | None] = mapped_column(sa.Text, comment="why it was sent back")
    voided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    void_reason: Mapped[str | None] = mapped_column(sa.Text)

    activity: Mapped[Activity] = relationship()
    unit: Mapped[AdministrativeUnit] = relationship()
    event: Mapped[Event | None] = relationship()
    reported_by: Mapped[User | None] = relationship(foreign_keys=[reported_by_id])
    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id])
    figures: Mapped[list["ProgressFigure"]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="ProgressFigure.measure"
    )

    @property
    def counts(self) -> bool:
        return self.status in CURRENT_REPORT_STATUSES


class ProgressFigure(db.Model):
    """One figure of a report: how much of one measure was done."""

    __tablename__ = "progress_figures"
    __table_args__ = (
        sa.CheckConstraint("value >= 0", name="value_not_negative"),
        sa.CheckConstraint("women >= 0 AND women <= value", name="women_within_value"),
    )

    report_id: Mapped[int] = mapped_column(
        sa.ForeignKey("progress_reports.id", ondelete="CASCADE"), primary_key=True
    )
    measure: Mapped[Measure] = mapped_column(choice(Measure, "measure"), primary_key=True)
    value: Mapped[int] = mapped_column(sa.BigInteger)
    women: Mapped[int | None] = mapped_column(
        sa.BigInteger, comment="of the participants, how many women (the rest are men)"
    )

    report: Mapped[ProgressReport] = relationship(back_populates="figures")


class ReportingExtension(db.Model):
    """The reporting window of a campaign reopened for one unit, until a day, by an organizer."""

    __tablename__ = "reporting_extensions"
    __table_args__ = (sa.UniqueConstraint("campaign_id", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(sa.ForeignKey("campaigns.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(
        sa.ForeignKey("administrative_units.id", ondelete="RESTRICT"), index=True
    )
    open_until: Mapped[dt.date] = mapped_column(comment="the last day a report is accepted")
    reason: Mapped[str] = mapped_column(sa.Text)
    granted_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    granted_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="RESTRICT"), index=True
    )

    unit: Mapped[AdministrativeUnit] = relationship()
