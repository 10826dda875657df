"""Read side of beneficiaries, always within the reader's district scope."""

from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import aliased, joinedload, selectinload

from campaign.accounts.models import User
from campaign.accounts.scope import has_scope, limit_to_scope, units_in_scope
from campaign.beneficiaries.models import Beneficiary, BeneficiaryCircumstance, Circumstance
from campaign.core.text import like_pattern
from campaign.extensions import db
from campaign.places.models import AdministrativeUnit, Organization
from campaign.places.queries import communes_in

REGISTRATION_AREAS: list[Callable[[], sa.Select]] = []
"""Where women are registered for users without a district scope: each a query of unit ids from
a higher area (gifts: the districts with a share of a programme). ``create_app`` registers them,
so that beneficiaries import nothing above them (docs/architecture.md, "Layers")."""


def register_areas_with(areas: Callable[[], sa.Select]) -> None:
    """Offer the communes of ``areas()`` to users without a district scope."""
    if areas not in REGISTRATION_AREAS:
        REGISTRATION_AREAS.append(areas)


@dataclass(frozen=True)
class BeneficiaryFilter:
    query: str | None = None
    district_id: int | None = None
    commune_id: int | None = None
    category: Circumstance | None = None


def beneficiary_search(reader: User, wanted: BeneficiaryFilter) -> sa.Select:
    """Beneficiaries the reader may see, matching a name typed with or without diacritics,
    optionally in one district or commune or of one circumstance, in Vietnamese name order."""
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
    if wanted.district_id:
        statement = statement.where(
            sa.or_(commune.id == wanted.district_id, commune.parent_id == wanted.district_id)
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


def districts_with_beneficiaries(reader: User) -> list[AdministrativeUnit]:
    """The districts the reader may filter by: those holding beneficiaries in their scope."""
    commune = aliased(AdministrativeUnit)
    district_ids = limit_to_scope(
        sa.select(commune.parent_id).join(Beneficiary, Beneficiary.unit_id == commune.id),
        Beneficiary.unit_id,
        reader,
    )
    return list(
        db.session.scalars(
            sa.select(AdministrativeUnit)
            .where(AdministrativeUnit.id.in_(district_ids))
            .order_by(AdministrativeUnit.sort_key)
        )
    )


def communes_with_beneficiaries(reader: User) -> list[AdministrativeUnit]:
    """The communes the reader may filter by, with their districts loaded."""
    unit_ids = limit_to_scope(sa.select(Beneficiary.unit_id), Beneficiary.unit_id, reader)
    return list(
        db.session.scalars(
            sa.select(AdministrativeUnit)
            .where(AdministrativeUnit.id.in_(unit_ids))
            .options(joinedload(AdministrativeUnit.parent))
            .order_by(AdministrativeUnit.sort_key)
        )
    )


def registrable_communes(user: User) -> list[AdministrativeUnit]:
    """The communes a woman can be registered in: those of the user's districts, or for users
    without a district scope those of the :data:`REGISTRATION_AREAS`."""
    if has_scope(user):
        return communes_in(units_in_scope(user))
    return communes_in(*(areas() for areas in REGISTRATION_AREAS))


def organizations() -> list[Organization]:
    return list(db.session.scalars(sa.select(Organization).order_by(Organization.sort_key)))
