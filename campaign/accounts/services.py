"""Account rules: creating users, their role and scope, passwords, deactivation.

Every change is audited; every change that should stop a user's existing sessions ends them.
"""

import datetime as dt
import re

import sqlalchemy as sa
from flask_babel import gettext as _

from campaign.accounts.authentication import end_sessions
from campaign.accounts.models import Role, User, UserSession
from campaign.accounts.passwords import (
    check_password_policy,
    hash_password,
    password_matches,
    random_password,
)
from campaign.accounts.permissions import ROLES_WITH_SCOPE
from campaign.audit.services import Actor, changes, record
from campaign.core.errors import DomainError
from campaign.extensions import db
from campaign.places.maps import PICKED_LEVELS, words
from campaign.places.models import AdministrativeUnit

USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")


def _check_scope(role: Role, units: list[AdministrativeUnit]) -> None:
    """An official's scope: at least one unit, each a province or the level below it that
    officials serve on its map (a district on the old map, a commune or ward on the new one),
    all on one map: an official works on one map, whose words and pickers her pages use."""
    if role not in ROLES_WITH_SCOPE:
        return
    if not units:
        raise DomainError(
            "scope_missing", _("An official needs at least one unit in their scope."), 422
        )
    for unit in units:
        if unit.level not in PICKED_LEVELS[unit.scheme]:
            raise DomainError(
                "scope_level",
                _("%(unit)s cannot be a scope: choose a province or %(local)s of %(map)s.",
                  unit=unit.full_name, local=words(unit.scheme).in_sentence,
                  map=words(unit.scheme).map_name),
                422,
            )  # fmt: skip
    first = units[0]
    for unit in units[1:]:
        if unit.scheme != first.scheme:
            raise DomainError(
                "scope_mixed_maps",
                _("An official works on one map: %(unit)s is on %(its_map)s, %(other)s on"
                  " %(other_map)s.",
                  unit=first.full_name, its_map=words(first.scheme).map_name,
                  other=unit.full_name, other_map=words(unit.scheme).map_name),
                422,
            )  # fmt: skip


def _unit_entry(unit: AdministrativeUnit) -> str:
    """A unit as the audit log keeps it: codes of the two maps share a number space."""
    return f"{unit.code} {unit.full_name} ({unit.scheme.value})"


def _snapshot(user: User) -> dict:
    return {
        "full_name": user.full_name,
        "role": user.role.value if user.role else None,
        "units": sorted(_unit_entry(unit) for unit in user.units),
        "active": user.active,
    }


def create_user(
    actor: Actor,
    username: str,
    full_name: str,
    role: Role,
    units: list[AdministrativeUnit],
    password: str,
    must_change_password: bool = True,
) -> User:
    """A new account; the password is checked against the policy and stored hashed."""
    username = username.strip().lower()
    if not USERNAME_PATTERN.match(username):
        raise DomainError(
            "username_invalid",
            _(
                "A username has 2 to 64 characters: lower-case letters, digits, dot, dash, "
                "underscore."
            ),
            422,
        )
    if db.session.scalar(sa.select(User.id).where(User.username == username)) is not None:
        raise DomainError("username_taken", _("This username is already taken."), 409)
    _check_scope(role, units)
    check_password_policy(password, username)
    user = User(
        username=username, full_name=full_name, role=role,
        units=units if role in ROLES_WITH_SCOPE else [],
        password_hash=hash_password(password), must_change_password=must_change_password,
    )  # fmt: skip
    db.session.add(user)
    db.session.flush()
    record(actor, "create", "user", user.id, username, changes({}, _snapshot(user)))
    return user


def _keep_an_administrator(user: User) -> None:
    """Refuse to take away the last active administrator: nobody could manage accounts."""
    others = db.session.scalar(
        sa.select(sa.func.count()).where(
            User.role == Role.ADMIN, User.active.is_(True), User.id != user.id
        )
    )
    if user.role == Role.ADMIN and user.active and others == 0:
        raise DomainError(
            "last_admin", _("This is the last active administrator: make another one first."), 409
        )


def update_user(
    actor: Actor, user: User, full_name: str, role: Role, units: list[AdministrativeUnit]
) -> None:
    """Change the name, role and scope; a changed role or scope ends the sessions, so
    that what the user sees follows the new rights at once."""
    _check_scope(role, units)
    if role != Role.ADMIN:
        _keep_an_administrator(user)
    before = _snapshot(user)
    user.full_name = full_name
    user.role = role
    user.units = units if role in ROLES_WITH_SCOPE else []
    after = _snapshot(user)
    if before == after:
        return
    if (before["role"], before["units"]) != (after["role"], after["units"]):
        end_sessions(user, dt.datetime.now(dt.UTC))
    record(actor, "update", "user", user.id, user.username, changes(before, after))


def set_active(actor: Actor, user: User, active: bool, now: dt.datetime) -> None:
    """Deactivate (ending every session at once) or reactivate an account."""
    if actor.user_id == user.id and not active:
        raise DomainError("deactivate_self", _("You cannot deactivate your own account."), 409)
    if user.active == active:
        return
    if not active:
        _keep_an_administrator(user)
    user.active = active
    if not active:
        end_sessions(user, now)
    record(actor, "update", "user", user.id,
           f"{user.username}: {'reactivated' if active else 'deactivated'}",
           changes({"active": not active}, {"active": active}))  # fmt: skip


def reset_password(actor: Actor, user: User, now: dt.datetime) -> str:
    """A random temporary password, to be changed at the next sign-in; ends every session."""
    password = random_password()
    user.password_hash = hash_password(password)
    user.must_change_password = True
    end_sessions(user, now)
    redacted = changes({"password": 1}, {"password": 2}, sensitive=frozenset({"password"}))
    record(actor, "reset_password", "user", user.id, user.username, redacted)
    return password


def change_own_password(
    actor: Actor, user: User, current: str, new: str, keep: UserSession, now: dt.datetime
) -> None:
    """The user's own change: the current password first; other browsers are signed out."""
    if not password_matches(user.password_hash, current):
        raise DomainError("password_wrong", _("The current password is not correct."), 422)
    if new == current:
        raise DomainError(
            "password_same", _("Choose a password different from the current one."), 422
        )
    check_password_policy(new, user.username)
    user.password_hash = hash_password(new)
    user.must_change_password = False
    end_sessions(user, now, keep=keep)
    record(actor, "change_password", "user", user.id, user.username)
