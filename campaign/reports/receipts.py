"""The receipt list ("Danh sách ký nhận quà") of a gift programme: before the ceremony, the
approved nominees in list-number order with a blank column to sign; after it, who received,
when, and who received for her. Never a circumstance, never an ID number."""

import itertools
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import aliased

from campaign.accounts.models import User
from campaign.beneficiaries.models import Beneficiary
from campaign.beneficiaries.privacy import anonymised_name, name_column
from campaign.beneficiaries.queries import in_scope
from campaign.core.documents import Column, Document, Kind, Sheet, Table
from campaign.core.formatting import number_text
from campaign.core.labels import labeller
from campaign.core.money import amount_in_words, money_text
from campaign.gifts.models import (
    GiftAllocation,
    GiftProgramme,
    Handover,
    HandoverStatus,
    Nomination,
    NominationStatus,
    ReceiptMode,
)
from campaign.places.models import AdministrativeUnit
from campaign.reports.letterhead import issued_document
from campaign.reports.report import Report

BEFORE, AFTER = "before", "after"

COLUMNS = {  # the widths of each add up to 100
    BEFORE: (Column(_l("No."), Kind.YEAR, width=7), Column(_l("Full name"), width=24),
             Column(_l("Birth year"), Kind.YEAR, width=8),
             Column(_l("Commune/ward"), width=15),
             Column(_l("Village/residential group"), width=12),
             Column(_l("Gift value"), Kind.MONEY, width=11),
             Column(_l("Signature"), Kind.SIGNATURE, width=14), Column(_l("Notes"), width=9)),
    AFTER: (Column(_l("No."), Kind.YEAR, width=5), Column(_l("Full name"), width=20),
            Column(_l("Birth year"), Kind.YEAR, width=7),
            Column(_l("Commune/ward"), width=14),
            Column(_l("Village/residential group"), width=12),
            Column(_l("Gift value"), Kind.MONEY, width=10),
            Column(_l("Received at"), Kind.MOMENT, width=11),
            Column(_l("Received by"), width=14), Column(_l("Notes"), width=7)),
}  # fmt: skip


def _statement(programme: GiftProgramme, reader: User | None, unit_id: int | None, by_unit: bool):
    """One row per approved nominee: her line, her share's unit, her gift if she has it."""
    commune, share_unit = aliased(AdministrativeUnit), aliased(AdministrativeUnit)
    given = aliased(Handover)
    statement = (
        sa.select(
            Nomination.list_number, name_column(), Beneficiary.birth_year,
            commune.full_name, Beneficiary.address, share_unit.full_name,
            given.handed_over_at, given.receipt_mode, given.proxy_name, given.proxy_relationship,
        )
        .join(Beneficiary, Beneficiary.id == Nomination.beneficiary_id)
        .join(commune, commune.id == Beneficiary.unit_id)
        .join(GiftAllocation, GiftAllocation.id == Nomination.allocation_id)
        .join(share_unit, share_unit.id == GiftAllocation.unit_id)
        .outerjoin(given, sa.and_(
            given.programme_id == Nomination.programme_id,
            given.beneficiary_id == Nomination.beneficiary_id,
            given.status == HandoverStatus.GIVEN,
        ))
        .where(Nomination.programme_id == programme.id,
               Nomination.status == NominationStatus.APPROVED)
    )  # fmt: skip
    if unit_id is not None:
        statement = statement.where(GiftAllocation.unit_id == unit_id)
    order = [Nomination.list_number, Nomination.id]
    if by_unit:
        order = [share_unit.sort_key, share_unit.id, *order]
    return in_scope(statement, reader).order_by(*order)


def _received_by(mode: ReceiptMode | None, proxy_name: str | None, relationship: str | None,
                 named) -> str | None:  # fmt: skip
    if mode is ReceiptMode.PROXY:
        return _("%(name)s (%(relationship)s), for her", name=proxy_name or anonymised_name(),
                 relationship=relationship)
    return named(mode)


def receipt_list(
    programme: GiftProgramme,
    reader: User | None,
    *,
    stage: str = BEFORE,
    unit: AdministrativeUnit | None = None,
    by_unit: bool = False,
    signer: str | None = None,
) -> Report:
    """The programme's receipt list for the reader's units, or one share's unit; ``by_unit``
    starts each unit on a new page with its own letterhead, total and signatures."""
    value, named, not_received = programme.unit_value, labeller(), _("Not received")

    def shape(row: Sequence[Any]) -> tuple:
        number, name, year, commune, village, share, moment, mode, proxy, relationship = row
        if stage == BEFORE:
            return number, name, year, commune, village, value, None, None, share, True
        received = moment is not None
        return (number, name, year, commune, village, value, moment,
                _received_by(mode, proxy, relationship, named),
                None if received else not_received, share, received)  # fmt: skip

    def document(rows: list[Sequence[Any]]) -> Document:
        return _receipt_document(programme, stage, rows, by_unit, signer)

    return Report(
        name="receipt-list",
        title=_("Gift receipt list"),
        columns=COLUMNS[stage],
        statement=_statement(programme, reader, unit.id if unit else None, by_unit),
        shape=shape,
        document=document,
        filename=f"receipt-list-{programme.id}-{stage}" + (f"-{unit.code}" if unit else ""),
        filters={"programme": programme.id, "stage": stage, "unit": unit.code if unit else None,
                 "by_unit": by_unit},
        entity_type="gift_programme",
        entity_id=programme.id,
    )


def _total(programme: GiftProgramme, stage: str, rows: list[Sequence[Any]]) -> Table:
    """A unit's (or the whole list's) table with its total line and the amount in words."""
    counted = sum(1 for row in rows if row[-1])
    columns = COLUMNS[stage]
    total = [""] * len(columns)
    total[1] = _("Total: %(count)s gifts", count=number_text(counted))
    after = []
    if programme.unit_value is not None:
        amount = counted * programme.unit_value
        total[5] = money_text(amount)
        after.append(_("In words: %(words)s.", words=amount_in_words(amount)))
    else:
        after.append(_("The value of a gift is not stated for this programme."))
    return Table(columns, rows, total=total, after=after)


def _receipt_document(
    programme: GiftProgramme, stage: str, rows: list[Sequence[Any]], by_unit: bool, signer
) -> Document:
    if by_unit and rows:
        sheets = [
            Sheet([_total(programme, stage, list(unit_rows))], heading=share)
            for share, unit_rows in itertools.groupby(rows, key=lambda row: row[-2])
        ]
    else:
        sheets = [Sheet([_total(programme, stage, rows)])]
    subtitles = [programme.name]
    if programme.package_description:
        subtitles.append(programme.package_description)
    if stage == AFTER:
        subtitles.append(_("Gifts received"))
    return issued_document(
        programme.campaign, _("Gift receipt list"), sheets, signer=signer, subtitles=subtitles,
        landscape=stage == AFTER, closing_each_sheet=by_unit,
    )
