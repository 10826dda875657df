"""The activity rules with a fixed clock: progress against targets, review and correction by a
new version, overdue from the day after the due date, the reporting window and its reopening,
and bad input refused with nothing written."""

import datetime as dt

import pytest
import sqlalchemy as sa

from campaign.accounts.models import User
from campaign.activities import queries, services
from campaign.activities.models import (
    Activity,
    ActivityKind,
    ActivityStatus,
    Measure,
    ProgressReport,
    ReportStatus,
)
from campaign.audit.models import AuditEntry
from campaign.audit.services import Actor
from campaign.campaigns.models import Campaign
from campaign.core.errors import DomainError
from campaign.extensions import db
from campaign.places.models import AdministrativeUnit, UnitLevel, UnitScheme
from tests import factories
from tests.activities.conftest import TODAY


@pytest.fixture
def world(app, training):
    with app.app_context():
        yield {
            "activity": db.session.get(Activity, training["activity"]),
            "ba_vi": db.session.get(AdministrativeUnit, training["ba_vi"]),
            "son_tay": db.session.get(AdministrativeUnit, training["son_tay"]),
            **{f"as_{key}": db.session.get(User, training[f"user_{key}"])
               for key in ("ba_vi", "son_tay", "organizer", "other_organizer")},
        }  # fmt: skip


def as_actor(user: User) -> Actor:
    return Actor(user.id)


def sixty(**changes) -> services.Progress:
    values = {"done_on": dt.date(2022, 11, 20), "figures": {Measure.SESSIONS: 1,
              Measure.PARTICIPANTS: 60}, "women": 45, "note": "Lớp tại xã Tản Lĩnh"}  # fmt: skip
    return services.Progress(**{**values, **changes})


def report(world, progress=None, unit="ba_vi", user="ba_vi", today=TODAY) -> ProgressReport:
    user = world[f"as_{user}"]
    return services.report_progress(
        as_actor(user), user, world["activity"], world[unit], progress or sixty(),
        today,
    )  # fmt: skip


def percent_of(activity: Activity, unit: AdministrativeUnit | None = None) -> int | None:
    found = queries.progress_of([activity.id])[activity.id]
    return (found.by_unit[unit.id] if unit else found.total).percent


def test_a_training_of_60_against_100_is_60_percent_and_moves_the_total(world):
    activity = world["activity"]
    assert percent_of(activity, world["ba_vi"]) == 0 and percent_of(activity) == 0
    made = report(world)
    assert made.status == ReportStatus.SUBMITTED and activity.status == ActivityStatus.IN_PROGRESS
    assert percent_of(activity, world["ba_vi"]) == 60
    assert percent_of(activity) == 30  # 60 of the 200 the two districts plan
    tally = queries.progress_of([activity.id])[activity.id].by_unit[world["ba_vi"].id]
    assert tally.tallies[Measure.PARTICIPANTS].women == 45
    assert db.session.scalar(sa.select(sa.func.count()).where(
        AuditEntry.entity_type == "progress_report")) == 1  # fmt: skip


def test_sent_back_then_corrected_by_a_new_version_keeps_both_in_the_history(world):
    first = report(world)
    organizer = world["as_organizer"]
    services.review_report(as_actor(organizer), organizer, first, False,
                           "thiếu danh sách học viên")  # fmt: skip
    assert first.status == ReportStatus.RETURNED
    assert first.review_note == "thiếu danh sách học viên" and first.reviewed_by_id == organizer.id
    newer = services.correct_report(
        as_actor(world["as_ba_vi"]), world["as_ba_vi"], first,
        sixty(figures={Measure.SESSIONS: 1, Measure.PARTICIPANTS: 64}, women=50),
        "Đã gửi kèm danh sách 64 học viên", TODAY,
    )  # fmt: skip
    history = queries.reports_of(world["activity"])
    assert [(r.version, r.status) for r in history] == [
        (2, ReportStatus.SUBMITTED), (1, ReportStatus.SUPERSEDED)]  # fmt: skip
    assert newer.corrects_id == first.id and newer.reply == "Đã gửi kèm danh sách 64 học viên"
    assert percent_of(world["activity"], world["ba_vi"]) == 64  # the old version no longer counts
    with pytest.raises(DomainError) as refused:  # the superseded version cannot be corrected
        services.correct_report(as_actor(world["as_ba_vi"]), world["as_ba_vi"], first, sixty(), None,
                                TODAY)  # fmt: skip
    assert refused.value.code == "not_current"
    services.review_report(as_actor(organizer), organizer, newer, True, None)
    assert newer.status == ReportStatus.ACCEPTED


def test_one_does_not_review_ones_own_report_nor_twice(world):
    organizer = world["as_organizer"]
    own = services.report_progress(as_actor(organizer), organizer, world["activity"],
                                   world["son_tay"], sixty(), TODAY)  # fmt: skip
    with pytest.raises(DomainError) as refused:
        services.review_report(as_actor(organizer), organizer, own, True, None)
    assert refused.value.code == "own_report"
    other = world["as_other_organizer"]
    services.review_report(as_actor(other), other, own, True, None)
    with pytest.raises(DomainError) as refused:
        services.review_report(as_actor(other), other, own, False, "muộn")
    assert refused.value.code == "not_submitted"
    with pytest.raises(DomainError) as refused:
        services.review_report(as_actor(other), other, report(world), False, "")
    assert refused.value.code == "reason_needed"


def test_a_withdrawn_report_stays_visible_and_stops_counting(world):
    made = report(world)
    services.void_report(as_actor(world["as_ba_vi"]), world["as_ba_vi"], made, "Nhập nhầm lớp", TODAY)
    assert made.status == ReportStatus.VOIDED and made.void_reason == "Nhập nhầm lớp"
    assert percent_of(world["activity"], world["ba_vi"]) == 0
    assert [r.id for r in queries.reports_of(world["activity"])] == [made.id]


def test_overdue_from_the_day_after_the_due_date_unless_done(world):
    activity = world["activity"]
    activity.due_date = dt.date(2022, 11, 30)
    db.session.flush()

    def overdue_ids(today):
        statement = queries.matching(sa.select(Activity.id),
                                     queries.ActivityFilter(overdue=True), today)  # fmt: skip
        return list(db.session.scalars(statement))

    assert not activity.overdue_on(dt.date(2022, 11, 30)) and overdue_ids(dt.date(2022, 11, 30)) == []
    assert activity.overdue_on(dt.date(2022, 12, 1)) and overdue_ids(dt.date(2022, 12, 1)) == [activity.id]
    services.set_status(as_actor(world["as_organizer"]), activity, ActivityStatus.DONE, None)
    assert not activity.overdue_on(dt.date(2022, 12, 1)) and overdue_ids(dt.date(2022, 12, 1)) == []


def test_the_reporting_window_locks_the_day_after_it_ends_and_reopens_for_one_unit(world):
    campaign = world["activity"].campaign
    assert campaign.reporting_ends == dt.date(2022, 12, 30)  # 15 days after 15/12
    report(world, today=dt.date(2022, 12, 30))
    with pytest.raises(DomainError) as refused:
        report(world, today=dt.date(2022, 12, 31))
    assert refused.value.code == "window_closed" and "30/12/2022" in refused.value.message
    services.reopen_window(as_actor(world["as_organizer"]), campaign, world["ba_vi"],
                           dt.date(2023, 1, 10), "Huyện gửi muộn do mưa lũ", dt.date(2022, 12, 31))
    report(world, today=dt.date(2023, 1, 10))
    with pytest.raises(DomainError) as refused:
        report(world, unit="son_tay", user="son_tay", today=dt.date(2023, 1, 2))
    assert refused.value.code == "window_closed"
    with pytest.raises(DomainError):
        report(world, today=dt.date(2023, 1, 11))
    reopened = db.session.scalars(sa.select(AuditEntry).where(
        AuditEntry.entity_type == "reporting_window")).one()  # fmt: skip
    assert "Huyện gửi muộn do mưa lũ" in reopened.summary


@pytest.mark.parametrize(
    ("progress", "code"),
    [
        (sixty(figures={Measure.PARTICIPANTS: -5}, women=None), "negative"),
        (sixty(figures={Measure.INSPECTIONS: 3}, women=None), "wrong_measure"),
        (sixty(figures={Measure.PARTICIPANTS: 60}, women=61), "women_over_participants"),
        (sixty(figures={}, women=None), "no_figures"),
        (sixty(done_on=TODAY + dt.timedelta(days=1)), "in_future"),
        (sixty(done_on=dt.date(2022, 11, 1)), "before_start"),
    ],
)
def test_bad_figures_and_dates_are_refused_and_nothing_is_written(world, progress, code):
    with pytest.raises(DomainError) as refused:
        report(world, progress)
    assert refused.value.code == code and refused.value.status == 422
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ProgressReport)) == 0


def test_a_unit_outside_the_officials_scope_or_the_activity_is_refused(world, app):
    with pytest.raises(DomainError) as refused:
        report(world, unit="ba_vi", user="son_tay")
    assert refused.value.code == "out_of_scope"
    hanoi = world["ba_vi"].parent
    other = factories.unit("Thạch Thất", parent=hanoi, full_name="Huyện Thạch Thất")
    with pytest.raises(DomainError) as refused:
        services.report_progress(as_actor(world["as_organizer"]), world["as_organizer"],
                                 world["activity"], other, sixty(), TODAY)  # fmt: skip
    assert refused.value.code == "unit_not_targeted"


def test_planning_refuses_units_of_the_other_map_and_dates_out_of_order(world):
    campaign = world["activity"].campaign
    new_map = factories.unit("Phường Sơn Tây", UnitLevel.COMMUNE, scheme=UnitScheme.POST_2025,
                             parent=factories.unit("Hà Nội", UnitLevel.PROVINCE,
                                                   scheme=UnitScheme.POST_2025))  # fmt: skip
    plan = services.ActivityPlan(
        title="Kiểm tra liên ngành", kind=ActivityKind.INSPECTION, description=None,
        lead_organization=None, units=[new_map], planned_start=dt.date(2022, 11, 15),
        due_date=dt.date(2022, 12, 15),
    )  # fmt: skip
    before = db.session.scalar(sa.select(sa.func.count()).select_from(Activity))
    with pytest.raises(DomainError) as refused:
        services.plan_activity(as_actor(world["as_organizer"]), campaign, plan)
    assert refused.value.code == "wrong_map"
    backwards = services.ActivityPlan(**{**plan.__dict__, "units": [world["ba_vi"]],
                                         "due_date": dt.date(2022, 11, 1)})  # fmt: skip
    with pytest.raises(DomainError) as refused:
        services.plan_activity(as_actor(world["as_organizer"]), campaign, backwards)
    assert refused.value.code == "due_before_start"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Activity)) == before


def test_targets_only_for_its_units_and_the_measures_of_its_kind(world):
    activity = world["activity"]
    ba_vi = world["ba_vi"].id
    services.set_targets(as_actor(world["as_organizer"]), activity, {
        (ba_vi, Measure.PARTICIPANTS): services.Target(80, baseline=20),
        (ba_vi, Measure.SESSIONS): services.Target(2),
    })  # fmt: skip
    assert {(t.unit_id, t.measure, t.target, t.baseline) for t in activity.targets} == {
        (ba_vi, Measure.PARTICIPANTS, 80, 20), (ba_vi, Measure.SESSIONS, 2, None)}  # fmt: skip
    for targets, code in (
        ({(ba_vi, Measure.VICTIMS): services.Target(5)}, "wrong_measure"),
        ({(world["ba_vi"].parent_id, Measure.SESSIONS): services.Target(5)}, "unit_not_targeted"),
        ({(ba_vi, Measure.SESSIONS): services.Target(-1)}, "negative"),
    ):
        with pytest.raises(DomainError) as refused:
            services.set_targets(as_actor(world["as_organizer"]), activity, targets)
        assert refused.value.code == code
    report(world, sixty(figures={Measure.SESSIONS: 1, Measure.PARTICIPANTS: 60}))
    assert percent_of(activity, world["ba_vi"]) == 50  # sessions 1 of 2 is the furthest behind


def test_a_city_sees_its_sub_campaigns_sums_by_branch_in_a_fixed_number_of_queries(world, app):
    from tests.conftest import counted_queries

    city = world["activity"].campaign
    son_tay = world["son_tay"]
    district = factories.campaign(unit=son_tay, parent=city, name="Sơn Tây 2022")
    ward_unit = factories.unit("Lê Lợi 2", UnitLevel.COMMUNE, parent=son_tay)
    ward = factories.campaign(unit=ward_unit, parent=district, name="Lê Lợi 2022")
    for campaign, unit in ((district, son_tay), (ward, ward_unit)):
        activity = factories.activity(campaign, [unit], {Measure.PARTICIPANTS: 40})
        services.report_progress(as_actor(world["as_organizer"]), world["as_organizer"], activity, unit,
                                 sixty(figures={Measure.PARTICIPANTS: 30}, women=None), TODAY)
    report(world)
    db.session.flush()
    with counted_queries(app) as statements:
        rolled = queries.roll_up(db.session.get(Campaign, city.id))
    assert len(statements) == 3, statements
    key = (ActivityKind.TRAINING, Measure.PARTICIPANTS)
    assert (rolled.own[key].actual, rolled.own[key].target) == (60, 200)
    assert list(rolled.branch_campaigns) == [district.id]
    assert (rolled.branches[district.id][key].actual, rolled.branches[district.id][key].target) == (60, 80)
