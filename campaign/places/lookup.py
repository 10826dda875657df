"""Naming an administrative unit by typing (``core.lookup``): "son tay" offers "Phường Sơn Tây,
Thành phố Hà Nội" and, on the old map, "Thị xã Sơn Tây, Thành phố Hà Nội — <the old map>".

A label is the unit's full name followed by those of the units above it, and the map when the
lookup spans both; typing a label, or its beginning, narrows the search by each part."""

from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import aliased, joinedload

from campaign.core.search import key_matches
from campaign.core.text import search_key
from campaign.extensions import db
from campaign.places.maps import words
from campaign.places.models import AdministrativeUnit, UnitLevel, UnitScheme
from campaign.places.queries import within

MAP_SEPARATOR = " — "
LEVEL_ORDER = {UnitLevel.PROVINCE: 0, UnitLevel.DISTRICT: 1, UnitLevel.COMMUNE: 2}


@dataclass(frozen=True)
class UnitLookup:
    """Units of ``schemes`` (None: both maps) at ``levels`` (None: any) that are, or lie in,
    every one of ``areas`` (each unit ids or an id subquery: the campaign's unit, the user's
    scope; none: the whole registry)."""

    schemes: frozenset[UnitScheme] | None = None
    levels: frozenset[UnitLevel] | None = None
    areas: tuple = ()

    @property
    def both_maps(self) -> bool:
        return self.schemes is None or len(self.schemes) > 1

    def label(self, unit: AdministrativeUnit) -> str:
        names, above = [unit.full_name], unit.parent
        while above is not None:
            names.append(above.full_name)
            above = above.parent
        text = ", ".join(names)
        return f"{text}{MAP_SEPARATOR}{words(unit.scheme).map_name}" if self.both_maps else text

    def find(self, typed: str, limit: int) -> list[AdministrativeUnit]:
        """Units whose name contains the first part of ``typed`` and whose parents' names
        contain the following parts: the exact name first, then provinces, districts and
        communes, each by name."""
        text, _, map_name = typed.partition(MAP_SEPARATOR)
        parts = [search_key(part) for part in text.split(",")]
        if not parts[0]:
            return []
        parent, grandparent = aliased(AdministrativeUnit), aliased(AdministrativeUnit)
        statement = (
            sa.select(AdministrativeUnit)
            .outerjoin(parent, AdministrativeUnit.parent_id == parent.id)
            .outerjoin(grandparent, parent.parent_id == grandparent.id)
            .where(key_matches(db.session, AdministrativeUnit.search_key, parts[0]))
            .options(joinedload(AdministrativeUnit.parent).joinedload(AdministrativeUnit.parent))
            .order_by(
                sa.case((AdministrativeUnit.search_key == parts[0], 0), else_=1),
                _level_rank(),
                AdministrativeUnit.sort_key,
                AdministrativeUnit.id,
            )
            .limit(limit)
        )
        for above, part in zip((parent, grandparent), parts[1:3], strict=False):
            if part:
                statement = statement.where(above.search_key.contains(part, autoescape=True))
        schemes = self._schemes_named(map_name)
        if schemes is not None:
            statement = statement.where(AdministrativeUnit.scheme.in_(sorted(schemes)))
        if self.levels is not None:
            statement = statement.where(AdministrativeUnit.level.in_(sorted(self.levels)))
        for area in self.areas:
            statement = statement.where(AdministrativeUnit.id.in_(within(area)))
        return list(db.session.scalars(statement).unique())

    def _schemes_named(self, map_name: str) -> Iterable[UnitScheme] | None:
        """The lookup's maps, narrowed to the one a typed label names."""
        named = {scheme for scheme in UnitScheme if str(words(scheme).map_name) == map_name}
        if named:
            return named & set(self.schemes) if self.schemes is not None else named
        return self.schemes


def _level_rank():
    return sa.case(
        *((AdministrativeUnit.level == level, rank) for level, rank in LEVEL_ORDER.items())
    )
