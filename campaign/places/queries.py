"""Read side of administrative units: searching and the succession."""

import sqlalchemy as sa
from sqlalchemy.orm import aliased, joinedload, selectinload

from campaign.core.pagination import Order
from campaign.core.search import key_matches
from campaign.extensions import db
from campaign.places.models import AdministrativeUnit, UnitLevel, UnitScheme, UnitSuccession

LEVEL_ORDER = {level.value: rank for rank, level in enumerate(UnitLevel)}
LEVEL_RANK = sa.case(LEVEL_ORDER, value=AdministrativeUnit.level)


def unit_order(level: UnitLevel | None) -> Order:
    """The unit list's order: by name within one level (an index range of
    ``ix_administrative_units_scheme_level_sort_key_id``); across levels, higher levels first
    (sorted by the database within the map: a registry of at most some 10,600 units)."""
    if level is None:
        return Order((LEVEL_RANK, AdministrativeUnit.sort_key, AdministrativeUnit.id))
    return Order((AdministrativeUnit.sort_key, AdministrativeUnit.id))


def unit_order_key(unit: AdministrativeUnit, level: UnitLevel | None) -> tuple:
    """``unit``'s key in :func:`unit_order` ``(level)``."""
    by_name = (unit.sort_key, unit.id)
    return by_name if level is not None else (LEVEL_ORDER[unit.level.value], *by_name)


def unit_search(scheme: UnitScheme, level: UnitLevel | None, query: str | None) -> sa.Select:
    """Units of one scheme, optionally of one level, whose name holds ``query`` (no diacritics
    needed, looked up in the search index), with their parents; for a page in
    :func:`unit_order`."""
    statement = sa.select(AdministrativeUnit).options(
        joinedload(AdministrativeUnit.parent).joinedload(AdministrativeUnit.parent)
    )
    return matching_units(statement, scheme, level, query)


def matching_units(
    statement: sa.Select, scheme: UnitScheme, level: UnitLevel | None, query: str | None
) -> sa.Select:
    """``statement`` (which reads ``AdministrativeUnit``) limited as the unit list is."""
    statement = statement.where(AdministrativeUnit.scheme == scheme)
    if level is not None:
        statement = statement.where(AdministrativeUnit.level == level)
    if query:
        statement = statement.where(key_matches(db.session, AdministrativeUnit.search_key, query))
    return statement


def unit_with_relatives(unit_id: int) -> AdministrativeUnit | None:
    return db.session.scalars(
        sa.select(AdministrativeUnit)
        .where(AdministrativeUnit.id == unit_id)
        .options(
            selectinload(AdministrativeUnit.parent).selectinload(AdministrativeUnit.parent),
            selectinload(AdministrativeUnit.children),
        )
    ).first()


def successors(unit: AdministrativeUnit) -> list[AdministrativeUnit]:
    """The units of the new scheme that took over ``unit`` (for an old unit): for a district,
    those that took over any of its communes (the table links communes and provinces)."""
    pairs = successions_of([unit.id]).subquery()
    return _linked(sa.select(pairs.c.new_id))


def predecessors(unit: AdministrativeUnit) -> list[AdministrativeUnit]:
    """The units of the old scheme that ``unit`` took over (for a new unit)."""
    return _linked(
        sa.select(UnitSuccession.old_unit_id).where(UnitSuccession.new_unit_id == unit.id)
    )


def successions_of(old_area) -> sa.Select:
    """(old_id, new_id): each unit of the old map in ``old_area`` (ids, or an id subquery) and
    every new unit that took over it or, for a district, one of its communes; each pair once."""
    old_commune = aliased(AdministrativeUnit)
    return sa.union(
        sa.select(
            UnitSuccession.old_unit_id.label("old_id"), UnitSuccession.new_unit_id.label("new_id")
        ).where(UnitSuccession.old_unit_id.in_(old_area)),
        sa.select(old_commune.parent_id, UnitSuccession.new_unit_id)
        .join(old_commune, UnitSuccession.old_unit_id == old_commune.id)
        .where(old_commune.parent_id.in_(old_area)),
    )


def _linked(linked_ids: sa.Select) -> list[AdministrativeUnit]:
    """The units of ``linked_ids``, read in two statements: the ids first (a few), then the
    units by primary key. As one ``IN (subquery)``, PostgreSQL with stale statistics (a registry
    just loaded) ran the union once per unit of the registry, for minutes."""
    ids = list(db.session.scalars(linked_ids))
    return list(
        db.session.scalars(
            sa.select(AdministrativeUnit)
            .where(AdministrativeUnit.id.in_(ids))
            .options(
                selectinload(AdministrativeUnit.parent).selectinload(AdministrativeUnit.parent)
            )
            .order_by(AdministrativeUnit.sort_key, AdministrativeUnit.id)
        )
    )


def within(area) -> sa.Select:
    """The ids of the units of ``area`` (ids, or an id subquery) and of every unit inside them,
    two levels down (a province's districts and their communes), as a subquery."""
    child = aliased(AdministrativeUnit)
    grandchild = aliased(AdministrativeUnit)
    return sa.union(
        sa.select(AdministrativeUnit.id).where(AdministrativeUnit.id.in_(area)),
        sa.select(child.id).where(child.parent_id.in_(area)),
        sa.select(grandchild.id)
        .join(child, grandchild.parent_id == child.id)
        .where(child.parent_id.in_(area)),
    )


def enclosing(unit: AdministrativeUnit) -> tuple[int | None, int | None]:
    """The ids of the province and of the old-map district that ``unit`` is or lies in (None
    where there is none: a province has no district, nor has a new-map commune)."""
    if unit.level == UnitLevel.PROVINCE:
        return unit.id, None
    if unit.level == UnitLevel.DISTRICT:
        return unit.parent_id, unit.id
    parent = unit.parent
    if parent.level == UnitLevel.DISTRICT:
        return parent.parent_id, parent.id
    return parent.id, None


def communes_in(*areas) -> list[AdministrativeUnit]:
    """The communes that are, or lie in, the units of ``areas`` (ids, or id subqueries), with
    their districts loaded, by district then commune."""
    places = [column.in_(area) for area in areas
              for column in (AdministrativeUnit.id, AdministrativeUnit.parent_id)]  # fmt: skip
    communes = db.session.scalars(
        sa.select(AdministrativeUnit)
        .where(AdministrativeUnit.level == UnitLevel.COMMUNE, sa.or_(*places))
        .options(joinedload(AdministrativeUnit.parent))
    ).unique()
    return sorted(communes, key=lambda u: (u.parent.sort_key if u.parent else "", u.sort_key, u.id))
