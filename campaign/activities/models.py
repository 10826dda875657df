"""Follow-up activities, the units carrying them out, and progress reports."""

import datetime as dt
import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from campaign.accounts.models import User
from campaign.campaigns.models import Campaign
from campaign.core.columns import UTCDateTime, choice
from campaign.core.dates import utcnow
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


class Activity(db.Model):
    """A follow-up activity named in the campaign's directives, with its target."""

    __tablename__ = "activities"
    __table_args__ = (
        sa.CheckConstraint("planned_end >= planned_start", name="period_order"),
        sa.CheckConstraint("target_quantity >= 0", name="target_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        sa.ForeignKey("campaigns.id", ondelete="RESTRICT"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(255))
    kind: Mapped[ActivityKind] = mapped_column(choice(ActivityKind, "kind"))
    status: Mapped[ActivityStatus] = mapped_column(
        choice(ActivityStatus, "status"), default=ActivityStatus.PLANNED
    )
    description: Mapped[str | None] = mapped_column(sa.Text)
    lead_organization_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organizations.id", ondelete="RESTRICT"), index=True
    )
    planned_start: Mapped[dt.date | None]
    planned_end: Mapped[dt.date | None]
    target_quantity: Mapped[int | None]
    target_unit: Mapped[str | None] = mapped_column(
        sa.String(50), comment="what the quantity counts: lớp tập huấn, cuộc kiểm tra, …"
    )

    campaign: Mapped[Campaign] = relationship()
    lead_organization: Mapped[Organization | None] = relationship()
    units: Mapped[list[AdministrativeUnit]] = relationship(
        secondary=activity_units, order_by=AdministrativeUnit.sort_key
    )
    progress_reports: Mapped[list["ActivityProgress"]] = relationship(
        back_populates="activity", order_by="ActivityProgress.reported_at"
    )


class ActivityProgress(db.Model):
    """What one unit reports having done towards an activity's target."""

    __tablename__ = "activity_progress"
    __table_args__ = (
        sa.CheckConstraint("actual_quantity >= 0", name="actual_not_negative"),
        sa.CheckConstraint("participants >= 0", name="participants_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        sa.ForeignKey("activities.id", ondelete="CASCADE"), index=True
    )
    unit_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("administrative_units.id", ondelete="RESTRICT"), index=True
    )
    reported_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    reported_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="RESTRICT"), index=True
    )
    actual_quantity: Mapped[int | None]
    participants: Mapped[int | None]
    note: Mapped[str | None] = mapped_column(sa.Text)

    activity: Mapped[Activity] = relationship(back_populates="progress_reports")
    unit: Mapped[AdministrativeUnit | None] = relationship()
    reported_by: Mapped[User | None] = relationship()
