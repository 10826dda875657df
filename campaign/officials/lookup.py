"""Naming an official in one of their positions by typing (``core.lookup``): "chu xuan dung"
offers "Chử Xuân Dũng — Phó Chủ tịch, Ủy ban nhân dân thành phố Hà Nội", one label per position,
so that the capacity an official attends in is chosen with the person."""

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager

from campaign.core.search import key_matches
from campaign.core.text import search_key
from campaign.extensions import db
from campaign.officials.models import Official, OfficialPosition
from campaign.places.models import Organization

PERSON_SEPARATOR = " — "
POSITION_SEPARATOR = ", "


@dataclass(frozen=True)
class OfficialLookup:
    """Every position of every official of the registry, named by person and position."""

    def label(self, position: OfficialPosition) -> str:
        return (
            f"{position.official.full_name}{PERSON_SEPARATOR}{position.title}"
            f"{POSITION_SEPARATOR}{position.organization.name}"
        )

    def find(self, typed: str, limit: int) -> list[OfficialPosition]:
        """Positions of the officials whose name contains the text before " — ", narrowed by
        the title the text after it begins with and the organization named after the comma;
        in name order, each official's main position first."""
        name, _, held = typed.partition(PERSON_SEPARATOR)
        if not search_key(name):
            return []
        title, _, organization = held.partition(POSITION_SEPARATOR)
        statement = (
            sa.select(OfficialPosition)
            .join(OfficialPosition.official)
            .join(OfficialPosition.organization)
            .where(key_matches(db.session, Official.search_key, name))
            .options(
                contains_eager(OfficialPosition.official),
                contains_eager(OfficialPosition.organization),
            )
            .order_by(Official.sort_key, Official.id, OfficialPosition.rank, OfficialPosition.id)
            .limit(limit)
        )
        if title.strip():
            title_begins = OfficialPosition.title.startswith(title.strip(), autoescape=True)
            statement = statement.where(title_begins)
        if search_key(organization):
            statement = statement.where(
                Organization.search_key.contains(search_key(organization), autoescape=True)
            )
        return list(db.session.scalars(statement))
