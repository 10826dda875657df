"""Officials and the positions they hold."""

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from campaign.core.columns import SortKey
from campaign.core.search import declare_search_index
from campaign.extensions import db
from campaign.places.models import Organization


class Official(db.Model):
    """A person who takes part in events; may hold several positions at once."""

    __tablename__ = "officials"
    __table_args__ = (sa.Index("ix_officials_sort_key_id", "sort_key", "id"),)  # the list's order

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(sa.String(150))
    phone: Mapped[str | None] = mapped_column(sa.String(20))
    email: Mapped[str | None] = mapped_column(sa.String(254))
    search_key: Mapped[str] = mapped_column(sa.String(150), index=True)
    sort_key: Mapped[str] = mapped_column(SortKey())

    positions: Mapped[list["OfficialPosition"]] = relationship(
        back_populates="official",
        order_by="OfficialPosition.rank",
        cascade="all, delete-orphan",
    )

    def __repr__(self) -> str:
        return f"<Official {self.full_name}>"


class OfficialPosition(db.Model):
    """A title held in an organization: "Phó Chủ tịch" of "UBND thành phố Hà Nội"."""

    __tablename__ = "official_positions"
    __table_args__ = (
        sa.UniqueConstraint("official_id", "organization_id", "title"),
        sa.CheckConstraint("precedence >= 0", name="precedence_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    official_id: Mapped[int] = mapped_column(
        sa.ForeignKey("officials.id", ondelete="CASCADE"), index=True
    )
    organization_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organizations.id", ondelete="RESTRICT"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(150))
    precedence: Mapped[int] = mapped_column(
        default=100,
        comment="protocol rank inside the organization's level: lower goes first",
    )
    rank: Mapped[int] = mapped_column(
        default=0, comment="order among the official's own positions: 0 is the main one"
    )

    official: Mapped[Official] = relationship(back_populates="positions")
    organization: Mapped[Organization] = relationship()


declare_search_index(Official.__table__)
