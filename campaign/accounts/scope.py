"""Scope: which administrative units a user may see and act in.

Organizers, staff and administrators see every unit. An official sees the units of their scope
and everything inside them, on the map those units belong to: an old-map district and its
communes, a new-map commune or ward, a province with every unit below it. A unit of the other
map is never inside, so an official of one map sees nothing of the other. Records outside answer
404 (docs/architecture.md, "How a request flows").
"""

from collections.abc import Mapping

import sqlalchemy as sa

from campaign.accounts.models import User, user_units
from campaign.accounts.permissions import ROLES_WITH_SCOPE
from campaign.extensions import db
from campaign.places.queries import within


def has_scope(user: User | None) -> bool:
    """Whether the user is limited to the units of a scope (not on the command line: ``None``)."""
    return user is not None and user.role in ROLES_WITH_SCOPE


def units_in_scope(user: User) -> sa.Select:
    """The ids of the units the user's scope covers, as a subquery (two levels down)."""
    return within(sa.select(user_units.c.unit_id).where(user_units.c.user_id == user.id))


def limit_to_scope_by_level(statement: sa.Select, columns: Mapping, user: User) -> sa.Select:
    """``statement`` restricted to the user's scope, for a table that copies the units a row lies
    in into one column per level (``columns``: level → column, e.g. a woman's commune, old-map
    district and province): each unit of the scope is matched on its level's column, which an
    index serves, rather than against every unit inside the scope."""
    if not has_scope(user):
        return statement
    by_level: dict = {}
    for unit in user.units:
        by_level.setdefault(unit.level, []).append(unit.id)
    if not by_level:
        return statement.where(sa.false())
    return statement.where(sa.or_(*(columns[level].in_(ids) for level, ids in by_level.items())))


def unit_in_scope(user: User | None, unit_id: int) -> bool:
    """Whether the user may act on records of this unit."""
    if not has_scope(user):
        return True
    return db.session.scalar(sa.select(sa.literal(unit_id).in_(units_in_scope(user))))


def scope_unit_ids(user: User | None) -> set[int] | None:
    """Every unit id the user may act in, for checking many records at once; None: all."""
    if not has_scope(user):
        return None
    return set(db.session.scalars(units_in_scope(user)))
