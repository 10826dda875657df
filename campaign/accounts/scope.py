"""District scope: which administrative units a user may see and act in.

Organizers, staff and administrators see every unit. A district official sees the units of
their scope (districts, usually) and everything inside them — communes of a district, and for a
province-level scope its districts and their communes. Records outside answer 404
(docs/architecture.md, "How a request flows").
"""

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from campaign.accounts.models import User, user_units
from campaign.accounts.permissions import ROLES_WITH_DISTRICT_SCOPE
from campaign.extensions import db
from campaign.places.models import AdministrativeUnit


def has_scope(user: User | None) -> bool:
    """Whether the user is limited to districts (nobody is, on the command line: ``None``)."""
    return user is not None and user.role in ROLES_WITH_DISTRICT_SCOPE


def units_in_scope(user: User) -> sa.Select:
    """The ids of the units the user's scope covers, as a subquery (two levels down)."""
    scope = sa.select(user_units.c.unit_id).where(user_units.c.user_id == user.id)
    child = aliased(AdministrativeUnit)
    grandchild = aliased(AdministrativeUnit)
    return sa.union(
        scope,
        sa.select(child.id).where(child.parent_id.in_(scope)),
        sa.select(grandchild.id)
        .join(child, grandchild.parent_id == child.id)
        .where(child.parent_id.in_(scope)),
    )


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
