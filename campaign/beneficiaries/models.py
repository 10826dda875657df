"""Beneficiaries and their circumstances; only what a handover needs is stored."""

import datetime as dt
import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from campaign.accounts.models import User
from campaign.core.columns import SortKey, UTCDateTime, choice
from campaign.core.dates import utcnow
from campaign.core.search import declare_search_index
from campaign.extensions import db
from campaign.places.models import AdministrativeUnit, Organization, UnitLevel
from campaign.places.queries import enclosing


class Circumstance(enum.StrEnum):
    POOR_HOUSEHOLD = "poor_household"
    NEAR_POOR_HOUSEHOLD = "near_poor_household"
    SINGLE_MOTHER = "single_mother"
    DISABILITY = "disability"
    ETHNIC_MINORITY = "ethnic_minority"
    ELDERLY_ALONE = "elderly_alone"
    SERIOUS_ILLNESS = "serious_illness"
    SURVIVOR_OF_VIOLENCE = "survivor_of_violence"
    OTHER = "other"

    @property
    def sensitive(self) -> bool:
        """Shown only to roles allowed to see it; never in lists, prints or exports."""
        return self is Circumstance.SURVIVOR_OF_VIOLENCE


class Beneficiary(db.Model):
    __tablename__ = "beneficiaries"
    __table_args__ = (
        sa.CheckConstraint("birth_year BETWEEN 1900 AND 2100", name="birth_year_range"),
        sa.CheckConstraint(
            "national_id IS NULL OR length(national_id) = 12", name="national_id_length"
        ),
        sa.Index(
            "uq_beneficiaries_national_id",
            "national_id",
            unique=True,
            sqlite_where=sa.text("national_id IS NOT NULL"),
            postgresql_where=sa.text("national_id IS NOT NULL"),
        ),
        # The list in name order, of everyone or of one unit and what lies inside it
        # (docs/architecture.md, "The read side at scale").
        sa.Index("ix_beneficiaries_name_order", "sort_key", "id"),
        sa.Index("ix_beneficiaries_unit_name_order", "unit_id", "sort_key", "id"),
        sa.Index("ix_beneficiaries_district_name_order", "district_id", "sort_key", "id"),
        sa.Index("ix_beneficiaries_province_name_order", "province_id", "sort_key", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(sa.String(150))
    birth_year: Mapped[int | None]
    unit_id: Mapped[int] = mapped_column(
        sa.ForeignKey("administrative_units.id", ondelete="RESTRICT"),
        comment="the commune she lives in (the district when the commune is unknown)",
    )
    # Copies of her unit's ancestors, without a foreign key of their own: her unit's keeps
    # them, since a unit with units inside it cannot be deleted.
    district_id: Mapped[int | None] = mapped_column(
        comment="the old-map district her unit is or lies in, copied from it (placed_in)"
    )
    province_id: Mapped[int | None] = mapped_column(
        comment="the province her unit is or lies in, copied from it (placed_in)"
    )
    address: Mapped[str | None] = mapped_column(sa.String(255), comment="village or street")
    phone: Mapped[str | None] = mapped_column(sa.String(20), comment="normalised: 0xxxxxxxxx")
    national_id: Mapped[str | None] = mapped_column(
        sa.String(12), comment="12 digits of the citizen ID, normalised"
    )
    circumstance_note: Mapped[str | None] = mapped_column(sa.Text)
    consent_given_at: Mapped[dt.datetime | None] = mapped_column(
        UTCDateTime, comment="when she agreed to her data being kept"
    )
    consent_recorded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="RESTRICT"), index=True
    )
    nominating_organization_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organizations.id", ondelete="RESTRICT"), index=True
    )
    search_key: Mapped[str] = mapped_column(sa.String(150), index=True)
    sort_key: Mapped[str] = mapped_column(SortKey())
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    anonymised_at: Mapped[dt.datetime | None] = mapped_column(
        UTCDateTime,
        comment="when her personal data was erased (retention or her request); the record stays "
        "so that counts and totals still add up",
    )

    unit: Mapped[AdministrativeUnit] = relationship()
    consent_recorded_by: Mapped[User | None] = relationship()
    nominating_organization: Mapped[Organization | None] = relationship()
    circumstances: Mapped[list["BeneficiaryCircumstance"]] = relationship(
        back_populates="beneficiary", cascade="all, delete-orphan"
    )


class BeneficiaryCircumstance(db.Model):
    __tablename__ = "beneficiary_circumstances"

    beneficiary_id: Mapped[int] = mapped_column(
        sa.ForeignKey("beneficiaries.id", ondelete="CASCADE"), primary_key=True
    )
    category: Mapped[Circumstance] = mapped_column(
        choice(Circumstance, "category"), primary_key=True
    )

    beneficiary: Mapped[Beneficiary] = relationship(back_populates="circumstances")


def placed_in(unit: AdministrativeUnit) -> dict[str, int | None]:
    """The columns that say where a woman lives: her unit, and the province and old-map district
    it is or lies in, so that a list of a province or district is read from an index. Every
    writer of ``unit_id`` sets them all (registration, correction, import, demo)."""
    province_id, district_id = enclosing(unit)
    return {"unit_id": unit.id, "province_id": province_id, "district_id": district_id}


PLACEMENT = {
    UnitLevel.PROVINCE: Beneficiary.province_id,
    UnitLevel.DISTRICT: Beneficiary.district_id,
    UnitLevel.COMMUNE: Beneficiary.unit_id,
}
"""The column that holds a unit of each level: where a unit's women, and those of every unit
inside it, are found."""


declare_search_index(Beneficiary.__table__)
