"""Naming one account by typing its username (``core.lookup``): the audit page's user filter,
where a nation's thousands of accounts would not fit a dropdown."""

import sqlalchemy as sa

from campaign.accounts.models import User
from campaign.core.text import normalize_text
from campaign.extensions import db


class UserLookup:
    """Accounts by username: those that start with what was typed, in username order (so the
    exact one, if any, comes first)."""

    def label(self, user: User) -> str:
        return user.username

    def find(self, typed: str, limit: int) -> list[User]:
        wanted = (normalize_text(typed) or "").lower()
        escaped = wanted.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return list(
            db.session.scalars(
                sa.select(User)
                .where(User.username.like(f"{escaped}%", escape="\\"))
                .order_by(User.username)
                .limit(limit)
            )
        )
