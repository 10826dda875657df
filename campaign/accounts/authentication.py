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
from sqlalchemy.orm import aliased, contains_eager

from campaign.accounts.models import SignInAttempt, SignInOutcome, User, UserSession
from campaign.accounts.passwords import password_matches
from campaign.audit.services import Actor, record
from campaign.core.errors import DomainError
from campaign.extensions import db

MAX_FAILURES = 5  # of one account, since its last success
MAX_ADDRESS_ACCOUNTS = 20  # accounts one address failed for and did not then get into
THROTTLE_WINDOW = dt.timedelta(minutes=15)


@dataclass(frozen=True)
class SessionPolicy:
    idle_timeout: dt.timedelta
    absolute_lifetime: dt.timedelta


@dataclass(frozen=True)
class SignInTry:
    """A try counted before its password is checked: plain values, so that checking it needs no
    database (and holds no lock) once the count is committed."""

    attempt_id: int
    remote_address: str
    user_id: int | None
    username: str  # "" for an unknown user: what was typed is never kept
    password_hash: str | None
    active: bool


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _lock_counters(account_key: str, remote_address: str) -> None:
    """Serialise the tries of one account and of one address (always in that order, so that no
    two tries deadlock), until the request commits the count. SQLite needs nothing: every
    POST begins IMMEDIATE and holds the only write lock until it commits."""
    if db.session.get_bind().dialect.name == "postgresql":
        for key in (f"sign-in account {account_key}", f"sign-in address {remote_address}"):
            db.session.execute(
                sa.text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"), {"key": key}
            )


def _since_last_success(account_key) -> sa.ColumnElement[bool]:
    """Attempts of ``account_key`` (a column or a value) made after its last success."""
    success = aliased(SignInAttempt)
    last_success = (
        sa.select(sa.func.max(success.attempted_at))
        .where(success.account_key == account_key, success.outcome == SignInOutcome.SUCCEEDED)
        .scalar_subquery()
    )
    return sa.or_(last_success.is_(None), SignInAttempt.attempted_at > last_success)


def _failures(account_key: str, remote_address: str, now: dt.datetime) -> tuple[int, int]:
    """Within the window: the failures of this account since its last success, and how many
    accounts this address failed for without their getting in since."""
    recent_failure = sa.and_(
        SignInAttempt.outcome == SignInOutcome.FAILED,
        SignInAttempt.attempted_at >= now - THROTTLE_WINDOW,
    )
    by_account = db.session.scalar(
        sa.select(sa.func.count()).where(
            recent_failure,
            SignInAttempt.account_key == account_key,
            _since_last_success(account_key),
        )
    )
    by_address = db.session.scalar(
        sa.select(sa.func.count(sa.distinct(SignInAttempt.account_key))).where(
            recent_failure,
            SignInAttempt.remote_address == remote_address,
            _since_last_success(SignInAttempt.account_key),
        )
    )
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


def begin_sign_in(username: str, remote_address: str, now: dt.datetime) -> SignInTry:
    """Count a try, as a failure until its password proves right; the caller commits it before
    :func:`finish_sign_in` checks the password, so that the slow check holds no lock.

    The account closes after five failures since its last success, within 15 minutes. The
    address closes, for every account, once it failed for twenty accounts that did not get in
    since: guessing across many accounts, while an office behind one proxy survives a few
    typos and made-up names. A correct password from a closed address is refused too:
    letting it through would tell the guesser which password was right. Raises ``DomainError``
    after adding the refusal and its audit entry to the session: commit them too.
    """
    name = username.strip().lower()
    account_key = token_hash(name)
    _lock_counters(account_key, remote_address)
    user = db.session.scalars(sa.select(User).where(User.username == name)).first()
    by_account, by_address = _failures(account_key, remote_address, now)
    if by_account >= MAX_FAILURES or by_address >= MAX_ADDRESS_ACCOUNTS:
        if not _already_reported_throttle(account_key, now):
            record(Actor(None, remote_address), "sign_in_throttled", "user",
                   user.id if user else None, user.username if user else "")  # fmt: skip
        db.session.add(_attempt(now, account_key, remote_address, SignInOutcome.THROTTLED))
        raise DomainError(
            "throttled", _("Too many failed sign-ins. Wait 15 minutes, then try again."), 429
        )
    attempt = _attempt(now, account_key, remote_address, SignInOutcome.FAILED)
    db.session.add(attempt)
    db.session.flush()
    if user is None:
        return SignInTry(attempt.id, remote_address, None, "", None, active=False)
    return SignInTry(attempt.id, remote_address, user.id, user.username, user.password_hash,
                     user.active)  # fmt: skip


def finish_sign_in(attempt: SignInTry, password: str, now: dt.datetime) -> tuple[User, str]:
    """Check the password of a counted try; return the user and a new session token for the
    cookie. Unknown user, deactivated user and wrong password get the same answer, in the same
    time. Raises ``DomainError`` after adding the audit entry: the caller commits it."""
    if not password_matches(attempt.password_hash, password) or not attempt.active:
        record(Actor(None, attempt.remote_address), "sign_in_failed", "user", attempt.user_id,
               attempt.username)  # fmt: skip
        raise DomainError("bad_credentials", _("The username or password is not correct."), 401)
    user = db.session.get(User, attempt.user_id)
    db.session.execute(
        sa.update(SignInAttempt)
        .where(SignInAttempt.id == attempt.attempt_id)
        .values(outcome=SignInOutcome.SUCCEEDED)
    )
    token = secrets.token_urlsafe(32)
    db.session.add(
        UserSession(user=user, token_hash=token_hash(token), created_at=now,
                    remote_address=attempt.remote_address)
    )  # fmt: skip
    user.last_signed_in_at = now
    record(Actor(user.id, attempt.remote_address), "sign_in", "user", user.id, user.username)
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
