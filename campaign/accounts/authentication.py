"""Signing in and out: throttled guessing, server-side sessions, timeouts.

A signed-in browser holds a random token in its (signed) session cookie; the database holds the
token's SHA-256 in ``user_sessions``. Signing out, deactivating the user or changing the password
ends the row, so a copied cookie stops working at once. The absolute lifetime counts from the row's
creation; the idle timeout from the last request, kept in the cookie itself.
"""

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import contains_eager

from campaign.accounts.models import SignInAttempt, User, UserSession
from campaign.accounts.passwords import password_matches
from campaign.audit.services import Actor, record
from campaign.core.database import keep_even_if_request_fails
from campaign.core.errors import DomainError
from campaign.extensions import db

MAX_FAILURES = 5
THROTTLE_WINDOW = dt.timedelta(minutes=15)


@dataclass(frozen=True)
class SessionPolicy:
    idle_timeout: dt.timedelta
    absolute_lifetime: dt.timedelta


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _throttled(username: str, remote_address: str, now: dt.datetime) -> bool:
    """Five failures for this account (since its last success) or from this address, within
    the window, close both for the rest of the window."""
    since = now - THROTTLE_WINDOW
    last_success = (
        sa.select(sa.func.max(SignInAttempt.attempted_at))
        .where(SignInAttempt.username == username, SignInAttempt.succeeded.is_(True))
        .scalar_subquery()
    )
    failures = sa.select(sa.func.count()).where(
        SignInAttempt.succeeded.is_(False), SignInAttempt.attempted_at >= since
    )
    by_account = db.session.scalar(
        failures.where(
            SignInAttempt.username == username,
            sa.or_(last_success.is_(None), SignInAttempt.attempted_at > last_success),
        )
    )
    by_address = db.session.scalar(failures.where(SignInAttempt.remote_address == remote_address))
    return by_account >= MAX_FAILURES or by_address >= MAX_FAILURES


def sign_in(
    username: str, password: str, remote_address: str, now: dt.datetime
) -> tuple[User, str]:
    """Check the credentials; return the user and a new session token for the cookie.

    Unknown user and wrong password get the same answer, in the same time.
    """
    name = username.strip().lower()[:128]
    actor = Actor(user_id=None, remote_address=remote_address)
    if _throttled(name, remote_address, now):
        record(actor, "sign_in_throttled", "user", None, name, keep_on_failure=True)
        raise DomainError(
            "throttled",
            _("Too many failed sign-ins. Wait 15 minutes, then try again."),
            429,
        )
    user = db.session.scalars(sa.select(User).where(User.username == name)).first()
    valid = password_matches(user.password_hash if user else None, password)
    keep_even_if_request_fails(
        SignInAttempt(attempted_at=now, username=name, remote_address=remote_address,
                      succeeded=valid and user.active)
    )  # fmt: skip
    if not valid or not user.active:
        record(actor, "sign_in_failed", "user", user.id if user else None, name,
               keep_on_failure=True)  # fmt: skip
        raise DomainError("bad_credentials", _("The username or password is not correct."), 401)
    token = secrets.token_urlsafe(32)
    db.session.add(
        UserSession(user=user, token_hash=token_hash(token), created_at=now,
                    remote_address=remote_address)
    )  # fmt: skip
    user.last_signed_in_at = now
    record(Actor(user.id, remote_address), "sign_in", "user", user.id, user.username)
    return user, token


def live_session(token: str, policy: SessionPolicy, now: dt.datetime) -> UserSession | None:
    """The session a cookie's token names, if it has not ended nor outlived its lifetime."""
    session = db.session.scalars(
        sa.select(UserSession)
        .join(UserSession.user)
        .where(UserSession.token_hash == token_hash(token), UserSession.ended_at.is_(None))
        .where(User.active.is_(True))
        .options(contains_eager(UserSession.user))
    ).first()
    if session is None or now - session.created_at > policy.absolute_lifetime:
        return None
    return session


def sign_out(session: UserSession, actor: Actor, now: dt.datetime) -> None:
    session.ended_at = now
    record(actor, "sign_out", "user", session.user_id, session.user.username)


def end_sessions(user: User, now: dt.datetime, keep: UserSession | None = None) -> int:
    """End every live session of ``user`` (but ``keep``); returns how many ended."""
    statement = (
        sa.update(UserSession)
        .where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
        .values(ended_at=now)
    )
    if keep is not None:
        statement = statement.where(UserSession.id != keep.id)
    return db.session.execute(statement).rowcount
