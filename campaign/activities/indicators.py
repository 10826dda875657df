"""A campaign's indicators: defined by the organizer or added from the national strategy's set,
actuals recorded with a date and a source or filled by a figure the application already holds,
and each read against its target and beside last year's value (docs/architecture.md,
"Indicators")."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from campaign.activities.models import (
    CURRENT_REPORT_STATUSES,
    Activity,
    ActivityKind,
    Measure,
    ProgressFigure,
    ProgressReport,
)
from campaign.audit.services import Actor, changes, record
from campaign.beneficiaries.models import Circumstance
from campaign.beneficiaries.privacy import circulated_count
from campaign.campaigns.models import (
    Campaign,
    CampaignIndicator,
    IndicatorActual,
    IndicatorAssessment,
    IndicatorKind,
    LinkedFigure,
)
from campaign.campaigns.services import ensure_open
from campaign.core.errors import DomainError
from campaign.extensions import db
from campaign.gifts.models import GiftProgramme
from campaign.places.models import UnitSuccession


@dataclass(frozen=True)
class Definition:
    """What the indicator form says, already checked for types and lengths."""

    name: str
    kind: IndicatorKind
    measure_unit: str | None = None
    numerator: str | None = None
    denominator: str | None = None
    period: str | None = None
    baseline: Decimal | None = None
    target: Decimal | None = None
    linked_figure: LinkedFigure | None = None
    note: str | None = None
    code: str | None = None


LINKED_KINDS = {
    LinkedFigure.GIFTS_GIVEN: IndicatorKind.PERCENTAGE,
    LinkedFigure.TRAINING_PARTICIPANTS: IndicatorKind.COUNT,
    LinkedFigure.SAFE_VILLAGE_COMMUNES: IndicatorKind.COUNT,
    LinkedFigure.VICTIMS_SUPPORTED: IndicatorKind.COUNT,
}
"""What each figure the application holds is: gifts given over the quota is a share."""


@dataclass(frozen=True)
class StrategyIndicator:
    code: str
    name: str
    numerator: str
    denominator: str
    target_2025: int
    target_2030: int


RESOLUTION_28 = (
    StrategyIndicator(
        "NQ28-support-victims",
        "Tỷ lệ người bị bạo lực gia đình, bạo lực trên cơ sở giới được phát hiện được tiếp cận"
        " ít nhất một trong các dịch vụ hỗ trợ cơ bản",
        "Người bị bạo lực được tiếp cận ít nhất một dịch vụ hỗ trợ cơ bản",
        "Người bị bạo lực gia đình, bạo lực trên cơ sở giới được phát hiện", 80, 90,
    ),
    StrategyIndicator(
        "NQ28-assistance-facilities",
        "Tỷ lệ cơ sở trợ giúp xã hội công lập tổ chức triển khai các hoạt động hỗ trợ, tư vấn"
        " phòng ngừa, ứng phó với bạo lực trên cơ sở giới",
        "Cơ sở trợ giúp xã hội công lập có hoạt động hỗ trợ, tư vấn",
        "Cơ sở trợ giúp xã hội công lập", 70, 100,
    ),
    StrategyIndicator(
        "NQ28-counselled-perpetrators",
        "Tỷ lệ người gây bạo lực gia đình, bạo lực trên cơ sở giới được phát hiện được tư vấn",
        "Người gây bạo lực được tư vấn", "Người gây bạo lực được phát hiện", 50, 70,
    ),
)
"""The national strategy's indicators on violence (Resolution 28/NQ-CP of 03/03/2021, the
National Strategy for Gender Equality 2021–2030), with their targets for 2025 and 2030; stored
in Vietnamese, as the documents that report them are written."""


def _name_taken() -> DomainError:
    return DomainError("name_taken", _("This campaign already has an indicator of that name."))


def _check(definition: Definition) -> None:
    for value in (definition.baseline, definition.target):
        if value is not None and value < 0:
            raise DomainError("negative", _("Baselines and targets are 0 or more."), 422)
    share = definition.kind == IndicatorKind.PERCENTAGE
    if share and definition.target is not None and definition.target > 100:
        raise DomainError("over_100", _("A share's target is at most 100%."), 422)
    linked = definition.linked_figure
    if linked is not None and LINKED_KINDS[linked] != definition.kind:
        raise DomainError(
            "kind_of_figure", _("This figure is a count; choose the kind that matches it.")
            if LINKED_KINDS[linked] == IndicatorKind.COUNT
            else _("This figure is a share; choose the kind that matches it."), 422,
        )  # fmt: skip


def _snapshot(indicator: CampaignIndicator) -> dict:
    return {
        "name": indicator.name, "kind": indicator.kind.value if indicator.kind else None,
        "target": str(indicator.target_value) if indicator.target_value is not None else None,
        "baseline": str(indicator.baseline_value)
        if indicator.baseline_value is not None else None,
        "linked_figure": indicator.linked_figure.value if indicator.linked_figure else None,
        "period": indicator.period,
    }  # fmt: skip


def _apply(indicator: CampaignIndicator, definition: Definition) -> None:
    indicator.name, indicator.kind = definition.name, definition.kind
    indicator.measure_unit = "%" if definition.kind == IndicatorKind.PERCENTAGE else (
        definition.measure_unit)  # fmt: skip
    indicator.numerator, indicator.denominator = definition.numerator, definition.denominator
    indicator.period, indicator.note = definition.period, definition.note
    indicator.baseline_value, indicator.target_value = definition.baseline, definition.target
    indicator.linked_figure = definition.linked_figure
    if definition.code is not None:
        indicator.code = definition.code


def _flush_unique() -> None:
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:
        raise _name_taken() from None


def define_indicator(actor: Actor, campaign: Campaign, definition: Definition):
    ensure_open(campaign)
    _check(definition)
    position = db.session.scalar(
        sa.select(sa.func.coalesce(sa.func.max(CampaignIndicator.position), 0)).where(
            CampaignIndicator.campaign_id == campaign.id
        )
    )
    indicator = CampaignIndicator(campaign_id=campaign.id, position=position + 1)
    _apply(indicator, definition)
    db.session.add(indicator)
    _flush_unique()
    record(actor, "create", "indicator", indicator.id, indicator.name[:200])
    return indicator


def update_indicator(actor: Actor, indicator: CampaignIndicator, definition: Definition) -> None:
    ensure_open(indicator.campaign)
    _check(definition)
    before = _snapshot(indicator)
    _apply(indicator, definition)
    _flush_unique()
    record(actor, "update", "indicator", indicator.id, indicator.name[:200],
           changes(before, _snapshot(indicator)))  # fmt: skip


def add_strategy_indicators(actor: Actor, campaign: Campaign) -> int:
    """The national strategy's set, in one step; those the campaign has already are kept as
    they are. Returns how many were added. The 2025 targets for a campaign up to 2025, the
    2030 ones after."""
    held = set(db.session.scalars(
        sa.select(CampaignIndicator.code).where(CampaignIndicator.campaign_id == campaign.id)
    ))  # fmt: skip
    added = 0
    for strategy in RESOLUTION_28:
        if strategy.code in held:
            continue
        by_2025 = campaign.year <= 2025
        define_indicator(actor, campaign, Definition(
            name=strategy.name, kind=IndicatorKind.PERCENTAGE, numerator=strategy.numerator,
            denominator=strategy.denominator, period="2025" if by_2025 else "2030",
            target=Decimal(strategy.target_2025 if by_2025 else strategy.target_2030),
            code=strategy.code, note="Nghị quyết số 28/NQ-CP ngày 03/3/2021",
        ))  # fmt: skip
        added += 1
    return added


def record_actual(
    actor: Actor, indicator: CampaignIndicator, recorded_on: dt.date, source: str,
    today: dt.date, value: Decimal | None = None, numerator: int | None = None,
    denominator: int | None = None,
) -> IndicatorActual:  # fmt: skip
    """An actual with its day and source: a value, or for a share its two counts."""
    ensure_open(indicator.campaign)
    if indicator.linked_figure is not None:
        raise DomainError(
            "linked", _("This indicator fills itself from the figures the application holds."),
            409,
        )  # fmt: skip
    if recorded_on > today:
        raise DomainError("in_future", _("The day of the actual cannot be in the future."), 422)
    if not source:
        raise DomainError("source_needed", _("Say where the figure comes from."), 422)
    if indicator.kind == IndicatorKind.PERCENTAGE:
        if numerator is None or denominator is None:
            raise DomainError("counts_needed", _("Enter both counts of the share."), 422)
        if denominator <= 0 or numerator < 0:
            raise DomainError("bad_counts", _("The counts are whole numbers, the second above 0."),
                              422)  # fmt: skip
        if numerator > denominator:
            raise DomainError(
                "numerator_over",
                _("The first count cannot be more than the second (%(count)s).",
                  count=denominator), 422,
            )  # fmt: skip
        value = None
    else:
        if value is None:
            raise DomainError("value_needed", _("Enter the value."), 422)
        if value < 0:
            raise DomainError("negative", _("The value is 0 or more."), 422)
        numerator = denominator = None
    actual = IndicatorActual(
        indicator=indicator, recorded_on=recorded_on, source=source, value=value,
        numerator=numerator, denominator=denominator, recorded_by_id=actor.user_id,
    )  # fmt: skip
    db.session.add(actual)
    db.session.flush()
    record(actor, "create", "indicator_actual", actual.id,
           f"{indicator.name[:150]}: {actual.amount:.2f}")  # fmt: skip
    return actual


# --- Reading them -------------------------------------------------------------------------------


@dataclass
class Reading:
    """An indicator as its page shows it."""

    indicator: CampaignIndicator
    actual: Decimal | None = None
    counts: tuple[int, int] | None = None  # a share's numerator and denominator
    latest: IndicatorActual | None = None
    last_year: Decimal | None = None

    @property
    def circulated_actual(self) -> Decimal | str | None:
        """The actual as a circulated document shows it: the victims supported are women in a
        sensitive situation, so fewer than five read "< 5"."""
        victims = self.indicator.linked_figure == LinkedFigure.VICTIMS_SUPPORTED
        if self.actual is not None and victims:
            return circulated_count(int(self.actual), Circumstance.SURVIVOR_OF_VIOLENCE)
        return self.actual

    @property
    def assessment(self) -> IndicatorAssessment:
        """Against the target when both are known; as the campaign stated it otherwise."""
        target = self.indicator.target_value
        if target is None or self.actual is None:
            return self.indicator.assessment
        if self.actual > target:
            return IndicatorAssessment.EXCEEDED
        return IndicatorAssessment.MET if self.actual == target else IndicatorAssessment.NOT_MET


def _latest(indicator: CampaignIndicator) -> IndicatorActual | None:
    return indicator.actuals[-1] if indicator.actuals else None


def _share(numerator: int, denominator: int) -> Decimal:
    return (Decimal(numerator * 100) / Decimal(denominator)).quantize(Decimal("0.01"))


def _figure_sum(campaign_id: int, kind: ActivityKind, measure: Measure) -> int:
    return db.session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(ProgressFigure.value), 0))
        .join(ProgressReport, ProgressReport.id == ProgressFigure.report_id)
        .join(Activity, Activity.id == ProgressReport.activity_id)
        .where(Activity.campaign_id == campaign_id, Activity.kind == kind,
               ProgressFigure.measure == measure,
               ProgressReport.status.in_(CURRENT_REPORT_STATUSES))
    )  # fmt: skip


def linked_figure(campaign_id: int, figure: LinkedFigure) -> tuple[Decimal, tuple | None]:
    """The value of a figure the application holds for the campaign (one query), with a
    share's two counts."""
    if figure == LinkedFigure.GIFTS_GIVEN:
        given, quota = db.session.execute(
            sa.select(sa.func.coalesce(sa.func.sum(GiftProgramme.given_count), 0),
                      sa.func.coalesce(sa.func.sum(GiftProgramme.quota), 0))
            .where(GiftProgramme.campaign_id == campaign_id)
        ).one()  # fmt: skip
        return (_share(given, quota) if quota else Decimal(0)), (given, quota)
    if figure == LinkedFigure.SAFE_VILLAGE_COMMUNES:
        units = db.session.scalar(
            sa.select(sa.func.count(sa.distinct(ProgressReport.unit_id)))
            .join(ProgressFigure, ProgressFigure.report_id == ProgressReport.id)
            .join(Activity, Activity.id == ProgressReport.activity_id)
            .where(Activity.campaign_id == campaign_id,
                   Activity.kind == ActivityKind.MODEL_REPLICATION,
                   ProgressFigure.measure == Measure.MODELS, ProgressFigure.value > 0,
                   ProgressReport.status.in_(CURRENT_REPORT_STATUSES))
        )  # fmt: skip
        return Decimal(units), None
    kind, measure = {
        LinkedFigure.TRAINING_PARTICIPANTS: (ActivityKind.TRAINING, Measure.PARTICIPANTS),
        LinkedFigure.VICTIMS_SUPPORTED: (ActivityKind.VICTIM_SUPPORT, Measure.VICTIMS),
    }[figure]
    return Decimal(_figure_sum(campaign_id, kind, measure)), None


def _earlier_campaign(campaign: Campaign) -> Campaign | None:
    """The latest earlier campaign of the same area, with its indicators: of the same unit, or
    of a unit it took over on 1 July 2025 (new-map Hà Nội's 2026 campaign has old-map Hà Nội's
    2022 one before it)."""
    taken_over = sa.select(UnitSuccession.old_unit_id).where(
        UnitSuccession.new_unit_id == campaign.unit_id
    )
    return db.session.scalars(
        sa.select(Campaign)
        .where(sa.or_(Campaign.unit_id == campaign.unit_id, Campaign.unit_id.in_(taken_over)),
               Campaign.year < campaign.year)
        .order_by(Campaign.year.desc(), Campaign.id.desc())
        .options(selectinload(Campaign.indicators).selectinload(CampaignIndicator.actuals))
        .limit(1)
    ).first()


def _reading_value(indicator: CampaignIndicator) -> tuple[Decimal | None, tuple | None]:
    latest = _latest(indicator)
    if indicator.linked_figure is not None:
        return linked_figure(indicator.campaign_id, indicator.linked_figure)
    if latest is None:
        return None, None
    counts = (latest.numerator, latest.denominator) if latest.value is None else None
    return (_share(*counts) if counts else latest.value), counts


def readings(campaign: Campaign) -> list[Reading]:
    """Every indicator of the campaign with its actual, its assessment and last year's value:
    three queries, and one more per indicator linked to a figure."""
    indicators = db.session.scalars(
        sa.select(CampaignIndicator).where(CampaignIndicator.campaign_id == campaign.id)
        .options(selectinload(CampaignIndicator.actuals))
        .order_by(CampaignIndicator.position, CampaignIndicator.id)
    ).all()  # fmt: skip
    if not indicators:
        return []
    earlier = _earlier_campaign(campaign)
    before = {}
    for old in earlier.indicators if earlier else []:
        value, _counts = _reading_value(old)
        before[old.code or old.name] = value
    found = []
    for indicator in indicators:
        value, counts = _reading_value(indicator)
        found.append(Reading(indicator, value, counts, _latest(indicator),
                             before.get(indicator.code or indicator.name)))  # fmt: skip
    return found
