"""One row of a district's list, checked as the registration form checks one woman
(``beneficiaries.services``, ``beneficiaries.identity``), plus what only a file can get wrong: a
commune written in a way that matches none, words instead of the categories."""

import re
from dataclasses import dataclass, field

from flask_babel import gettext as _

from campaign.accounts.models import User
from campaign.accounts.permissions import Permission, role_may
from campaign.accounts.scope import has_scope, scope_unit_ids, units_in_scope
from campaign.beneficiaries import services
from campaign.beneficiaries.identity import IdentityError, check_national_id, normalise_phone
from campaign.beneficiaries.models import Circumstance
from campaign.core.dates import parse_birth_year
from campaign.core.forms import FORMULA_NAME_MESSAGE, MARKUP
from campaign.core.text import excerpt, looks_like_formula, normalize_name, normalize_text
from campaign.gifts.import_vocabulary import agreed, circumstance_named, key
from campaign.gifts.models import GiftProgramme
from campaign.places.models import AdministrativeUnit
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
    """The communes a row may name, found by name with or without type and diacritics."""

    def __init__(self, user: User | None, programme: GiftProgramme):
        areas = [[allocation.unit_id for allocation in programme.allocations]]
        if has_scope(user):
            areas.append(units_in_scope(user))
        self.by_name: dict[str, list[AdministrativeUnit]] = {}
        for commune in communes_in(*areas):
            for name in {commune.name, commune.full_name}:
                self.by_name.setdefault(key(name), []).append(commune)

    def in_district(self, commune: AdministrativeUnit, district: str) -> bool:
        parent = commune.parent
        return parent is not None and key(district) in {key(parent.name), key(parent.full_name)}

    def find(self, commune: str, district: str) -> list[AdministrativeUnit]:
        """By its name, with or without its type, also abbreviated (P. Ngô Quyền, TT. Tây Đằng)."""
        name = key(commune)
        if name not in self.by_name:
            name = key(ABBREVIATED_TYPE.sub("", commune))
        found = {c.id: c for c in self.by_name.get(name, [])}.values()
        if district.strip() and len(found) > 1:
            found = [c for c in found if self.in_district(c, district)]
        return list(found)


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
        unit = self._commune(
            values.get("commune", "").strip(), values.get("district", ""), problems
        )
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

    def _commune(self, text: str, district: str, problems: list[str]):
        if not text:
            problems.append(_("The commune or ward is missing."))
            return None
        found = self.communes.find(text, district)
        if (
            district.strip()
            and len(found) == 1
            and not self.communes.in_district(found[0], district)
        ):
            problems.append(
                _("%(commune)s is not in “%(district)s”; check the district column.",
                  commune=found[0].full_name, district=excerpt(district.strip()))
            )  # fmt: skip
            return None
        if len(found) > 1:
            problems.append(
                _("Several communes are called “%(name)s”; fill in the district column.",
                  name=excerpt(text))
            )  # fmt: skip
            return None
        if not found:
            problems.append(
                _("“%(name)s” is not a commune of this programme's districts or of yours.",
                  name=excerpt(text))
            )  # fmt: skip
            return None
        if self.scope is not None and found[0].id not in self.scope:
            problems.append(_("%(unit)s is outside your scope.", unit=found[0].full_name))
            return None
        return found[0]

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
