"""The two administrative maps a campaign can work on, and the words each one uses.

Until 30 June 2025 Vietnam had three levels (province → district → commune); since 1 July 2025 it
has two (province → commune, ward or special zone). A campaign works on the map in force when it
starts (docs/architecture.md, "Two maps"): its pickers, shares, scope checks and words follow it.
"""

import datetime as dt
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_pgettext

from campaign.core.errors import DomainError
from campaign.places.models import AdministrativeUnit, UnitLevel, UnitScheme

REFORM_DATE = dt.date(2025, 7, 1)
"""The first day of the two-level map (Resolution 202/2025/QH15)."""


def scheme_for(day: dt.date) -> UnitScheme:
    """The map a campaign starting on ``day`` works on."""
    return UnitScheme.POST_2025 if day >= REFORM_DATE else UnitScheme.PRE_2025


SHARE_LEVEL = {UnitScheme.PRE_2025: UnitLevel.DISTRICT, UnitScheme.POST_2025: UnitLevel.COMMUNE}
"""The level below the province that shares a programme and that officials serve: the district
on the old map, the commune or ward on the new one."""

PICKED_LEVELS = {
    UnitScheme.PRE_2025: (UnitLevel.PROVINCE, UnitLevel.DISTRICT),
    UnitScheme.POST_2025: (UnitLevel.PROVINCE, UnitLevel.COMMUNE),
}
"""The levels an event, a campaign or a scope is tied to on each map."""


@dataclass(frozen=True)
class MapWords:
    """What the units below the province are called on one map, for headings and sentences."""

    local_unit: object  # a column heading: "District" / "Commune or ward"
    local_units: object  # a heading for several: "Districts" / "Communes and wards"
    in_sentence: object  # "a district" / "a commune or ward", inside a sentence
    map_name: object  # "the map before 1 July 2025"


WORDS = {
    UnitScheme.PRE_2025: MapWords(
        local_unit=lazy_pgettext("old map", "District"),
        local_units=lazy_pgettext("old map", "Districts"),
        in_sentence=lazy_pgettext("old map", "a district"),
        map_name=lazy_pgettext("map", "the map before 1 July 2025 (3 levels)"),
    ),
    UnitScheme.POST_2025: MapWords(
        local_unit=lazy_pgettext("new map", "Commune or ward"),
        local_units=lazy_pgettext("new map", "Communes and wards"),
        in_sentence=lazy_pgettext("new map", "a commune or ward"),
        map_name=lazy_pgettext("map", "the map from 1 July 2025 (2 levels)"),
    ),
}
"""The words of each map: never "district" where there are none."""


def words(scheme: UnitScheme | str) -> MapWords:
    return WORDS[UnitScheme(scheme)]


def wrong_map(unit: AdministrativeUnit, scheme: UnitScheme) -> DomainError:
    """The refusal of a unit of the other map, naming both maps."""
    return DomainError(
        "wrong_map",
        _("%(unit)s is a unit of %(its_map)s; this campaign works on %(map)s.",
          unit=unit.full_name, its_map=words(unit.scheme).map_name, map=words(scheme).map_name),
        422,
    )  # fmt: skip


def ensure_on_map(units, scheme: UnitScheme) -> None:
    """Refuse the first of ``units`` that is not on ``scheme``."""
    for unit in units:
        if unit is not None and unit.scheme != scheme:
            raise wrong_map(unit, scheme)
