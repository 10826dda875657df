"""A district's list of women, from a spreadsheet into the registry and onto a programme's list.

Every row is checked as the registration form checks one woman (``services``, ``identity``),
plus what only a file can get wrong: a row repeated inside the file, a commune written in a way
that matches none. :func:`analyse` says what would happen to each row, changing nothing;
:func:`import_rows` then registers the valid rows and proposes them for the programme, all in
one transaction or not at all.
"""

import re
from collections import Counter
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from campaign.accounts.models import User
from campaign.accounts.permissions import Permission, role_may
from campaign.accounts.scope import has_scope, scope_unit_ids, units_in_scope
from campaign.audit.services import Actor, record
from campaign.beneficiaries import services
from campaign.beneficiaries.identity import IdentityError, check_national_id, normalise_phone
from campaign.beneficiaries.models import Beneficiary, Circumstance, SpreadsheetUpload
from campaign.core.db import utcnow
from campaign.core.errors import DomainError
from campaign.core.forms import MARKUP, MIN_YEAR
from campaign.core.spreadsheet_reading import Sheet
from campaign.core.text import normalize_name, normalize_text, search_key
from campaign.extensions import db
from campaign.gifts import services as gift_services
from campaign.gifts.models import GiftProgramme
from campaign.labels import LABELS
from campaign.places.models import AdministrativeUnit
from campaign.places.queries import communes_in

COLUMNS: dict[str, tuple[str, ...]] = {
    "full_name": ("Họ và tên", "Họ tên", "Full name", "Name"),
    "birth_year": ("Năm sinh", "Birth year", "Year of birth"),
    "district": ("Quận/huyện", "Quận, huyện, thị xã", "Huyện", "Quận", "District"),
    "commune": (
        "Xã/phường",
        "Xã, phường, thị trấn",
        "Xã",
        "Phường",
        "Commune / ward",
        "Commune",
        "Ward",
    ),
    "address": ("Thôn, tổ dân phố", "Thôn/tổ dân phố", "Thôn, xóm", "Địa chỉ", "Village or street"),
    "phone": ("Số điện thoại", "Điện thoại", "SĐT", "Phone"),
    "national_id": ("Số CCCD", "Số căn cước", "CCCD", "Căn cước công dân", "Citizen ID number"),
    "circumstances": ("Hoàn cảnh", "Diện hoàn cảnh", "Circumstances"),
    "circumstance_note": ("Ghi chú hoàn cảnh", "Ghi chú", "Note on her circumstances", "Note"),
    "consent": ("Đồng ý cung cấp thông tin", "Đồng ý lưu thông tin", "Đồng ý", "Consent"),
}
REQUIRED_COLUMNS = ("full_name", "commune", "consent")
TEMPLATE_HEADERS = {
    "full_name": _l("Full name"),
    "birth_year": _l("Birth year"),
    "district": _l("District"),
    "commune": _l("Commune / ward"),
    "address": _l("Village or street"),
    "phone": _l("Phone"),
    "national_id": _l("Citizen ID number"),
    "circumstances": _l("Circumstances"),
    "circumstance_note": _l("Note on her circumstances"),
    "consent": _l("Consent"),
}
"""The template's headers, in the user's language; each is one of the accepted spellings."""
YES = ("x", "có", "yes", "y", "1", "true", "đồng ý", "đã đồng ý", "v")
TICKS = frozenset("✓✔☑")
LIST_SEPARATORS = re.compile(r"[,;\n]+")
NOT_WORDS = re.compile(r"[^a-z0-9]+")
PROGRESS_EVERY = 100
ABBREVIATED_TYPE = re.compile(r"^\s*(p|x|tt|q|h)\s*\.\s*", re.IGNORECASE)
"""P. (phường), X. (xã), TT. (thị trấn) before a commune's name."""
FULL_DATE = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-](\d{4})")


def _key(text: str) -> str:
    return NOT_WORDS.sub("", search_key(text))


YES_KEYS = frozenset(_key(word) for word in YES)


def _agreed(text: str) -> bool:
    """Whether the consent cell says yes: x, có, đồng ý, a tick mark; empty is no."""
    text = text.strip()
    return text in TICKS or (bool(_key(text)) and _key(text) in YES_KEYS)


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


@dataclass
class Analysis:
    rows: list[RowOutcome]
    missing_columns: list[str]

    @property
    def valid_rows(self) -> list[RowOutcome]:
        return [row for row in self.rows if row.valid]

    @property
    def rejected_rows(self) -> list[RowOutcome]:
        return [row for row in self.rows if not row.valid]

    @property
    def proposed_count(self) -> int:
        return sum(row.proposed for row in self.rows)

    @property
    def missing_headers(self) -> str:
        """The required columns the file lacks, by the template's headers."""
        return ", ".join(str(TEMPLATE_HEADERS[key]) for key in self.missing_columns)


class Communes:
    """The communes a row may name, found by name with or without type and diacritics."""

    def __init__(self, user: User | None, programme: GiftProgramme):
        areas = [[allocation.unit_id for allocation in programme.allocations]]
        if has_scope(user):
            areas.append(units_in_scope(user))
        self.by_name: dict[str, list[AdministrativeUnit]] = {}
        for commune in communes_in(*areas):
            for name in {commune.name, commune.full_name}:
                self.by_name.setdefault(_key(name), []).append(commune)

    def in_district(self, commune: AdministrativeUnit, district: str) -> bool:
        parent = commune.parent
        return parent is not None and _key(district) in {_key(parent.name), _key(parent.full_name)}

    def find(self, commune: str, district: str) -> list[AdministrativeUnit]:
        """By its name, with or without its type, also abbreviated (P. Ngô Quyền, TT. Tây Đằng)."""
        key = _key(commune)
        if key not in self.by_name:
            key = _key(ABBREVIATED_TYPE.sub("", commune))
        found = {c.id: c for c in self.by_name.get(key, [])}.values()
        if district.strip() and len(found) > 1:
            found = [c for c in found if self.in_district(c, district)]
        return list(found)


EXTRA_CIRCUMSTANCE_SPELLINGS = {
    "Người cao tuổi neo đơn": Circumstance.ELDERLY_ALONE,
    "Bệnh hiểm nghèo": Circumstance.SERIOUS_ILLNESS,
    "Nạn nhân bạo lực gia đình": Circumstance.SURVIVOR_OF_VIOLENCE,
    "Khác": Circumstance.OTHER,
}


def circumstance_names() -> dict[str, Circumstance]:
    """Each category by its name in Vietnamese or English, whatever the user's language."""
    names = {
        _key(spelling): category for spelling, category in EXTRA_CIRCUMSTANCE_SPELLINGS.items()
    }
    for locale in ("en", "vi"):
        with force_locale(locale):
            names.update({_key(str(LABELS[category])): category for category in Circumstance})
    return names


def analyse(
    user: User | None, programme: GiftProgramme, sheet: Sheet, progress=lambda count: None
) -> Analysis:
    """Check every row; nothing is written. ``user`` None is the command line: no district
    limit. ``progress`` is told how many rows were checked, every so often."""
    rows = [RowOutcome(row.number, row.values, list(row.problems)) for row in sheet.rows]
    missing = [key for key in REQUIRED_COLUMNS if key in sheet.missing_columns]
    if missing:
        return Analysis(rows, missing)
    checker = _RowChecker(user, programme)
    for index, row in enumerate(rows, start=1):
        checker.check(row)
        if index % PROGRESS_EVERY == 0:
            progress(PROGRESS_EVERY)
    progress(len(rows) % PROGRESS_EVERY)
    _find_duplicates(rows)
    _plan_proposals(programme, rows)
    return Analysis(rows, [])


class _RowChecker:
    def __init__(self, user: User | None, programme: GiftProgramme):
        self.communes = Communes(user, programme)
        self.scope = scope_unit_ids(user)
        self.sees_sensitive = user is None or role_may(
            user.role, Permission.SEE_SENSITIVE_CIRCUMSTANCES
        )
        self.this_year = utcnow().year
        self.circumstance_names = circumstance_names()

    def check(self, row: RowOutcome) -> None:
        values, problems = row.values, row.problems
        name = normalize_name(values.get("full_name", ""))
        if not name:
            problems.append(_("The name is missing."))
        elif len(name) > 150:
            problems.append(_("The name is longer than 150 characters."))
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
        if not _agreed(values.get("consent", "")):
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
        if not text:
            return None
        date = FULL_DATE.fullmatch(text)  # a birth date where the year was asked: keep its year
        year = date.group(1) if date else text
        if year.isascii() and year.isdigit() and MIN_YEAR <= int(year) <= self.this_year:
            return int(year)
        problems.append(_("“%(year)s” is not a birth year.", year=text))
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
                  commune=found[0].full_name, district=district.strip())
            )  # fmt: skip
            return None
        if len(found) > 1:
            problems.append(
                _("Several communes are called “%(name)s”; fill in the district column.",
                  name=text)
            )  # fmt: skip
            return None
        if not found:
            problems.append(
                _("“%(name)s” is not a commune of this programme's districts or of yours.",
                  name=text)
            )  # fmt: skip
            return None
        if self.scope is not None and found[0].id not in self.scope:
            problems.append(_("%(unit)s is not one of your districts.", unit=found[0].full_name))
            return None
        return found[0]

    def _circumstances(self, text: str, problems: list[str]) -> set[Circumstance]:
        categories = set()
        for part in LIST_SEPARATORS.split(text):
            if not part.strip():
                continue
            category = self.circumstance_names.get(_key(part))
            if category is None:
                problems.append(_("“%(text)s” is not one of the circumstances.", text=part.strip()))
            elif category.sensitive and not self.sees_sensitive:
                problems.append(
                    _("Only organizers may record the category “%(name)s”.",
                      name=LABELS[category])
                )  # fmt: skip
            else:
                categories.add(category)
        return categories


def claim_upload(upload: SpreadsheetUpload) -> bool:
    """Take the upload off the waiting list for this transaction; False when another request
    took it first. Of two at once, PostgreSQL's row lock makes the second wait for the first and
    then delete nothing; SQLite's write lock lets it in only after, when the row is gone. A
    refusal later rolls the deletion back, and the upload waits again."""
    deleted = db.session.execute(
        sa.delete(SpreadsheetUpload)
        .where(SpreadsheetUpload.id == upload.id)
        .execution_options(synchronize_session=False)
    )
    return deleted.rowcount == 1


def _identity(details: services.BeneficiaryDetails) -> tuple:
    return services.same_name(details.full_name), details.birth_year, details.unit.id


def _find_duplicates(rows: list[RowOutcome]) -> None:
    """Rows repeating an earlier row, and rows of women already registered."""
    first_row: dict[tuple, int] = {}
    first_id_row: dict[str, int] = {}
    for row in rows:
        if row.details is None:
            continue
        identity = _identity(row.details)
        earlier = first_row.setdefault(identity, row.number)
        if earlier != row.number:
            row.problems.append(_("The same woman as row %(row)s.", row=earlier))
        national_id = row.details.national_id
        if national_id:
            earlier = first_id_row.setdefault(national_id, row.number)
            if earlier != row.number:
                row.problems.append(_("The same citizen ID number as row %(row)s.", row=earlier))
    checked = [row for row in rows if row.details is not None]
    registered = _registered_identities(checked)
    taken = _registered_national_ids(checked)
    for row in checked:
        if _identity(row.details) in registered:
            row.problems.append(
                _("Already registered: %(name)s, born %(year)s, %(unit)s (record %(id)s).",
                  name=row.details.full_name, year=row.details.birth_year or "—",
                  unit=row.details.unit.full_name, id=registered[_identity(row.details)])
            )  # fmt: skip
        if row.details.national_id in taken:
            row.problems.append(_("A woman with this citizen ID number is already registered."))
    for row in rows:
        if row.problems:
            row.details = None


def _chunks(values: list, size: int = 500):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _registered_identities(rows: list[RowOutcome]) -> dict[tuple, int]:
    keys = sorted({search_key(row.details.full_name) for row in rows})
    units = {row.details.unit.id for row in rows}
    found = {}
    for chunk in _chunks(keys):
        for beneficiary in db.session.execute(
            sa.select(
                Beneficiary.id, Beneficiary.full_name, Beneficiary.birth_year, Beneficiary.unit_id
            ).where(Beneficiary.search_key.in_(chunk), Beneficiary.unit_id.in_(units))
        ):
            identity = (
                services.same_name(beneficiary.full_name),
                beneficiary.birth_year,
                beneficiary.unit_id,
            )
            found.setdefault(identity, beneficiary.id)
    return found


def _registered_national_ids(rows: list[RowOutcome]) -> set[str]:
    numbers = sorted({row.details.national_id for row in rows if row.details.national_id})
    taken = set()
    for chunk in _chunks(numbers):
        taken.update(
            db.session.scalars(
                sa.select(Beneficiary.national_id).where(Beneficiary.national_id.in_(chunk))
            )
        )
    return taken


def _plan_proposals(programme: GiftProgramme, rows: list[RowOutcome]) -> None:
    """Valid rows are proposed for the programme while their district's share has room."""
    taken = gift_services.nominated_counts(programme.id)
    room = Counter({a.id: a.quota - taken[a.id] for a in programme.allocations})
    for row in rows:
        if row.details is None:
            continue
        allocation = gift_services.allocation_for(programme, row.details.unit)
        if allocation is None:
            row.warnings.append(
                _("Not proposed: %(unit)s has no share of this programme.",
                  unit=row.details.unit.full_name)
            )  # fmt: skip
        elif room[allocation.id] > 0:
            room[allocation.id] -= 1
            row.proposed = True
        else:
            row.warnings.append(
                _("Not proposed: the share of %(unit)s is full.", unit=allocation.unit.full_name)
            )


@dataclass(frozen=True)
class ImportResult:
    registered: int
    proposed: int
    rejected: int


def import_rows(
    actor: Actor,
    user: User | None,
    programme: GiftProgramme,
    analysis: Analysis,
    filename: str,
    consent_by: User | None = None,
) -> ImportResult:
    """Register every valid row and propose those with room, in the caller's one transaction.
    ``user`` proposes them (None: the command line); ``consent_by`` collected the women's
    consent (by default ``user``)."""
    if analysis.missing_columns or not analysis.valid_rows:
        raise DomainError("nothing_to_import", _("The file has no valid row to import."), 422)
    valid = analysis.valid_rows
    try:
        ids = services.register_many(actor, consent_by or user, [row.details for row in valid])
    except DomainError as error:
        raise DomainError(
            "changed_meanwhile",
            _("Someone registered one of these women while you were looking at the preview."
              " Check the file again."),
        ) from error  # fmt: skip
    proposed_ids = [beneficiary_id for beneficiary_id, row in zip(ids, valid, strict=True)
                    if row.proposed]  # fmt: skip
    if proposed_ids:
        gift_services.nominate(actor, user, programme, _women(proposed_ids))
    summary = _("%(file)s: %(registered)s registered, %(proposed)s proposed, %(rejected)s rejected",
                file=filename, registered=len(ids), proposed=len(proposed_ids),
                rejected=len(analysis.rejected_rows))  # fmt: skip
    record(actor, "import", "gift_programme", programme.id, summary)
    return ImportResult(len(ids), len(proposed_ids), len(analysis.rejected_rows))


def _women(ids: list[int]) -> list[Beneficiary]:
    """The women just registered, in the order of ``ids``, with their communes."""
    found = {}
    for chunk in _chunks(ids):
        found.update(
            (woman.id, woman)
            for woman in db.session.scalars(
                sa.select(Beneficiary)
                .where(Beneficiary.id.in_(chunk))
                .options(joinedload(Beneficiary.unit))
            )
        )
    return [found[beneficiary_id] for beneficiary_id in ids]
