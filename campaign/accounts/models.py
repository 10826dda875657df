"""Users, their role and the units an official may act in (a scope on either map)."""

import datetime as dt
import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from campaign.core.columns import UTCDateTime, choice
from campaign.core.dates import utcnow
from campaign.extensions import db
from campaign.places.models import AdministrativeUnit


class Role(enum.StrEnum):
    ADMIN = "admin"
    ORGANIZER = "organizer"
    OFFICIAL = "official"
    STAFF = "staff"


user_units = sa.Table(
    "user_units",
    db.metadata,
    sa.Column("user_id", sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    sa.Column(
        "unit_id",
        sa.ForeignKey("administrative_units.id", ondelete="RESTRICT"),
        primary_key=True,
        index=True,
    ),
)


class User(db.Model):
    __tablename__ = "users"
    __table_args__ = (
        sa.CheckConstraint("username = lower(username)", name="username_lower_case"),
        # The list by username, of one role or one status (accounts.admin_views).
        sa.Index("ix_users_role_username", "role", "username"),
        sa.Index("ix_users_active_username", "active", "username"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(64), unique=True)
    full_name: Mapped[str] = mapped_column(sa.String(150))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[Role] = mapped_column(choice(Role, "role"))
    active: Mapped[bool] = mapped_column(default=True)
    must_change_password: Mapped[bool] = mapped_column(
        default=False,
        server_default=sa.false(),
        comment="set by an administrator's reset: change it at the next sign-in",
    )
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_signed_in_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    units: Mapped[list[AdministrativeUnit]] = relationship(
        secondary=user_units,
        order_by=AdministrativeUnit.sort_key,
    )

    def __repr__(self) -> str:
        return f"<User {self.username} {self.role}>"


class UserSession(db.Model):
    """One signed-in browser. The cookie holds a random token; only its SHA-256 is stored."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[dt.datetime | None] = mapped_column(
        UTCDateTime, comment="signed out, deactivated or password changed: the cookie is dead"
    )
    remote_address: Mapped[str | None] = mapped_column(sa.String(45))

    user: Mapped[User] = relationship()


class SignInOutcome(enum.StrEnum):
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    THROTTLED = "throttled"  # refused unchecked: too many failures; not counted as one


class SignInAttempt(db.Model):
    """A sign-in try, kept to throttle guessing across every worker process.

    What was typed as the username is not kept (people type their password there by mistake):
    only its SHA-256, enough to count the failures of one account.
    """

    __tablename__ = "sign_in_attempts"
    __table_args__ = (
        sa.Index("ix_sign_in_attempts_account_at", "account_key", "attempted_at"),
        sa.Index("ix_sign_in_attempts_address_at", "remote_address", "attempted_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    attempted_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    account_key: Mapped[str] = mapped_column(sa.String(64), comment="SHA-256 of the username")
    remote_address: Mapped[str] = mapped_column(sa.String(45))
    outcome: Mapped[SignInOutcome] = mapped_column(choice(SignInOutcome, "outcome"))
