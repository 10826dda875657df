"""The administrative units a form offers: one list, shared by every form that picks units."""

from collections.abc import Iterable

import sqlalchemy as sa
from wtforms import SelectChoice

from campaign.extensions import db
from campaign.places.models import AdministrativeUnit, UnitLevel, UnitScheme


def unit_choices(
    first: Iterable[int | None] = (), include_provinces: bool = True
) -> list[SelectChoice]:
    """Provinces and districts of the 3-level scheme (the map of the 2022 scenario), one group
    per province with the province first; the provinces of the units ``first`` (those the
    caller's records use) come first. Each option carries its diacritic-free name for the
    filter box of ``static/js/unit-filter.js``."""
    units = db.session.scalars(
        sa.select(AdministrativeUnit).where(
            AdministrativeUnit.scheme == UnitScheme.PRE_2025,
            AdministrativeUnit.level.in_([UnitLevel.PROVINCE, UnitLevel.DISTRICT]),
        )
    ).all()
    by_id = {unit.id: unit for unit in units}

    def province(unit: AdministrativeUnit) -> AdministrativeUnit:
        return by_id.get(unit.parent_id, unit) if unit.level == UnitLevel.DISTRICT else unit

    running = {province(by_id[unit_id]).id for unit_id in set(first) if unit_id in by_id}

    def order(unit: AdministrativeUnit) -> tuple:
        top = province(unit)
        return (top.id not in running, top.sort_key, top.id, unit is not top, unit.sort_key)

    return [
        SelectChoice(
            str(unit.id), unit.full_name, optgroup=province(unit).full_name,
            render_kw={"data-search": unit.search_key},
        )
        for unit in sorted(units, key=order)
        if include_provinces or unit.level == UnitLevel.DISTRICT
    ]  # fmt: skip
