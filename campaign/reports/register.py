"""The handover register of a gift programme: every gift recorded, who received it, when, in
person or by proxy, recorded by whom, and voided with what reason. Read-only: staff read and
print it; recording stays on the handover screen."""

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import aliased

from campaign.accounts.models import User
from campaign.beneficiaries.models import Beneficiary
from campaign.beneficiaries.privacy import anonymised_name, name_column
from campaign.beneficiaries.queries import in_scope
from campaign.core.dates import local_midnight
from campaign.core.documents import Column, Document, Kind, Sheet, Table
from campaign.core.formatting import date_text
from campaign.core.labels import label, labeller
from campaign.core.pagination import Order
from campaign.gifts.models import (
    GiftAllocation,
    GiftProgramme,
    Handover,
    HandoverStatus,
    Nomination,
    ReceiptMode,
)
from campaign.places.models import AdministrativeUnit
from campaign.reports.letterhead import issued_document
from campaign.reports.report import Report

ORDER = Order((Handover.id,))
"""The register's order: as the gifts were recorded."""

COLUMNS = (  # the widths add up to 100
    Column(_l("Record no."), Kind.YEAR, width=4),
    Column(_l("No. on the list"), Kind.YEAR, width=4),
    Column(_l("Full name"), width=13),
    Column(_l("Birth year"), Kind.YEAR, width=5),
    Column(_l("Commune/ward"), width=10),
    Column(_l("Share of"), width=9),
    Column(_l("Received at"), Kind.MOMENT, width=8),
    Column(_l("How received"), width=7),
    Column(_l("Received for her by"), width=10),
    Column(_l("Recorded by"), width=11),
    Column(_l("Status"), width=6),
    Column(_l("Reason voided"), width=9),
    Column(_l("Voided at"), Kind.MOMENT, width=4),
)


@dataclass(frozen=True)
class RegisterFilter:
    unit: AdministrativeUnit | None = None  # a share's unit
    since: dt.date | None = None
    until: dt.date | None = None
    status: HandoverStatus | None = None


def register_statement(programme: GiftProgramme, reader: User | None, wanted: RegisterFilter):
    """One row per gift recorded, in the reader's units, matching ``wanted``; unordered (the
    page adds :data:`ORDER` and its keyset, the export the whole order)."""
    commune, share_unit = aliased(AdministrativeUnit), aliased(AdministrativeUnit)
    recorder = aliased(User)
    statement = (
        sa.select(
            Handover.id, Nomination.list_number, name_column(), Beneficiary.birth_year,
            commune.full_name, share_unit.full_name, Handover.handed_over_at,
            Handover.receipt_mode, Handover.proxy_name, Handover.proxy_relationship,
            recorder.full_name, Handover.status, Handover.void_reason, Handover.voided_at,
        )
        .join(Beneficiary, Beneficiary.id == Handover.beneficiary_id)
        .join(commune, commune.id == Beneficiary.unit_id)
        .join(GiftAllocation, GiftAllocation.id == Handover.allocation_id)
        .join(share_unit, share_unit.id == GiftAllocation.unit_id)
        .outerjoin(recorder, recorder.id == Handover.recorded_by_id)
        .outerjoin(Nomination, sa.and_(Nomination.programme_id == Handover.programme_id,
                                       Nomination.beneficiary_id == Handover.beneficiary_id))
        .where(Handover.programme_id == programme.id)
    )  # fmt: skip
    if wanted.unit is not None:
        statement = statement.where(GiftAllocation.unit_id == wanted.unit.id)
    if wanted.since is not None:
        statement = statement.where(Handover.handed_over_at >= local_midnight(wanted.since))
    if wanted.until is not None:
        next_day = wanted.until + dt.timedelta(days=1)
        statement = statement.where(Handover.handed_over_at < local_midnight(next_day))
    if wanted.status is not None:
        statement = statement.where(Handover.status == wanted.status)
    return in_scope(statement, reader)


def register_rows() -> Callable[[Sequence[Any]], tuple]:
    """Fetched rows as the register shows them: codes as words (each translated once), the
    proxy with her relation; the status code stays after the columns (the document counts by
    it)."""
    named = labeller()

    def shape(row: Sequence[Any]) -> tuple:
        (record_no, number, name, year, commune, share, moment, mode, proxy, relationship,
         recorder, status, reason, voided_at) = row  # fmt: skip
        proxy_text = None
        if mode == ReceiptMode.PROXY:
            proxy_text = f"{proxy or anonymised_name()} ({relationship})"
        return (record_no, number, name, year, commune, share, moment, named(mode), proxy_text,
                recorder, named(status), reason, voided_at, status)  # fmt: skip

    return shape


def handover_register(
    programme: GiftProgramme, reader: User | None, wanted: RegisterFilter, signer: str | None
) -> Report:
    def document(rows: list[Sequence[Any]]) -> Document:
        given = sum(1 for row in rows if row[-1] == HandoverStatus.GIVEN)
        total = [""] * len(COLUMNS)
        total[2] = _("%(given)s given, %(voided)s voided", given=given, voided=len(rows) - given)
        return issued_document(
            programme.campaign, _("Gift handover register"),
            [Sheet([Table(COLUMNS, rows, total=total)])], code="SĐK", signer=signer,
            subtitles=[programme.name, *_filter_lines(wanted)], landscape=True,
        )  # fmt: skip

    return Report(
        name="handover-register",
        title=_("Gift handover register"),
        columns=COLUMNS,
        statement=register_statement(programme, reader, wanted).order_by(*ORDER.by()),
        shape=register_rows(),
        document=document,
        filename=f"handover-register-{programme.id}",
        filters={"programme": programme.id, "unit": wanted.unit.code if wanted.unit else None,
                 "since": wanted.since.isoformat() if wanted.since else None,
                 "until": wanted.until.isoformat() if wanted.until else None,
                 "status": wanted.status.value if wanted.status else None},
        entity_type="gift_programme",
        entity_id=programme.id,
    )


def _filter_lines(wanted: RegisterFilter) -> list[str]:
    """What the printed register is limited to, so that no one reads a part as the whole."""
    lines = []
    if wanted.unit is not None:
        lines.append(wanted.unit.full_name)
    if wanted.since or wanted.until:
        since, until = (date_text(day) or "…" for day in (wanted.since, wanted.until))
        lines.append(_("Received from %(since)s to %(until)s", since=since, until=until))
    if wanted.status is not None:
        lines.append(label(wanted.status))
    return lines
