"""Administrative units in both schemes, their succession, and organizations."""

import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from campaign.core.columns import SortKey, choice
from campaign.core.search import declare_search_index
from campaign.extensions import db


class UnitScheme(enum.StrEnum):
    """Which administrative map a unit belongs to."""

    PRE_2025 = "pre2025"  # province → district → commune, in force until 30 June 2025
    POST_2025 = "post2025"  # province → commune, from 1 July 2025


class UnitLevel(enum.StrEnum):
    PROVINCE = "province"
    DISTRICT = "district"
    COMMUNE = "commune"


class AdministrativeUnit(db.Model):
    """A province, district or commune, identified by its statistics-office code."""

    __tablename__ = "administrative_units"
    __table_args__ = (
        sa.UniqueConstraint("scheme", "level", "code"),
        sa.CheckConstraint("(level = 'province') = (parent_id IS NULL)", name="parent_by_level"),
        sa.CheckConstraint(
            "NOT (scheme = 'post2025' AND level = 'district')", name="no_districts_after_2025"
        ),
        # The list of one level of one map, by name (reference.unit_views).
        sa.Index(
            "ix_administrative_units_scheme_level_sort_key_id", "scheme", "level", "sort_key", "id"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    scheme: Mapped[UnitScheme] = mapped_column(choice(UnitScheme, "scheme"))
    level: Mapped[UnitLevel] = mapped_column(choice(UnitLevel, "level"))
    code: Mapped[str] = mapped_column(sa.String(10), comment="official statistics-office code")
    name: Mapped[str] = mapped_column(sa.String(100), comment="without the type: Sơn Tây")
    full_name: Mapped[str] = mapped_column(sa.String(150), comment="with the type: Thị xã Sơn Tây")
    division_type: Mapped[str] = mapped_column(sa.String(40), comment="thị xã, huyện, xã, …")
    parent_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("administrative_units.id", ondelete="RESTRICT"), index=True
    )
    search_key: Mapped[str] = mapped_column(sa.String(150), index=True)
    sort_key: Mapped[str] = mapped_column(SortKey(), index=True)

    parent: Mapped["AdministrativeUnit | None"] = relationship(
        remote_side=[id], back_populates="children"
    )
    children: Mapped[list["AdministrativeUnit"]] = relationship(
        back_populates="parent", order_by="AdministrativeUnit.sort_key"
    )

    def __repr__(self) -> str:
        return f"<AdministrativeUnit {self.scheme} {self.level} {self.code} {self.full_name}>"


class UnitSuccession(db.Model):
    """An old (before July 2025) unit and a new unit that took over all or part of it."""

    __tablename__ = "unit_successions"
    __table_args__ = (sa.UniqueConstraint("old_unit_id", "new_unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    old_unit_id: Mapped[int] = mapped_column(
        sa.ForeignKey("administrative_units.id", ondelete="CASCADE"), index=True
    )
    new_unit_id: Mapped[int] = mapped_column(
        sa.ForeignKey("administrative_units.id", ondelete="CASCADE"), index=True
    )

    old_unit: Mapped[AdministrativeUnit] = relationship(foreign_keys=[old_unit_id])
    new_unit: Mapped[AdministrativeUnit] = relationship(foreign_keys=[new_unit_id])


class OrganizationKind(enum.StrEnum):
    MINISTRY = "ministry"
    PARTY_COMMITTEE = "party_committee"
    PEOPLES_COUNCIL = "peoples_council"
    PEOPLES_COMMITTEE = "peoples_committee"
    COMMITTEE_FOR_WOMEN = "committee_for_women"  # Ban vì sự tiến bộ phụ nữ
    WOMENS_UNION = "womens_union"
    DEPARTMENT = "department"  # sở, phòng, ban chuyên môn
    MASS_ORGANIZATION = "mass_organization"
    OTHER = "other"


class GovernmentLevel(enum.StrEnum):
    """The tier a body belongs to; protocol ranks central before province before district."""

    CENTRAL = "central"
    PROVINCE = "province"
    DISTRICT = "district"
    COMMUNE = "commune"


GOVERNMENT_LEVEL_RANK = {level: rank for rank, level in enumerate(GovernmentLevel)}


class Organization(db.Model):
    """A body officials belong to and that leads campaigns, events and activities."""

    __tablename__ = "organizations"
    __table_args__ = (
        sa.UniqueConstraint("name", "unit_id"),
        sa.CheckConstraint("(level = 'central') = (unit_id IS NULL)", name="unit_by_level"),
        # The list by name, of every level or of one (reference.organization_views).
        sa.Index("ix_organizations_sort_key_id", "sort_key", "id"),
        sa.Index("ix_organizations_level_sort_key_id", "level", "sort_key", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(255))
    short_name: Mapped[str | None] = mapped_column(sa.String(100))
    kind: Mapped[OrganizationKind] = mapped_column(choice(OrganizationKind, "kind"))
    level: Mapped[GovernmentLevel] = mapped_column(choice(GovernmentLevel, "level"))
    unit_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("administrative_units.id", ondelete="RESTRICT"),
        index=True,
        comment="the province, district or commune it serves; none for central bodies",
    )
    search_key: Mapped[str] = mapped_column(sa.String(255), index=True)
    sort_key: Mapped[str] = mapped_column(SortKey())

    unit: Mapped[AdministrativeUnit | None] = relationship()

    def __repr__(self) -> str:
        return f"<Organization {self.name}>"


declare_search_index(AdministrativeUnit.__table__)
declare_search_index(Organization.__table__)
