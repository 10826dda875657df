"""The Month of Action at one level, and the figures it reports against plan."""

import datetime as dt
import enum
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from campaign.core.columns import choice
from campaign.extensions import db
from campaign.places.models import AdministrativeUnit, Organization, UnitScheme


class CampaignStatus(enum.StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    CLOSED = "closed"  # read-only


class Campaign(db.Model):
    """A Month of Action run by one administrative unit, possibly under a higher level's."""

    __tablename__ = "campaigns"
    __table_args__ = (
        sa.UniqueConstraint("unit_id", "name"),
        sa.CheckConstraint("end_date >= start_date", name="period_order"),
        sa.CheckConstraint("year BETWEEN 2000 AND 2100", name="year_range"),
        sa.CheckConstraint("parent_id IS NULL OR parent_id <> id", name="not_own_parent"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(255))
    theme: Mapped[str | None] = mapped_column(sa.Text)
    year: Mapped[int]
    start_date: Mapped[dt.date]
    end_date: Mapped[dt.date]
    status: Mapped[CampaignStatus] = mapped_column(
        choice(CampaignStatus, "status"), default=CampaignStatus.ACTIVE
    )
    unit_id: Mapped[int] = mapped_column(
        sa.ForeignKey("administrative_units.id", ondelete="RESTRICT"),
        index=True,
        comment="the province, district or commune whose campaign this is",
    )
    parent_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("campaigns.id", ondelete="RESTRICT"),
        index=True,
        comment="the higher level's campaign this one answers to",
    )
    lead_organization_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organizations.id", ondelete="RESTRICT"), index=True
    )
    standing_organization_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organizations.id", ondelete="RESTRICT"),
        index=True,
        comment="the standing body (cơ quan thường trực) that runs it day to day",
    )
    description: Mapped[str | None] = mapped_column(sa.Text)
    plan_references: Mapped[str | None] = mapped_column(
        sa.Text, comment="plans, programmes and documents the campaign carries out"
    )

    unit: Mapped[AdministrativeUnit] = relationship()
    parent: Mapped["Campaign | None"] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list["Campaign"]] = relationship(back_populates="parent")
    lead_organization: Mapped[Organization | None] = relationship(
        foreign_keys=[lead_organization_id]
    )
    standing_organization: Mapped[Organization | None] = relationship(
        foreign_keys=[standing_organization_id]
    )
    indicators: Mapped[list["CampaignIndicator"]] = relationship(
        back_populates="campaign", order_by="CampaignIndicator.position"
    )

    @property
    def scheme(self) -> UnitScheme:
        """The map the campaign works on: its unit's, which its period chose
        (``places.maps.scheme_for``; ``services`` refuses a unit of the other map)."""
        return self.unit.scheme


class IndicatorAssessment(enum.StrEnum):
    NOT_ASSESSED = "not_assessed"
    NOT_MET = "not_met"
    MET = "met"
    EXCEEDED = "exceeded"


class CampaignIndicator(db.Model):
    """A gender-equality indicator the campaign reports: target against actual."""

    __tablename__ = "campaign_indicators"
    __table_args__ = (sa.UniqueConstraint("campaign_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        sa.ForeignKey("campaigns.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(sa.String(255))
    measure_unit: Mapped[str | None] = mapped_column(sa.String(50), comment="%, người, vụ, …")
    target_value: Mapped[Decimal | None] = mapped_column(sa.Numeric(14, 2))
    actual_value: Mapped[Decimal | None] = mapped_column(sa.Numeric(14, 2))
    assessment: Mapped[IndicatorAssessment] = mapped_column(
        choice(IndicatorAssessment, "assessment"), default=IndicatorAssessment.NOT_ASSESSED
    )
    note: Mapped[str | None] = mapped_column(sa.Text)

    campaign: Mapped[Campaign] = relationship(back_populates="indicators")
