"""How long a woman's personal data is kept: until her campaigns are over for a number of
months (``CAMPAIGN_RETENTION_MONTHS``, Law 91/2025/QH15 on personal data protection), then it is
anonymised (``beneficiaries.services.anonymise``). Her gifts stay, so that every count, quota
and printed total is what it was (docs/architecture.md, "Retention and erasure")."""

import calendar
import datetime as dt

import sqlalchemy as sa

from campaign.audit.services import Actor, erase_words
from campaign.beneficiaries.models import Beneficiary
from campaign.beneficiaries.services import anonymise
from campaign.campaigns.models import Campaign
from campaign.core.dates import local_midnight
from campaign.extensions import db
from campaign.gifts.models import GiftProgramme, Handover, Nomination
from campaign.places.models import AdministrativeUnit

BATCH = 500
"""Women anonymised in one set of statements."""


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` earlier (the month's last day when it has fewer days)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def holding_campaign_ids(cutoff: dt.date) -> list[int]:
    """The campaigns that still hold their women's data: not closed before ``cutoff``. A
    campaign closes when its reporting window ends (its end date and reporting days)."""
    return [
        campaign.id
        for campaign in db.session.execute(
            sa.select(Campaign.id, Campaign.end_date, Campaign.reporting_days)
        )
        if campaign.end_date + dt.timedelta(days=campaign.reporting_days) >= cutoff
    ]


def _held_by(campaign_ids: list[int]):
    """Women on a list of, or given a gift by, a programme of these campaigns."""
    programmes = sa.select(GiftProgramme.id).where(GiftProgramme.campaign_id.in_(campaign_ids))
    return sa.or_(
        sa.exists().where(Nomination.beneficiary_id == Beneficiary.id,
                          Nomination.programme_id.in_(programmes)),
        sa.exists().where(Handover.beneficiary_id == Beneficiary.id,
                          Handover.programme_id.in_(programmes)),
    )  # fmt: skip


def due_condition(today: dt.date, months: int):
    """Whose data is kept no longer: not anonymised yet, registered before the cut-off, and
    held by no campaign that closed after it (or is not over)."""
    cutoff = months_before(today, months)
    return sa.and_(
        Beneficiary.anonymised_at.is_(None),
        Beneficiary.created_at < local_midnight(cutoff),
        sa.not_(_held_by(holding_campaign_ids(cutoff))),
    )


def due(today: dt.date, months: int) -> sa.Select:
    """What the dry run lists, in id order: each woman due, her commune, when she was
    registered and the end of the last campaign that held her."""
    last_end = (
        sa.select(sa.func.max(Campaign.end_date))
        .join(GiftProgramme, GiftProgramme.campaign_id == Campaign.id)
        .join(Nomination, Nomination.programme_id == GiftProgramme.id)
        .where(Nomination.beneficiary_id == Beneficiary.id)
        .scalar_subquery()
    )
    return (
        sa.select(Beneficiary.id, AdministrativeUnit.full_name, Beneficiary.created_at, last_end)
        .join(AdministrativeUnit, AdministrativeUnit.id == Beneficiary.unit_id)
        .where(due_condition(today, months))
        .order_by(Beneficiary.id)
    )


def anonymise_due(actor: Actor, today: dt.date, months: int) -> int:
    """Anonymise every woman whose retention period is over, :data:`BATCH` at a time; each is
    audited. How many were."""
    condition = due_condition(today, months)
    summary = f"CAMPAIGN_RETENTION_MONTHS={months}"
    done, after = 0, 0
    while ids := db.session.scalars(
        sa.select(Beneficiary.id).where(condition, Beneficiary.id > after)
        .order_by(Beneficiary.id).limit(BATCH)
    ).all():  # fmt: skip
        done += anonymise(actor, list(ids), "anonymise", summary)
        after = ids[-1]
    return done


def erase_gift_words(women: sa.Select) -> None:
    """What gifts holds of anonymised women beyond her record: the names of those who received
    a gift for her, and the words of the audit entries about her nominations and gifts."""
    db.session.execute(
        sa.update(Handover)
        .where(Handover.beneficiary_id.in_(women), Handover.proxy_name.is_not(None))
        .values(proxy_name="")
        .execution_options(synchronize_session=False)
    )
    erase_words("handover", sa.select(Handover.id).where(Handover.beneficiary_id.in_(women)))
    erase_words("nomination",
                sa.select(Nomination.id).where(Nomination.beneficiary_id.in_(women)))  # fmt: skip
