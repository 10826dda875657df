"""Scope: which administrative units a user may see and act in.

Organizers, staff and administrators see every unit. An official sees the units of their scope
and everything inside them, on the map those units belong to: an old-map district and its
communes, a new-map commune or ward, a province with every unit below it. A unit of the other
map is never inside, so an official of one map sees nothing of the other. Records outside answer
404 (docs/architecture.md, "How a request flows").
"""

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


def limit_to_scope(statement: sa.Select, unit_column, user: User) -> sa.Select:
    """``statement`` restricted to rows whose ``unit_column`` lies in the user's scope."""
    if not has_scope(user):
        return statement
    return statement.where(unit_column.in_(units_in_scope(user)))


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
