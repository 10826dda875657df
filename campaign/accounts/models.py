"""Users, their role and the districts an official may act in."""

import datetime as dt
import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from campaign.core.db import UTCDateTime, choice, utcnow
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
    __table_args__ = (sa.CheckConstraint("username = lower(username)", name="username_lower_case"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(64), unique=True)
    full_name: Mapped[str] = mapped_column(sa.String(150))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[Role] = mapped_column(choice(Role, "role"))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    units: Mapped[list[AdministrativeUnit]] = relationship(
        secondary=user_units,
        order_by=AdministrativeUnit.sort_key,
    )

    def __repr__(self) -> str:
        return f"<User {self.username} {self.role}>"
