"""Events, the units taking part, the officials present and the programme."""

import datetime as dt
import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from campaign.campaigns.models import Campaign
from campaign.core.columns import UTCDateTime, choice
from campaign.extensions import db
from campaign.officials.models import Official, OfficialPosition
from campaign.places.models import AdministrativeUnit, Organization


class EventKind(enum.StrEnum):
    LAUNCH_CEREMONY = "launch_ceremony"
    COMMUNICATION = "communication"
    TRAINING = "training"
    INSPECTION = "inspection"
    DIALOGUE = "dialogue"
    SUPPORT = "support"
    MEETING = "meeting"
    OTHER = "other"


class EventStatus(enum.StrEnum):
    PLANNED = "planned"
    HELD = "held"
    POSTPONED = "postponed"
    CANCELLED = "cancelled"


event_units = sa.Table(
    "event_units",
    db.metadata,
    sa.Column("event_id", sa.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    sa.Column(
        "unit_id", sa.ForeignKey("administrative_units.id", ondelete="RESTRICT"), primary_key=True
    ),
    sa.Index("ix_event_units_unit_id_event_id", "unit_id", "event_id"),
    # the events of a unit (the list's unit filter) read from the index alone
)


class Event(db.Model):
    """Something that happens on a date within a campaign."""

    __tablename__ = "events"
    __table_args__ = (
        sa.CheckConstraint("ends_at >= starts_at", name="time_order"),
        sa.CheckConstraint("expected_attendance >= 0", name="expected_not_negative"),
        sa.CheckConstraint("actual_attendance >= 0", name="actual_not_negative"),
        # the event list's orders, alone and after its filters (queries.ORDERS)
        sa.Index("ix_events_starts_at_id", "starts_at", "id"),
        sa.Index("ix_events_campaign_id_starts_at_id", "campaign_id", "starts_at", "id"),
        sa.Index("ix_events_kind_starts_at_id", "kind", "starts_at", "id"),
        sa.Index("ix_events_status_starts_at_id", "status", "starts_at", "id"),
        sa.Index("ix_events_title_id", "title", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(sa.ForeignKey("campaigns.id", ondelete="RESTRICT"))
    title: Mapped[str] = mapped_column(sa.String(255))
    kind: Mapped[EventKind] = mapped_column(choice(EventKind, "kind"))
    status: Mapped[EventStatus] = mapped_column(
        choice(EventStatus, "status"), default=EventStatus.PLANNED
    )
    status_reason: Mapped[str | None] = mapped_column(
        sa.Text, comment="why it was postponed or cancelled"
    )
    starts_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    venue: Mapped[str | None] = mapped_column(sa.String(255))
    host_unit_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("administrative_units.id", ondelete="RESTRICT"), index=True
    )
    organizer_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organizations.id", ondelete="RESTRICT"), index=True
    )
    description: Mapped[str | None] = mapped_column(sa.Text)
    expected_attendance: Mapped[int | None]
    actual_attendance: Mapped[int | None]
    outcome: Mapped[str | None] = mapped_column(sa.Text)

    campaign: Mapped[Campaign] = relationship()
    host_unit: Mapped[AdministrativeUnit | None] = relationship()
    organizer: Mapped[Organization | None] = relationship()
    units: Mapped[list[AdministrativeUnit]] = relationship(
        secondary=event_units, order_by=AdministrativeUnit.sort_key
    )
    participations: Mapped[list["Participation"]] = relationship(
        back_populates="event", order_by="Participation.position", cascade="all, delete-orphan"
    )
    agenda_items: Mapped[list["AgendaItem"]] = relationship(
        back_populates="event", order_by="AgendaItem.position", cascade="all, delete-orphan"
    )


class ParticipationRole(enum.StrEnum):
    CHAIR = "chair"
    GUEST_OF_HONOUR = "guest_of_honour"
    KEYNOTE = "keynote"
    RESPONSE_SPEECH = "response_speech"
    DELEGATE = "delegate"
    GIFT_PRESENTER = "gift_presenter"
    MC = "mc"


class Participation(db.Model):
    """An official at an event, in a role, in the capacity of one of their positions."""

    __tablename__ = "participations"
    __table_args__ = (sa.UniqueConstraint("event_id", "official_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    official_id: Mapped[int] = mapped_column(
        sa.ForeignKey("officials.id", ondelete="RESTRICT"), index=True
    )
    position_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("official_positions.id", ondelete="SET NULL"),
        index=True,
        comment="the capacity in which the official attends",
    )
    role: Mapped[ParticipationRole] = mapped_column(choice(ParticipationRole, "role"))
    position: Mapped[int] = mapped_column(default=0, comment="the order the organizer set")
    attended: Mapped[bool | None] = mapped_column(comment="unknown until the event is held")

    event: Mapped[Event] = relationship(back_populates="participations")
    official: Mapped[Official] = relationship()
    official_position: Mapped[OfficialPosition | None] = relationship()


class AgendaItem(db.Model):
    """One item of an event's programme."""

    __tablename__ = "agenda_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    starts_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    title: Mapped[str] = mapped_column(sa.String(255))
    speaker_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("officials.id", ondelete="SET NULL"), index=True
    )
    speaker_note: Mapped[str | None] = mapped_column(
        sa.String(255), comment="who speaks when it is not one registered official"
    )

    event: Mapped[Event] = relationship(back_populates="agenda_items")
    speaker: Mapped[Official | None] = relationship()
