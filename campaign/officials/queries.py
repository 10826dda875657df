"""Read side of the officials registry: the list, one official, the events they took part in."""

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from campaign.core.text import like_pattern
from campaign.events.models import Event, Participation
from campaign.extensions import db
from campaign.officials.models import Official, OfficialPosition
from campaign.places.models import AdministrativeUnit, Organization


def _positions_and_organizations():
    return selectinload(Official.positions).joinedload(OfficialPosition.organization)


def official_search(query: str | None) -> sa.Select:
    """Officials whose name holds ``query`` (typed with or without diacritics), in Vietnamese
    name order, with their positions and organizations loaded in one more query per page."""
    statement = (
        sa.select(Official)
        .options(_positions_and_organizations())
        .order_by(Official.sort_key, Official.id)
    )
    if query:
        statement = statement.where(Official.search_key.like(like_pattern(query), escape="\\"))
    return statement


def official_with_positions(official_id: int) -> Official | None:
    return db.session.scalars(
        sa.select(Official)
        .where(Official.id == official_id)
        .options(
            selectinload(Official.positions)
            .joinedload(OfficialPosition.organization)
            .joinedload(Organization.unit)
            .joinedload(AdministrativeUnit.parent)
        )
    ).first()


def position_of(official: Official, position_id: int) -> OfficialPosition | None:
    """The position, only if it is one of ``official``'s."""
    return next((held for held in official.positions if held.id == position_id), None)


def participations_of(official: Official) -> list[Participation]:
    """The events the official took part in, newest first, with the role and capacity."""
    return list(
        db.session.scalars(
            sa.select(Participation)
            .join(Event, Participation.event)
            .where(Participation.official_id == official.id)
            .options(
                contains_eager(Participation.event).joinedload(Event.campaign),
                joinedload(Participation.official_position).joinedload(
                    OfficialPosition.organization
                ),
            )
            .order_by(Event.starts_at.desc(), Event.id.desc(), Participation.id)
        )
    )
