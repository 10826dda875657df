"""Forms of the organizations area: the filters of the list and the organization form."""

from collections.abc import Callable, Iterable

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy.orm import aliased
from wtforms import SearchField, SelectChoice, SelectField, StringField

from campaign.core.forms import CHOICE_MESSAGE, max_length, name_filter, no_markup, required
from campaign.core.labels import choices
from campaign.core.submissions import SubmissionMixin
from campaign.extensions import db
from campaign.places.choices import unit_choices as shared_unit_choices
from campaign.places.maps import PICKED_LEVELS
from campaign.places.models import (
    AdministrativeUnit,
    GovernmentLevel,
    Organization,
    OrganizationKind,
    UnitLevel,
    UnitScheme,
)

UNITS_IN_USE: list[Callable[[], Iterable[int]]] = []
"""Units a higher area works in (campaigns: the units that run one); ``create_app`` registers
them, so that reference imports nothing above it (docs/architecture.md, "Layers")."""


def register_units_in_use(units: Callable[[], Iterable[int]]) -> None:
    """Offer the districts or communes of the provinces of ``units()`` in the unit picker."""
    if units not in UNITS_IN_USE:
        UNITS_IN_USE.append(units)


def _provinces_in_use(scheme: UnitScheme, used: set[int]) -> sa.Select:
    """The provinces of ``scheme`` that are, or hold, one of the ``used`` units."""
    child, grandchild = aliased(AdministrativeUnit), aliased(AdministrativeUnit)
    holding = sa.union(
        sa.select(child.parent_id).where(child.id.in_(used)),
        sa.select(child.parent_id)
        .join(grandchild, grandchild.parent_id == child.id)
        .where(grandchild.id.in_(used)),
    )
    return sa.select(AdministrativeUnit.id).where(
        AdministrativeUnit.scheme == scheme,
        AdministrativeUnit.level == UnitLevel.PROVINCE,
        sa.or_(AdministrativeUnit.id.in_(used), AdministrativeUnit.id.in_(holding)),
    )


def unit_choices(selected: int | None = None) -> list[SelectChoice]:
    """Every province of both maps; the districts (old map) and communes and wards (new map) of
    the provinces that already have organizations or campaigns on that map, never the whole
    registry; and the ``selected`` unit. The provinces in use come first; each group names its
    map, since Hà Nội's bodies of both maps share their names."""
    in_use = set(db.session.scalars(sa.select(Organization.unit_id).where(
        Organization.unit_id.is_not(None)).distinct()))  # fmt: skip
    used = in_use.union(*(units() for units in UNITS_IN_USE))
    options = [SelectChoice("", _l("— None (central body) —"))]
    for scheme in (UnitScheme.POST_2025, UnitScheme.PRE_2025):
        options += shared_unit_choices(
            scheme, PICKED_LEVELS[scheme], area=_provinces_in_use(scheme, used),
            selected=[selected], every_province=True, first=in_use, name_map=True,
        )  # fmt: skip
    return options


def _unit_id(value) -> int | None:
    """The unit id a submitted value names, if it is one a database can hold."""
    text = str(value or "")
    return int(text) if text.isdigit() and len(text) <= 18 else None


class OrganizationFilterForm(FlaskForm):
    """The filters of the organization list (a GET form: no CSRF token)."""

    class Meta:
        csrf = False

    q = SearchField(_l("Name"), validators=[max_length(100)])
    level = SelectField(
        _l("Level"),
        choices=choices(GovernmentLevel, blank=_l("All levels")),
        default="",
        invalid_choice_message=CHOICE_MESSAGE,
    )
    jump = SearchField(_l("Go to name"), name="from", validators=[max_length(100)],
                       filters=[name_filter])  # fmt: skip


class OrganizationForm(FlaskForm):
    name = StringField(
        _l("Name"), validators=[required(), max_length(255), no_markup], filters=[name_filter]
    )
    short_name = StringField(
        _l("Short name"), validators=[max_length(100), no_markup], filters=[name_filter]
    )
    kind = SelectField(
        _l("Kind of body"),
        choices=choices(OrganizationKind, blank=_l("— Choose a kind —")),
        validators=[required()],
        invalid_choice_message=CHOICE_MESSAGE,
    )
    level = SelectField(
        _l("Level"),
        choices=choices(GovernmentLevel, blank=_l("— Choose a level —")),
        validators=[required()],
        invalid_choice_message=CHOICE_MESSAGE,
    )
    unit = SelectField(
        _l("Administrative unit it serves"),
        invalid_choice_message=CHOICE_MESSAGE,
        description=_l(
            "Empty for a central body; otherwise the province, the district (old map) or the "
            "commune or ward (new map). For a commune-level body of the old map, choose its "
            "district and type the commune below."
        ),
    )
    commune = StringField(
        _l("Commune (for a commune-level body only)"),
        validators=[max_length(100), no_markup],
        filters=[name_filter],
        description=_l("The commune's name, e.g. Tản Lĩnh."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit.choices = unit_choices(_unit_id(self.unit.data))


class NewOrganizationForm(SubmissionMixin, OrganizationForm):
    pass
