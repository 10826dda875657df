"""Read side of the officials registry: the list, one official, the events they took part in."""

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from campaign.core.pagination import KeysetPage, Order, keyset_page
from campaign.core.search import key_matches
from campaign.core.text import name_sort_key
from campaign.events.models import Event, Participation
from campaign.extensions import db
from campaign.officials.models import Official, OfficialPosition
from campaign.places.models import AdministrativeUnit, Organization


def _positions_and_organizations():
    return selectinload(Official.positions).joinedload(OfficialPosition.organization)


NAME_ORDER = Order((Official.sort_key, Official.id))
"""Vietnamese name order (given name first), served by ix_officials_sort_key_id."""


def official_search(query: str | None) -> sa.Select:
    """Officials whose name holds ``query`` (typed with or without diacritics, looked up in the
    search index), with their positions and organizations loaded in one more query per page."""
    return matching(sa.select(Official).options(_positions_and_organizations()), query)


def matching(statement: sa.Select, query: str | None) -> sa.Select:
    """``statement`` (which reads ``Official``) limited to the names the list's search finds."""
    if query:
        statement = statement.where(key_matches(db.session, Official.search_key, query))
    return statement


def official_page(query: str | None, args, jump: str | None = None) -> KeysetPage:
    """The page of the official list ``args`` asks for, or the one where the names from
    ``jump`` (a given name, or a full name) begin."""
    start = (name_sort_key(jump),) if jump else None
    return keyset_page(
        db.session, official_search(query), NAME_ORDER, _name_order_key, args, start=start
    )


def _name_order_key(official: Official) -> tuple:
    return (official.sort_key, official.id)


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
