"""What the scope picker of the user form offers, on both maps, without scanning the registry.

The provinces of both maps; the districts (old map) and the communes and wards (new map) of the
provinces where the :data:`SCOPE_AREAS` lie (campaigns: the units that run a campaign, so a
province's units are listed once it runs a campaign on their map); the user's own units; and
first, for a user with districts of the old map, the communes and wards that took them over.
"""

from collections.abc import Callable, Iterable

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import aliased
from wtforms import SelectChoice

from campaign.accounts.models import User, user_units
from campaign.extensions import db
from campaign.places.choices import unit_choices
from campaign.places.maps import PICKED_LEVELS
from campaign.places.models import AdministrativeUnit, UnitLevel, UnitScheme
from campaign.places.queries import successors

SCOPE_AREAS: list[Callable[[], Iterable[int] | sa.Select]] = []
"""Where officials work, each the unit ids of a higher area (campaigns: the units that run a
campaign). ``create_app`` registers them, so that accounts import nothing above them
(docs/architecture.md, "Layers")."""


def offer_scope_in(areas: Callable[[], Iterable[int] | sa.Select]) -> None:
    """Have the scope picker list the units of the provinces of ``areas()``."""
    if areas not in SCOPE_AREAS:
        SCOPE_AREAS.append(areas)


def official_unit_ids() -> set[int]:
    """The units some official acts in: the picker lists their provinces first."""
    return set(db.session.scalars(sa.select(user_units.c.unit_id)))


def _with_ancestors(area) -> sa.Select:
    """The ids of the units of ``area``, of their parents and of their grandparents: the
    provinces they lie in among them."""
    unit = aliased(AdministrativeUnit)
    parent = aliased(AdministrativeUnit)
    return sa.union(
        sa.select(unit.id).where(unit.id.in_(area)),
        sa.select(unit.parent_id).where(unit.id.in_(area), unit.parent_id.is_not(None)),
        sa.select(parent.parent_id)
        .join(unit, unit.parent_id == parent.id)
        .where(unit.id.in_(area), parent.parent_id.is_not(None)),
    )


def _areas():
    """The provinces (and the units inside them) the picker lists below the province, or None
    when no higher area has registered any."""
    if not SCOPE_AREAS:
        return None
    return sa.union(*(_with_ancestors(areas()) for areas in SCOPE_AREAS))


def proposals(user: User | None) -> list[SelectChoice]:
    """The communes and wards that took over the user's districts of the old map, one group
    per district ("Took over Thị xã Sơn Tây"), each unit once."""
    if user is None:
        return []
    offered: dict[int, SelectChoice] = {}
    for district in user.units:
        if (district.scheme, district.level) != (UnitScheme.PRE_2025, UnitLevel.DISTRICT):
            continue
        group = _("Took over %(unit)s", unit=district.full_name)
        for unit in successors(district):
            offered.setdefault(unit.id, SelectChoice(
                str(unit.id), unit.full_name, optgroup=group,
                render_kw={"data-search": unit.search_key},
            ))  # fmt: skip
    return list(offered.values())


def scope_choices(user: User | None, offered: list[SelectChoice]) -> list[SelectChoice]:
    """Every option of the picker: the :func:`proposals` ``offered`` first, then the new map,
    then the old one, each grouped by province and naming its map."""
    options = list(offered)
    proposed = {option.value for option in options}
    current = [unit.id for unit in user.units] if user else []
    areas = _areas()
    first = official_unit_ids()
    for scheme in (UnitScheme.POST_2025, UnitScheme.PRE_2025):
        listed = unit_choices(
            scheme, PICKED_LEVELS[scheme], area=areas, selected=current,
            every_province=True, first=first, name_map=True,
        )  # fmt: skip
        options += [option for option in listed if option.value not in proposed]
    return options
