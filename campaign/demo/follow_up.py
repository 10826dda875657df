"""The demo campaigns' follow-up activities, their targets by unit, progress reports and
indicators. The activities are the directives' (``scenario.ACTIVITIES``); every target and every
figure is synthetic — drawn from a fixed seed so that each load is the same — and says so in its
note. The 2022 campaign's reports are in and reviewed; this year's are under way."""

import datetime as dt
import random
from decimal import Decimal

from campaign.accounts.models import User
from campaign.activities.indicators import RESOLUTION_28
from campaign.activities.models import (
    MEASURES_OF_KIND,
    Activity,
    ActivityKind,
    ActivityStatus,
    ActivityTarget,
    Measure,
    ProgressFigure,
    ProgressReport,
    ReportStatus,
)
from campaign.campaigns.models import (
    Campaign,
    CampaignIndicator,
    IndicatorActual,
    IndicatorKind,
    LinkedFigure,
)
from campaign.core.dates import LOCAL_TIME_ZONE
from campaign.extensions import db
from campaign.places.models import AdministrativeUnit, Organization

SYNTHETIC = "Số liệu mẫu để dùng thử (giả định)."
TARGET_RANGES = {
    Measure.SESSIONS: (2, 6), Measure.PARTICIPANTS: (80, 200), Measure.PEOPLE_REACHED: (800, 3000),
    Measure.MODELS: (1, 4), Measure.INSPECTIONS: (2, 5), Measure.VIOLATIONS: (0, 3),
    Measure.VICTIMS: (5, 20), Measure.FUNDS: (50_000_000, 200_000_000),
}  # fmt: skip
"""The range each unit's synthetic target is drawn from, by measure."""


def plan_demo_activities(
    campaign: Campaign, activities, units: list[AdministrativeUnit],
    leads: dict[str, Organization], users: dict[str, User], reporters: dict[int, str],
    done_share: float, seed: int,
) -> None:  # fmt: skip
    """``activities`` ((kind, title, lead short name)) for ``units``, each unit with a target per
    measure and reports reaching about ``done_share`` of them (by the demo account of
    ``reporters``, unit id → user name, or by an official with no demo account); the reports
    of a campaign that has ended are accepted by the demo organizer, the others wait, one of
    them sent back."""
    rng = random.Random(seed)
    ended = campaign.status.value == "closed" or campaign.end_date.year < 2025
    for kind, title, lead in activities:
        activity = Activity(
            campaign=campaign, kind=kind, title=title, lead_organization=leads.get(lead),
            planned_start=campaign.start_date, due_date=campaign.end_date, units=list(units),
            status=ActivityStatus.DONE if ended else ActivityStatus.IN_PROGRESS,
        )  # fmt: skip
        db.session.add(activity)
        for index, unit in enumerate(units):
            targets = {measure: rng.randint(*TARGET_RANGES[measure])
                       for measure in MEASURES_OF_KIND[kind]}  # fmt: skip
            for measure, target in targets.items():
                db.session.add(ActivityTarget(activity=activity, unit=unit, measure=measure,
                                              target=target))  # fmt: skip
            if not ended and index % 3 == 2:
                continue  # some units have not reported yet
            share = min(1.2, max(0.3, rng.gauss(done_share, 0.15)))
            status = ReportStatus.ACCEPTED if ended else ReportStatus.SUBMITTED
            if not ended and index == 1 and kind == ActivityKind.TRAINING:
                status = ReportStatus.RETURNED
            _report(activity, unit, targets, share, status, users.get(reporters.get(unit.id, "")),
                    users.get("demo.organizer"), campaign, rng)


def _report(activity, unit, targets, share, status, reporter, reviewer, campaign, rng) -> None:
    done_on = campaign.start_date + dt.timedelta(days=rng.randint(2, 12))
    figures = []
    for measure, target in targets.items():
        value = round(target * share)
        women = round(value * 0.7) if measure == Measure.PARTICIPANTS else None
        figures.append(ProgressFigure(measure=measure, value=value, women=women))
    reviewed = status in (ReportStatus.ACCEPTED, ReportStatus.RETURNED)
    moment = dt.datetime.combine(done_on, dt.time(16, 0), tzinfo=LOCAL_TIME_ZONE)
    db.session.add(ProgressReport(
        activity=activity, unit=unit, done_on=done_on, status=status, figures=figures,
        note=SYNTHETIC, reported_by=reporter, reported_at=moment,
        reviewed_by=reviewer if reviewed else None,
        reviewed_at=moment + dt.timedelta(days=1) if reviewed else None,
        review_note="Bổ sung danh sách học viên có chữ ký (dữ liệu mẫu)."
        if status == ReportStatus.RETURNED else None,
    ))  # fmt: skip


def strategy_indicators(campaign: Campaign, users: dict[str, User]) -> None:
    """The national strategy's indicators on ``campaign`` with a synthetic first actual each,
    and one filled from the gifts handed over."""
    by_2025 = campaign.year <= 2025
    for position, strategy in enumerate(RESOLUTION_28, start=1):
        indicator = CampaignIndicator(
            position=position, code=strategy.code, name=strategy.name,
            kind=IndicatorKind.PERCENTAGE, measure_unit="%", numerator=strategy.numerator,
            denominator=strategy.denominator, period="2025" if by_2025 else "2030",
            target_value=Decimal(strategy.target_2025 if by_2025 else strategy.target_2030),
            note="Nghị quyết số 28/NQ-CP ngày 03/3/2021",
        )  # fmt: skip
        denominator = 40 + 10 * position
        indicator.actuals.append(IndicatorActual(
            recorded_on=campaign.start_date + dt.timedelta(days=10),
            numerator=round(denominator * (strategy.target_2030 - 5 * position) / 100),
            denominator=denominator, source="Báo cáo của Sở Nội vụ (dữ liệu mẫu)",
            recorded_by_id=users["demo.organizer"].id if "demo.organizer" in users else None,
        ))  # fmt: skip
        campaign.indicators.append(indicator)
    campaign.indicators.append(gifts_indicator(campaign, len(RESOLUTION_28) + 1))


def gifts_indicator(campaign: Campaign, position: int) -> CampaignIndicator:
    """The share of the gifts handed over, filled from the programmes: the same indicator in
    2022 and now, so that this year's stands beside last year's."""
    return CampaignIndicator(
        position=position, name="Tỷ lệ phần quà đã trao so với kế hoạch", code="gifts-given",
        kind=IndicatorKind.PERCENTAGE, measure_unit="%", target_value=Decimal(100),
        linked_figure=LinkedFigure.GIFTS_GIVEN, period=str(campaign.year),
    )  # fmt: skip
