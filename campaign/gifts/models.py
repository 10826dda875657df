"""Gift programmes and the rows that guard their quota (docs/architecture.md, "Where a rule
goes")."""

import datetime as dt
import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from campaign.accounts.models import User
from campaign.beneficiaries.models import Beneficiary
from campaign.campaigns.models import Campaign
from campaign.core.columns import UTCDateTime, choice
from campaign.core.dates import utcnow
from campaign.events.models import Event
from campaign.extensions import db
from campaign.officials.models import Official
from campaign.places.models import AdministrativeUnit


class GiftProgramme(db.Model):
    """Gifts handed to a set number of women, one each."""

    __tablename__ = "gift_programmes"
    __table_args__ = (
        sa.CheckConstraint("unit_value IS NULL OR unit_value >= 0", name="unit_value_not_negative"),
        sa.CheckConstraint("quota >= 0", name="quota_not_negative"),
        sa.CheckConstraint("given_count BETWEEN 0 AND quota", name="given_within_quota"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        sa.ForeignKey("campaigns.id", ondelete="RESTRICT"), index=True
    )
    event_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("events.id", ondelete="RESTRICT"),
        index=True,
        comment="where the gifts are handed over",
    )
    name: Mapped[str] = mapped_column(sa.String(255))
    package_description: Mapped[str | None] = mapped_column(sa.Text, comment="cash and/or goods")
    unit_value: Mapped[int | None] = mapped_column(
        sa.BigInteger, comment="value of one gift in đồng; none when not stated"
    )
    quota: Mapped[int]
    given_count: Mapped[int] = mapped_column(
        default=0, comment="non-voided handovers; moved only by the guarded UPDATE"
    )

    campaign: Mapped[Campaign] = relationship()
    event: Mapped[Event | None] = relationship()
    allocations: Mapped[list["GiftAllocation"]] = relationship(back_populates="programme")


class GiftAllocation(db.Model):
    """The share of a programme's quota given to one district."""

    __tablename__ = "gift_allocations"
    __table_args__ = (
        sa.UniqueConstraint("programme_id", "unit_id"),
        sa.CheckConstraint("quota >= 0", name="quota_not_negative"),
        sa.CheckConstraint("given_count BETWEEN 0 AND quota", name="given_within_quota"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        sa.ForeignKey("gift_programmes.id", ondelete="CASCADE"), index=True
    )
    unit_id: Mapped[int] = mapped_column(
        sa.ForeignKey("administrative_units.id", ondelete="RESTRICT"), index=True
    )
    quota: Mapped[int]
    given_count: Mapped[int] = mapped_column(default=0)

    programme: Mapped[GiftProgramme] = relationship(back_populates="allocations")
    unit: Mapped[AdministrativeUnit] = relationship()


class NominationStatus(enum.StrEnum):
    PROPOSED = "proposed"
    APPROVED = "approved"
    REJECTED = "rejected"


class Nomination(db.Model):
    """A beneficiary proposed for a programme by her district, then approved or rejected."""

    __tablename__ = "gift_nominations"
    __table_args__ = (
        sa.UniqueConstraint("programme_id", "beneficiary_id"),
        sa.UniqueConstraint("programme_id", "list_number"),
        sa.CheckConstraint(
            "decided_by_id IS NULL OR decided_by_id <> proposed_by_id",
            name="four_eyes",
        ),
        sa.CheckConstraint(
            "status <> 'rejected' OR rejection_reason IS NOT NULL", name="rejection_has_reason"
        ),
        # A list of one status (the awaiting list: approved) in the order of its numbers; the
        # whole list's order is the unique (programme_id, list_number).
        sa.Index("ix_gift_nominations_status_order", "programme_id", "status", "list_number", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        sa.ForeignKey("gift_programmes.id", ondelete="CASCADE"), index=True
    )
    beneficiary_id: Mapped[int] = mapped_column(
        sa.ForeignKey("beneficiaries.id", ondelete="RESTRICT"), index=True
    )
    allocation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("gift_allocations.id", ondelete="RESTRICT"),
        index=True,
        comment="the district share she is proposed under",
    )
    list_number: Mapped[int | None] = mapped_column(comment="her number on the printed list")
    status: Mapped[NominationStatus] = mapped_column(
        choice(NominationStatus, "status"), default=NominationStatus.PROPOSED
    )
    proposed_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="RESTRICT"), index=True
    )
    proposed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="RESTRICT"), index=True
    )
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    rejection_reason: Mapped[str | None] = mapped_column(sa.Text)

    programme: Mapped[GiftProgramme] = relationship()
    beneficiary: Mapped[Beneficiary] = relationship()
    allocation: Mapped[GiftAllocation] = relationship()
    proposed_by: Mapped[User | None] = relationship(foreign_keys=[proposed_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])


class ReceiptMode(enum.StrEnum):
    IN_PERSON = "in_person"
    PROXY = "proxy"


class HandoverStatus(enum.StrEnum):
    GIVEN = "given"
    VOIDED = "voided"


class Handover(db.Model):
    """A gift received. Never deleted: a wrong one is voided with a reason."""

    __tablename__ = "gift_handovers"
    __table_args__ = (
        sa.Index(
            "uq_gift_handovers_one_gift_each",
            "programme_id",
            "beneficiary_id",
            unique=True,
            sqlite_where=sa.text("status = 'given'"),
            postgresql_where=sa.text("status = 'given'"),
        ),
        sa.CheckConstraint(
            "receipt_mode <> 'proxy'"
            " OR (proxy_name IS NOT NULL AND proxy_relationship IS NOT NULL)",
            name="proxy_named",
        ),
        sa.CheckConstraint(
            "status <> 'voided' OR (void_reason IS NOT NULL AND voided_at IS NOT NULL)",
            name="void_has_reason",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        sa.ForeignKey("gift_programmes.id", ondelete="RESTRICT"), index=True
    )
    beneficiary_id: Mapped[int] = mapped_column(
        sa.ForeignKey("beneficiaries.id", ondelete="RESTRICT"), index=True
    )
    allocation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("gift_allocations.id", ondelete="RESTRICT"), index=True
    )
    handed_over_at: Mapped[dt.datetime] = mapped_column(
        UTCDateTime,
        default=utcnow,
        comment="when she received it (a ceremony may be recorded later)",
    )
    recorded_at: Mapped[dt.datetime] = mapped_column(
        UTCDateTime, default=utcnow, comment="when it was recorded"
    )
    recorded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="RESTRICT"), index=True
    )
    presented_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("officials.id", ondelete="SET NULL"), index=True
    )
    receipt_mode: Mapped[ReceiptMode] = mapped_column(
        choice(ReceiptMode, "receipt_mode"), default=ReceiptMode.IN_PERSON
    )
    proxy_name: Mapped[str | None] = mapped_column(sa.String(150))
    proxy_relationship: Mapped[str | None] = mapped_column(sa.String(100))
    status: Mapped[HandoverStatus] = mapped_column(
        choice(HandoverStatus, "status"), default=HandoverStatus.GIVEN
    )
    voided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    voided_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="RESTRICT"), index=True
    )
    void_reason: Mapped[str | None] = mapped_column(sa.Text)

    programme: Mapped[GiftProgramme] = relationship()
    beneficiary: Mapped[Beneficiary] = relationship()
    allocation: Mapped[GiftAllocation] = relationship()
    presented_by: Mapped[Official | None] = relationship()
    recorded_by: Mapped[User | None] = relationship(foreign_keys=[recorded_by_id])


class SpreadsheetUpload(db.Model):
    """A district's list between its preview and its import; deleted once imported or dropped,
    so the personal data in it is not kept twice."""

    __tablename__ = "spreadsheet_uploads"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        sa.ForeignKey("gift_programmes.id", ondelete="CASCADE"), index=True
    )
    uploaded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(sa.String(255))
    content: Mapped[bytes] = mapped_column(sa.LargeBinary)
    uploaded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    uploaded_by: Mapped[User | None] = relationship()
