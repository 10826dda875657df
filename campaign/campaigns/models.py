"""The Month of Action at one level, and the figures it reports against plan."""

import datetime as dt
import enum
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from campaign.core.columns import UTCDateTime, choice
from campaign.core.dates import utcnow
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
        sa.CheckConstraint("reporting_days BETWEEN 0 AND 366", name="reporting_days_range"),
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
    reporting_days: Mapped[int] = mapped_column(
        default=15, server_default="15",
        comment="days after the end date during which units still report progress",
    )  # fmt: skip

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
    def reporting_ends(self) -> dt.date:
        """The last day units report progress without the window being reopened for them."""
        return self.end_date + dt.timedelta(days=self.reporting_days)

    @property
    def scheme(self) -> UnitScheme:
        """The map the campaign works on: its unit's, which its period chose
        (``places.maps.scheme_for``; ``services`` refuses a unit of the other map)."""
        return self.unit.scheme


class IndicatorAssessment(enum.StrEnum):
    NOT_ASSESSED = "not_assessed"
    NOT_MET = "not_met"  # "not yet", while the period runs
    MET = "met"
    EXCEEDED = "exceeded"


class IndicatorKind(enum.StrEnum):
    COUNT = "count"
    PERCENTAGE = "percentage"  # a numerator over a denominator


class LinkedFigure(enum.StrEnum):
    """A figure the application already holds, which fills an indicator's actual by itself."""

    GIFTS_GIVEN = "gifts_given"  # gifts handed over, against the programmes' quota
    TRAINING_PARTICIPANTS = "training_participants"
    SAFE_VILLAGE_COMMUNES = "safe_village_communes"  # units with a model established
    VICTIMS_SUPPORTED = "victims_supported"


class CampaignIndicator(db.Model):
    """A gender-equality indicator the campaign reports: baseline, target, actual."""

    __tablename__ = "campaign_indicators"
    __table_args__ = (
        sa.UniqueConstraint("campaign_id", "name"),
        sa.UniqueConstraint("campaign_id", "code"),
        sa.CheckConstraint("baseline_value >= 0", name="baseline_not_negative"),
        sa.CheckConstraint("target_value >= 0", name="target_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        sa.ForeignKey("campaigns.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    code: Mapped[str | None] = mapped_column(
        sa.String(30), comment="a ready-made indicator's code: the same indicator across years"
    )
    name: Mapped[str] = mapped_column(sa.String(255))
    kind: Mapped[IndicatorKind] = mapped_column(
        choice(IndicatorKind, "kind"), default=IndicatorKind.COUNT, server_default="count"
    )
    measure_unit: Mapped[str | None] = mapped_column(sa.String(50), comment="%, người, vụ, …")
    numerator: Mapped[str | None] = mapped_column(sa.String(255), comment="what a share counts")
    denominator: Mapped[str | None] = mapped_column(sa.String(255), comment="out of what")
    period: Mapped[str | None] = mapped_column(sa.String(50), comment="e.g. 2025, 2021–2030")
    baseline_value: Mapped[Decimal | None] = mapped_column(sa.Numeric(14, 2))
    target_value: Mapped[Decimal | None] = mapped_column(sa.Numeric(14, 2))
    linked_figure: Mapped[LinkedFigure | None] = mapped_column(choice(LinkedFigure, "figure"))
    assessment: Mapped[IndicatorAssessment] = mapped_column(
        choice(IndicatorAssessment, "assessment"), default=IndicatorAssessment.NOT_ASSESSED,
        comment="as the campaign stated it, for an indicator reported without figures",
    )  # fmt: skip
    note: Mapped[str | None] = mapped_column(sa.Text)

    campaign: Mapped[Campaign] = relationship(back_populates="indicators")
    actuals: Mapped[list["IndicatorActual"]] = relationship(
        back_populates="indicator", cascade="all, delete-orphan",
        order_by="(IndicatorActual.recorded_on, IndicatorActual.id)",
    )  # fmt: skip


class IndicatorActual(db.Model):
    """An actual of an indicator on a day: a value, or for a share its numerator and
    denominator; with where it comes from and who recorded it."""

    __tablename__ = "indicator_actuals"
    __table_args__ = (
        sa.CheckConstraint("value >= 0", name="value_not_negative"),
        sa.CheckConstraint("denominator > 0", name="denominator_positive"),
        sa.CheckConstraint(
            "numerator >= 0 AND numerator <= denominator", name="numerator_within_denominator"
        ),
        sa.CheckConstraint(
            "(value IS NULL) <> (numerator IS NULL AND denominator IS NULL)", name="one_form"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(
        sa.ForeignKey("campaign_indicators.id", ondelete="CASCADE"), index=True
    )
    recorded_on: Mapped[dt.date]
    value: Mapped[Decimal | None] = mapped_column(sa.Numeric(14, 2))
    numerator: Mapped[int | None] = mapped_column(sa.BigInteger)
    denominator: Mapped[int | None] = mapped_column(sa.BigInteger)
    source: Mapped[str] = mapped_column(sa.String(255))
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="RESTRICT"), index=True
    )

    indicator: Mapped[CampaignIndicator] = relationship(back_populates="actuals")

    @property
    def amount(self) -> Decimal:
        """The value, or the share in per cent."""
        if self.value is not None:
            return self.value
        return Decimal(self.numerator * 100) / Decimal(self.denominator)
