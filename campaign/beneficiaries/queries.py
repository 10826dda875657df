"""Read side of beneficiaries, always within the reader's scope (on either map)."""

from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import aliased, joinedload, selectinload

from campaign.accounts.models import User
from campaign.accounts.scope import has_scope, limit_to_scope, units_in_scope
from campaign.beneficiaries.models import Beneficiary, BeneficiaryCircumstance, Circumstance
from campaign.core.text import like_pattern
from campaign.extensions import db
from campaign.places.models import AdministrativeUnit, Organization, UnitScheme
from campaign.places.queries import communes_in

REGISTRATION_AREAS: list[Callable[[], sa.Select]] = []
"""Where women are registered by users without a scope: each a query of unit ids from
a higher area (gifts: the districts with a share of a programme). ``create_app`` registers them,
so that beneficiaries import nothing above them (docs/architecture.md, "Layers")."""


def register_areas_with(areas: Callable[[], sa.Select]) -> None:
    """Offer the communes of ``areas()`` to users without a scope."""
    if areas not in REGISTRATION_AREAS:
        REGISTRATION_AREAS.append(areas)


@dataclass(frozen=True)
class BeneficiaryFilter:
    query: str | None = None
    area_id: int | None = None  # a commune's parent: a district (old map) or a province (new)
    commune_id: int | None = None
    category: Circumstance | None = None


def beneficiary_search(reader: User, wanted: BeneficiaryFilter) -> sa.Select:
    """Beneficiaries the reader may see, matching a name typed with or without diacritics,
    optionally in one area (the communes' parent: an old-map district, a new-map province) or
    commune, or of one circumstance, in Vietnamese name order."""
    commune = aliased(AdministrativeUnit)
    statement = (
        sa.select(Beneficiary)
        .join(commune, Beneficiary.unit)
        .options(
            joinedload(Beneficiary.unit).joinedload(AdministrativeUnit.parent),
            selectinload(Beneficiary.circumstances),
        )
        .order_by(Beneficiary.sort_key, Beneficiary.id)
    )
    if wanted.query:
        statement = statement.where(
            Beneficiary.search_key.like(like_pattern(wanted.query), escape="\\")
        )
    if wanted.area_id:
        statement = statement.where(
            sa.or_(commune.id == wanted.area_id, commune.parent_id == wanted.area_id)
        )
    if wanted.commune_id:
        statement = statement.where(Beneficiary.unit_id == wanted.commune_id)
    if wanted.category:
        statement = statement.where(
            Beneficiary.circumstances.any(BeneficiaryCircumstance.category == wanted.category)
        )
    return limit_to_scope(statement, Beneficiary.unit_id, reader)


def visible_beneficiary(reader: User, beneficiary_id: int) -> Beneficiary | None:
    """The beneficiary, or None when she does not exist or lies outside the reader's scope."""
    statement = (
        sa.select(Beneficiary)
        .where(Beneficiary.id == beneficiary_id)
        .options(
            joinedload(Beneficiary.unit).joinedload(AdministrativeUnit.parent),
            selectinload(Beneficiary.circumstances),
            joinedload(Beneficiary.nominating_organization),
            joinedload(Beneficiary.consent_recorded_by),
        )
    )
    return db.session.scalars(limit_to_scope(statement, Beneficiary.unit_id, reader)).first()


def areas_with_beneficiaries(reader: User) -> list[AdministrativeUnit]:
    """The areas the reader may filter by: the parents of the communes holding women in their
    scope (a district on the old map, a province on the new one), the new map first."""
    commune = aliased(AdministrativeUnit)
    area_ids = limit_to_scope(
        sa.select(commune.parent_id).join(Beneficiary, Beneficiary.unit_id == commune.id),
        Beneficiary.unit_id,
        reader,
    )
    areas = db.session.scalars(
        sa.select(AdministrativeUnit).where(AdministrativeUnit.id.in_(area_ids))
    )
    return sorted(areas, key=lambda unit: (MAP_ORDER[unit.scheme], unit.sort_key, unit.id))


def communes_with_beneficiaries(reader: User) -> list[AdministrativeUnit]:
    """The communes the reader may filter by, with their parents loaded, in :func:`by_area`
    order."""
    unit_ids = limit_to_scope(sa.select(Beneficiary.unit_id), Beneficiary.unit_id, reader)
    return by_area(
        db.session.scalars(
            sa.select(AdministrativeUnit)
            .where(AdministrativeUnit.id.in_(unit_ids))
            .options(joinedload(AdministrativeUnit.parent))
        )
    )


def registrable_communes(user: User) -> list[AdministrativeUnit]:
    """The communes a woman can be registered in: those of the user's scope, or for users
    without a scope those of the :data:`REGISTRATION_AREAS`; in :func:`by_area` order."""
    if has_scope(user):
        return by_area(communes_in(units_in_scope(user)))
    return by_area(communes_in(*(areas() for areas in REGISTRATION_AREAS)))


MAP_ORDER = {UnitScheme.POST_2025: 0, UnitScheme.PRE_2025: 1}
"""The map in force first."""


def by_area(communes) -> list[AdministrativeUnit]:
    """Communes (parents loaded) by map, the new one first, then by parent, then by name, so
    that a picker grouped by map and parent shows each group once."""

    def order(unit: AdministrativeUnit) -> tuple:
        area = unit.parent or unit
        return (MAP_ORDER[unit.scheme], area.sort_key, area.id, unit.sort_key, unit.id)

    return sorted(communes, key=order)


def schemes_of(user: User, units: list[AdministrativeUnit]) -> set[UnitScheme]:
    """The maps of ``units`` (what a page lists), else of the user's scope: the words a page
    uses for them."""
    return {unit.scheme for unit in units} or {unit.scheme for unit in user.units}


def organizations() -> list[Organization]:
    return list(db.session.scalars(sa.select(Organization).order_by(Organization.sort_key)))
