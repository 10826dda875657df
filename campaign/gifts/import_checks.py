"""One row of a list of women, checked as the registration form checks one woman
(``beneficiaries.services``, ``beneficiaries.identity``), plus what only a file can get wrong: a
commune written in a way that matches none, words instead of the categories."""

import re
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from campaign.accounts.models import User
from campaign.accounts.permissions import Permission, role_may
from campaign.accounts.scope import has_scope, scope_unit_ids, units_in_scope
from campaign.beneficiaries import services
from campaign.beneficiaries.identity import IdentityError, check_national_id, normalise_phone
from campaign.beneficiaries.models import Circumstance
from campaign.core.dates import parse_birth_year
from campaign.core.forms import FORMULA_NAME_MESSAGE, MARKUP
from campaign.core.text import excerpt, looks_like_formula, normalize_name, normalize_text
from campaign.extensions import db
from campaign.gifts.import_vocabulary import (
    AREA_COLUMN,
    agreed,
    circumstance_named,
    key,
    template_headers,
)
from campaign.gifts.models import GiftProgramme
from campaign.places.maps import words, wrong_map
from campaign.places.models import AdministrativeUnit, UnitSuccession
from campaign.places.queries import communes_in

LIST_SEPARATORS = re.compile(r"[,;\n]+")
ABBREVIATED_TYPE = re.compile(r"^\s*(p|x|tt|q|h)\s*\.\s*", re.IGNORECASE)
"""P. (phường), X. (xã), TT. (thị trấn) before a commune's name."""


@dataclass
class RowOutcome:
    """What the import does with one row: registers her (and proposes her), or rejects it."""

    number: int
    values: dict[str, str]
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    details: services.BeneficiaryDetails | None = None
    proposed: bool = False

    @property
    def valid(self) -> bool:
        return not self.problems


class Communes:
    """The communes a row may name — those of the programme's shares and of the user's scope —
    found by name with or without type and diacritics; and, to say which map a name belongs
    to, the units of the other map that the succession links to them."""

    def __init__(self, user: User | None, programme: GiftProgramme):
        self.scheme = programme.campaign.scheme
        areas = [[allocation.unit_id for allocation in programme.allocations]]
        if has_scope(user):
            areas.append(units_in_scope(user))
        communes = communes_in(*areas)
        self.by_name = _by_name(communes)
        self.other_map = _by_name(
            unit for unit in linked_across_the_reform([c.id for c in communes])
            if unit.scheme != self.scheme
        )  # fmt: skip

    def in_area(self, commune: AdministrativeUnit, area: str) -> bool:
        """Whether the commune lies in the unit ``area`` names (its district or province)."""
        parent = commune.parent
        return parent is not None and key(area) in {key(parent.name), key(parent.full_name)}

    def find(self, commune: str, area: str) -> list[AdministrativeUnit]:
        """By its name, with or without its type, also abbreviated (P. Ngô Quyền, TT. Tây Đằng);
        ``area`` (the district, or the province on the new map) tells apart namesakes."""
        found = _named(self.by_name, commune)
        if area.strip() and len(found) > 1:
            found = [c for c in found if self.in_area(c, area)]
        return found

    def on_the_other_map(self, commune: str) -> AdministrativeUnit | None:
        """A unit of the other map called so, that the succession links to these communes."""
        found = _named(self.other_map, commune)
        return found[0] if found else None


def _by_name(units) -> dict[str, list[AdministrativeUnit]]:
    by_name: dict[str, list[AdministrativeUnit]] = {}
    for unit in units:
        for name in {unit.name, unit.full_name}:
            by_name.setdefault(key(name), []).append(unit)
    return by_name


def _named(by_name: dict, commune: str) -> list[AdministrativeUnit]:
    name = key(commune)
    if name not in by_name:
        name = key(ABBREVIATED_TYPE.sub("", commune))
    return list({c.id: c for c in by_name.get(name, [])}.values())


def linked_across_the_reform(unit_ids: list[int]) -> list[AdministrativeUnit]:
    """The units the succession links to these (the old communes a new one took over, the new
    ones that took over an old one), with their parents."""
    linked = sa.union(
        sa.select(UnitSuccession.new_unit_id).where(UnitSuccession.old_unit_id.in_(unit_ids)),
        sa.select(UnitSuccession.old_unit_id).where(UnitSuccession.new_unit_id.in_(unit_ids)),
    )
    return list(
        db.session.scalars(
            sa.select(AdministrativeUnit)
            .where(AdministrativeUnit.id.in_(linked))
            .options(joinedload(AdministrativeUnit.parent))
        )
    )


class RowChecker:
    """Checks rows one by one for a user (None: the command line) and a programme."""

    def __init__(self, user: User | None, programme: GiftProgramme):
        self.communes = Communes(user, programme)
        self.scope = scope_unit_ids(user)
        self.sees_sensitive = user is None or role_may(
            user.role, Permission.SEE_SENSITIVE_CIRCUMSTANCES
        )

    def check(self, row: RowOutcome) -> None:
        values, problems = row.values, row.problems
        name = normalize_name(values.get("full_name", ""))
        if not name:
            problems.append(_("The name is missing."))
        elif len(name) > 150:
            problems.append(_("The name is longer than 150 characters."))
        elif looks_like_formula(name):
            problems.append(str(FORMULA_NAME_MESSAGE))
        year = self._year(values.get("birth_year", "").strip(), problems)
        unit = self._commune(values.get("commune", "").strip(), values, problems)
        phone = national_id = None
        if values.get("phone"):
            try:
                phone = normalise_phone(values["phone"])
            except IdentityError as error:
                problems.append(str(error))
        if values.get("national_id"):
            try:
                checked = check_national_id(values["national_id"], year)
                national_id = checked.number
                row.warnings.extend(checked.warnings)
            except IdentityError as error:
                problems.append(str(error))
        categories = self._circumstances(values.get("circumstances", ""), problems)
        if not agreed(values.get("consent", "")):
            problems.append(_("Her agreement is not recorded (write “x” in the consent column)."))
        address = normalize_text(values.get("address")) or None
        note = normalize_text(values.get("circumstance_note")) or None
        if address and len(address) > 255:
            problems.append(_("The village or street is longer than 255 characters."))
        if note and len(note) > 2000:
            problems.append(_("The note is longer than 2,000 characters."))
        if any(MARKUP.search(text) for text in (name, address, note) if text):
            problems.append(_("Write plain text, without HTML tags (< … >)."))
        if not problems:
            row.details = services.BeneficiaryDetails(
                full_name=name, birth_year=year, unit=unit, address=address, phone=phone,
                national_id=national_id, circumstances=frozenset(categories),
                circumstance_note=note,
                nominating_organization=None,
            )  # fmt: skip

    def _year(self, text: str, problems: list[str]) -> int | None:
        try:
            return parse_birth_year(text)
        except ValueError as error:
            problems.append(str(error))
            return None

    def _commune(self, text: str, values: dict[str, str], problems: list[str]):
        if not text:
            problems.append(_("The commune or ward is missing."))
            return None
        column = AREA_COLUMN[self.communes.scheme]
        area = values.get(column, "")
        found = self.communes.find(text, area)
        header = template_headers(self.communes.scheme)[column]
        if area.strip() and len(found) == 1 and not self.communes.in_area(found[0], area):
            problems.append(
                _("%(commune)s is not in “%(area)s”; check the column “%(column)s”.",
                  commune=found[0].full_name, area=excerpt(area.strip()), column=header)
            )  # fmt: skip
            return None
        if len(found) > 1:
            problems.append(
                _("Several communes are called “%(name)s”; fill in the column “%(column)s”.",
                  name=excerpt(text), column=header)
            )  # fmt: skip
            return None
        if not found:
            problems.append(self._not_found(text))
            return None
        if found[0].scheme != self.communes.scheme:
            problems.append(wrong_map(found[0], self.communes.scheme).message)
            return None
        if self.scope is not None and found[0].id not in self.scope:
            problems.append(_("%(unit)s is outside your area.", unit=found[0].full_name))
            return None
        return found[0]

    def _not_found(self, text: str) -> str:
        """Why a name matches none: a unit of the other map, or none of the shares."""
        elsewhere = self.communes.on_the_other_map(text)
        if elsewhere is not None:
            return wrong_map(elsewhere, self.communes.scheme).message
        return _(
            "“%(name)s” is not a commune or ward of this programme's shares or of your area"
            " on %(map)s.",
            name=excerpt(text),
            map=words(self.communes.scheme).map_name,
        )

    def _circumstances(self, text: str, problems: list[str]) -> set[Circumstance]:
        categories = set()
        for part in LIST_SEPARATORS.split(text):
            if not part.strip():
                continue
            category = circumstance_named(part)
            written = excerpt(part.strip())
            if category is None:
                problems.append(_("“%(text)s” is not one of the circumstances.", text=written))
            elif category.sensitive and not self.sees_sensitive:
                problems.append(
                    _("Only organizers may record the category “%(name)s”.", name=written)
                )
            else:
                categories.add(category)
        return categories
