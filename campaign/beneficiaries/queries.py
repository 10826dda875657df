"""Read side of beneficiaries, always within the reader's district scope."""

import sqlalchemy as sa
from sqlalchemy.orm import aliased, joinedload, selectinload

from campaign.accounts.models import User
from campaign.accounts.scope import limit_to_scope
from campaign.beneficiaries.models import Beneficiary
from campaign.core.text import like_pattern
from campaign.extensions import db
from campaign.places.models import AdministrativeUnit


def beneficiary_search(reader: User, query: str | None, district_id: int | None) -> sa.Select:
    """Beneficiaries the reader may see, matching a name typed with or without diacritics,
    optionally in one district, in Vietnamese name order."""
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
    if query:
        statement = statement.where(Beneficiary.search_key.like(like_pattern(query), escape="\\"))
    if district_id:
        statement = statement.where(
            sa.or_(commune.id == district_id, commune.parent_id == district_id)
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
