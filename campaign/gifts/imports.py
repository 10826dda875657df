"""A list of women, from a spreadsheet into the registry and onto a programme's list.

Every row is checked (``import_checks``) against the words of ``import_vocabulary``, then
against the other rows and the registry (``import_duplicates``). :func:`analyse` says what would
happen to each row, changing nothing; :func:`import_rows` then registers the valid rows and
proposes them for the programme, all in one transaction or not at all.
"""

from collections import Counter
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from campaign.accounts.models import User
from campaign.audit.services import Actor, record
from campaign.beneficiaries import services
from campaign.beneficiaries.models import Beneficiary
from campaign.core.errors import DomainError
from campaign.core.spreadsheet_reading import Sheet
from campaign.extensions import db
from campaign.gifts import nominations, shares
from campaign.gifts.import_checks import RowChecker, RowOutcome
from campaign.gifts.import_duplicates import chunks, find_duplicates
from campaign.gifts.import_vocabulary import REQUIRED_COLUMNS, template_headers
from campaign.gifts.models import GiftProgramme

PROGRESS_EVERY = 100


@dataclass
class Analysis:
    rows: list[RowOutcome]
    missing_columns: list[str]
    headers: dict[str, object]  # the template's, for the programme's map

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
        return ", ".join(str(self.headers[key]) for key in self.missing_columns)


def analyse(
    user: User | None, programme: GiftProgramme, sheet: Sheet, progress=lambda count: None
) -> Analysis:
    """Check every row; nothing is written. ``user`` None is the command line: no limit of
    scope. ``progress`` is told how many rows were checked, every so often."""
    rows = [RowOutcome(row.number, row.values, list(row.problems)) for row in sheet.rows]
    headers = template_headers(programme.campaign.scheme)
    missing = [key for key in REQUIRED_COLUMNS if key in sheet.missing_columns]
    if missing:
        return Analysis(rows, missing, headers)
    checker = RowChecker(user, programme)
    for index, row in enumerate(rows, start=1):
        checker.check(row)
        if index % PROGRESS_EVERY == 0:
            progress(PROGRESS_EVERY)
    progress(len(rows) % PROGRESS_EVERY)
    find_duplicates(rows)
    _plan_proposals(programme, rows)
    return Analysis(rows, [], headers)


def _plan_proposals(programme: GiftProgramme, rows: list[RowOutcome]) -> None:
    """Valid rows are proposed for the programme while their share has room."""
    taken = shares.nominated_counts(programme.id)
    room = Counter({a.id: a.quota - taken[a.id] for a in programme.allocations})
    for row in rows:
        if row.details is None:
            continue
        allocation = shares.allocation_for(programme, row.details.unit)
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
        nominations.nominate(actor, user, programme, _women(proposed_ids))
    summary = _("%(file)s: %(registered)s registered, %(proposed)s proposed, %(rejected)s rejected",
                file=filename, registered=len(ids), proposed=len(proposed_ids),
                rejected=len(analysis.rejected_rows))  # fmt: skip
    record(actor, "import", "gift_programme", programme.id, summary)
    return ImportResult(len(ids), len(proposed_ids), len(analysis.rejected_rows))


def _women(ids: list[int]) -> list[Beneficiary]:
    """The women just registered, in the order of ``ids``, with their communes."""
    found = {}
    for chunk in chunks(ids):
        found.update(
            (woman.id, woman)
            for woman in db.session.scalars(
                sa.select(Beneficiary)
                .where(Beneficiary.id.in_(chunk))
                .options(joinedload(Beneficiary.unit))
            )
        )
    return [found[beneficiary_id] for beneficiary_id in ids]
