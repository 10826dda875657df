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

from campaign.accounts.models import SignInAttempt, SignInOutcome, User, UserSession
from campaign.accounts.passwords import password_matches
from campaign.audit.services import Actor, record
from campaign.core.errors import DomainError
from campaign.extensions import db

MAX_FAILURES = 5
THROTTLE_WINDOW = dt.timedelta(minutes=15)
SIGN_IN_LOCK = 0x5167_6E49  # any constant shared by every worker


@dataclass(frozen=True)
class SessionPolicy:
    idle_timeout: dt.timedelta
    absolute_lifetime: dt.timedelta


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _serialize_sign_ins() -> None:
    """One sign-in at a time, so that counting the failures and recording a new one cannot
    interleave between worker processes. SQLite needs nothing here: every POST begins
    IMMEDIATE and holds the only write lock until it commits."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": SIGN_IN_LOCK})


def _failures(account_key: str, remote_address: str, now: dt.datetime) -> tuple[int, int]:
    """Failures within the window: of this account (since its last success), of this address."""
    since = now - THROTTLE_WINDOW
    last_success = (
        sa.select(sa.func.max(SignInAttempt.attempted_at))
        .where(
            SignInAttempt.account_key == account_key,
            SignInAttempt.outcome == SignInOutcome.SUCCEEDED,
        )
        .scalar_subquery()
    )
    failures = sa.select(sa.func.count()).where(
        SignInAttempt.outcome == SignInOutcome.FAILED, SignInAttempt.attempted_at >= since
    )
    by_account = db.session.scalar(
        failures.where(
            SignInAttempt.account_key == account_key,
            sa.or_(last_success.is_(None), SignInAttempt.attempted_at > last_success),
        )
    )
    by_address = db.session.scalar(failures.where(SignInAttempt.remote_address == remote_address))
    return by_account, by_address


def _already_reported_throttle(account_key: str, now: dt.datetime) -> bool:
    return (
        db.session.scalar(
            sa.select(SignInAttempt.id).where(
                SignInAttempt.account_key == account_key,
                SignInAttempt.outcome == SignInOutcome.THROTTLED,
                SignInAttempt.attempted_at >= now - THROTTLE_WINDOW,
            )
        )
        is not None
    )


def sign_in(
    username: str, password: str, remote_address: str, now: dt.datetime
) -> tuple[User, str]:
    """Check the credentials; return the user and a new session token for the cookie.

    Five failures for one account (since its last success) or from one address, within 15
    minutes, close both until the window passes. Unknown user and wrong password get the same
    answer, in the same time. Raises ``DomainError`` after adding the attempt and its audit
    entry to the session: the caller commits them whatever the outcome.
    """
    name = username.strip().lower()
    account_key = token_hash(name)
    actor = Actor(user_id=None, remote_address=remote_address)
    _serialize_sign_ins()
    user = db.session.scalars(sa.select(User).where(User.username == name)).first()
    by_account, by_address = _failures(account_key, remote_address, now)
    if by_account >= MAX_FAILURES or by_address >= MAX_FAILURES:
        if not _already_reported_throttle(account_key, now):
            record(actor, "sign_in_throttled", "user", user.id if user else None,
                   user.username if user else "")  # fmt: skip
        db.session.add(_attempt(now, account_key, remote_address, SignInOutcome.THROTTLED))
        raise DomainError(
            "throttled", _("Too many failed sign-ins. Wait 15 minutes, then try again."), 429
        )
    valid = password_matches(user.password_hash if user else None, password)
    if not valid or not user.active:
        db.session.add(_attempt(now, account_key, remote_address, SignInOutcome.FAILED))
        record(actor, "sign_in_failed", "user", user.id if user else None,
               user.username if user else "")  # fmt: skip
        raise DomainError("bad_credentials", _("The username or password is not correct."), 401)
    db.session.add(_attempt(now, account_key, remote_address, SignInOutcome.SUCCEEDED))
    token = secrets.token_urlsafe(32)
    db.session.add(
        UserSession(user=user, token_hash=token_hash(token), created_at=now,
                    remote_address=remote_address)
    )  # fmt: skip
    user.last_signed_in_at = now
    record(Actor(user.id, remote_address), "sign_in", "user", user.id, user.username)
    return user, token


def _attempt(now, account_key, remote_address, outcome) -> SignInAttempt:
    return SignInAttempt(
        attempted_at=now, account_key=account_key, remote_address=remote_address, outcome=outcome
    )


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
