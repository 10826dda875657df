"""Indicators: the national strategy's set in one step, actuals with a date and a source, one
filled from the gifts handed over without anyone entering it, met / not yet / exceeded, and
last year's value beside this year's."""

import datetime as dt
import re
from decimal import Decimal

import pytest
import sqlalchemy as sa

from campaign.activities import indicators
from campaign.audit.services import COMMAND_LINE
from campaign.campaigns.models import (
    Campaign,
    CampaignIndicator,
    IndicatorActual,
    IndicatorAssessment,
    IndicatorKind,
    LinkedFigure,
)
from campaign.core.errors import DomainError
from campaign.extensions import db
from tests import factories
from tests.conftest import csrf_token, sign_in

TODAY = dt.date(2022, 12, 1)


def reading_of(campaign, name: str) -> indicators.Reading:
    return next(r for r in indicators.readings(campaign) if r.indicator.name == name)


def test_the_strategy_set_in_one_step_and_not_twice(app_context):
    campaign = factories.campaign(year=2026, start_date=dt.date(2026, 11, 15),
                                  end_date=dt.date(2026, 12, 15))  # fmt: skip
    assert indicators.add_strategy_indicators(COMMAND_LINE, campaign) == 3
    assert indicators.add_strategy_indicators(COMMAND_LINE, campaign) == 0
    found = {i.code: (i.target_value, i.period, i.kind) for i in db.session.scalars(
        sa.select(CampaignIndicator).where(CampaignIndicator.campaign_id == campaign.id))}  # fmt: skip
    assert found["NQ28-support-victims"] == (Decimal(90), "2030", IndicatorKind.PERCENTAGE)
    assert found["NQ28-assistance-facilities"][0] == Decimal(100)
    assert found["NQ28-counselled-perpetrators"][0] == Decimal(70)
    earlier = factories.campaign(year=2025, start_date=dt.date(2025, 11, 15),
                                 end_date=dt.date(2025, 12, 15), unit=campaign.unit)  # fmt: skip
    indicators.add_strategy_indicators(COMMAND_LINE, earlier)
    assert {i.target_value for i in earlier.indicators} == {Decimal(80), Decimal(70), Decimal(50)}


def test_a_gifts_indicator_fills_itself_from_the_programmes(app_context):
    campaign = factories.campaign()
    factories.programme(campaign=campaign, quota=100, given_count=40)
    indicator = indicators.define_indicator(COMMAND_LINE, campaign, indicators.Definition(
        name="Tỷ lệ phần quà đã trao", kind=IndicatorKind.PERCENTAGE, target=Decimal(100),
        linked_figure=LinkedFigure.GIFTS_GIVEN))  # fmt: skip
    reading = reading_of(campaign, "Tỷ lệ phần quà đã trao")
    assert (reading.actual, reading.counts) == (Decimal("40.00"), (40, 100))
    assert reading.assessment == IndicatorAssessment.NOT_MET
    with pytest.raises(DomainError) as refused:
        indicators.record_actual(COMMAND_LINE, indicator, TODAY, "Tự nhập", TODAY,
                                 numerator=1, denominator=2)  # fmt: skip
    assert refused.value.code == "linked"


def test_met_not_yet_and_exceeded_against_target_and_last_years_value(app_context):
    unit = factories.unit("Hà Nội", "province")
    last = factories.campaign(unit=unit, year=2021, start_date=dt.date(2021, 11, 15),
                              end_date=dt.date(2021, 12, 15))  # fmt: skip
    this = factories.campaign(unit=unit)
    definition = indicators.Definition(name="Số lớp tập huấn", kind=IndicatorKind.COUNT,
                                       measure_unit="lớp", target=Decimal(10))  # fmt: skip
    old = indicators.define_indicator(COMMAND_LINE, last, definition)
    indicators.record_actual(COMMAND_LINE, old, dt.date(2021, 12, 10), "Báo cáo 2021",
                             TODAY, value=Decimal(7))  # fmt: skip
    new = indicators.define_indicator(COMMAND_LINE, this, definition)
    for value, assessed in ((9, "not_met"), (10, "met"), (12, "exceeded")):
        indicators.record_actual(COMMAND_LINE, new, TODAY, "Báo cáo của huyện", TODAY,
                                 value=Decimal(value))  # fmt: skip
        reading = reading_of(this, "Số lớp tập huấn")
        assert (reading.actual, reading.assessment.value) == (Decimal(value), assessed)
    assert reading.last_year == Decimal(7) and reading.latest.source == "Báo cáo của huyện"


@pytest.mark.parametrize(
    ("values", "code"),
    [
        ({"numerator": 5, "denominator": 4}, "numerator_over"),
        ({"numerator": 1, "denominator": 0}, "bad_counts"),
        ({"numerator": 1}, "counts_needed"),
        ({"numerator": 1, "denominator": 2, "recorded_on": TODAY + dt.timedelta(days=1)},
         "in_future"),
        ({"numerator": 1, "denominator": 2, "source": ""}, "source_needed"),
    ],
)
def test_bad_actuals_are_refused_and_nothing_is_written(app_context, values, code):
    campaign = factories.campaign()
    share = indicators.define_indicator(COMMAND_LINE, campaign, indicators.Definition(
        name="Tỷ lệ nạn nhân được hỗ trợ", kind=IndicatorKind.PERCENTAGE, target=Decimal(80)))  # fmt: skip
    arguments = {"recorded_on": TODAY, "source": "Sở Nội vụ", **values}
    with pytest.raises(DomainError) as refused:
        indicators.record_actual(COMMAND_LINE, share, arguments.pop("recorded_on"),
                                 arguments.pop("source"), TODAY, **arguments)  # fmt: skip
    assert refused.value.code == code
    assert db.session.scalar(sa.select(sa.func.count()).select_from(IndicatorActual)) == 0


def test_definitions_refuse_a_share_over_100_and_the_wrong_kind_for_a_figure(app_context):
    campaign = factories.campaign()
    for definition, code in (
        (indicators.Definition(name="A", kind=IndicatorKind.PERCENTAGE, target=Decimal(120)),
         "over_100"),
        (indicators.Definition(name="B", kind=IndicatorKind.COUNT,
                               linked_figure=LinkedFigure.GIFTS_GIVEN), "kind_of_figure"),
        (indicators.Definition(name="C", kind=IndicatorKind.COUNT, target=Decimal(-1)),
         "negative"),
    ):  # fmt: skip
        with pytest.raises(DomainError) as refused:
            indicators.define_indicator(COMMAND_LINE, campaign, definition)
        assert refused.value.code == code
    indicators.define_indicator(COMMAND_LINE, campaign, indicators.Definition(
        name="D", kind=IndicatorKind.COUNT))  # fmt: skip
    with pytest.raises(DomainError) as refused:
        indicators.define_indicator(COMMAND_LINE, campaign, indicators.Definition(
            name="D", kind=IndicatorKind.COUNT))  # fmt: skip
    assert refused.value.code == "name_taken"


def test_the_organizer_works_the_indicators_page(app, client):
    with app.app_context():
        campaign = factories.campaign()
        factories.programme(campaign=campaign, quota=100, given_count=25)
        db.session.commit()
        campaign_id = campaign.id
    sign_in(app, client, "organizer")
    path = f"/indicators/campaigns/{campaign_id}"
    page = client.get(path).get_data(as_text=True)
    submission = re.search(r'name="submission"[^>]*value="([^"]+)"', page).group(1)
    added = client.post(path, data={
        "csrf_token": csrf_token(client, path), "submission": submission,
        "name": "Tỷ lệ phần quà đã trao", "kind": "percentage", "target": "100",
        "linked_figure": "gifts_given", "measure_unit": "", "numerator": "", "denominator": "",
        "period": "2022", "baseline": "12,5", "note": ""})  # fmt: skip
    assert added.status_code == 302, added.get_data(as_text=True)
    strategy = client.post(f"{path}/strategy", data={"csrf_token": csrf_token(client, path)})
    assert strategy.status_code == 302
    page = client.get(path).get_data(as_text=True)
    assert "(25/100)" in page and "12,5%" in page and "Chưa đạt" in page
    assert page.count("Nghị quyết") >= 1 and "Tỷ lệ người gây bạo lực" in page
    exported = client.get(f"/reports/campaigns/{campaign_id}/indicators?format=csv")
    rows = exported.get_data(as_text=True).splitlines()
    assert len(rows) == 5 and "Tỷ lệ phần quà đã trao" in rows[1] and ",25.00," in rows[1]
    with app.app_context():
        indicator = db.session.scalars(sa.select(CampaignIndicator).where(
            CampaignIndicator.code == "NQ28-support-victims")).one()  # fmt: skip
        indicator_id = indicator.id
        assert db.session.get(Campaign, campaign_id).indicators[0].baseline_value == Decimal("12.5")
    page = client.get(path).get_data(as_text=True)
    forms = re.findall(r'action="/indicators/(\d+)/actuals"', page)
    assert str(indicator_id) in forms
    submission = re.findall(r'name="submission"[^>]*value="([^"]+)"', page)[0]
    wrong = client.post(f"/indicators/{indicator_id}/actuals", data={
        "csrf_token": csrf_token(client, path), "submission": submission,
        "recorded_on": "01/12/2022", "numerator": "50", "denominator": "40", "source": "Sở"})  # fmt: skip
    assert wrong.status_code == 422
    assert "Tử số không thể lớn hơn mẫu số (40)." in wrong.get_data(as_text=True)


def test_last_years_value_crosses_the_reform_of_1_july_2025(app_context):
    from campaign.places.models import UnitScheme, UnitSuccession

    old = factories.unit("Hà Nội", "province")
    new = factories.unit("Hà Nội", "province", scheme=UnitScheme.POST_2025)
    db.session.add(UnitSuccession(old_unit_id=old.id, new_unit_id=new.id))
    before = factories.campaign(unit=old)
    now = factories.campaign(unit=new, year=2026, start_date=dt.date(2026, 11, 15),
                             end_date=dt.date(2026, 12, 15))  # fmt: skip
    factories.programme(campaign=before, quota=100, given_count=100)
    factories.programme(campaign=now, quota=50, given_count=10)
    for campaign in (before, now):
        indicators.define_indicator(COMMAND_LINE, campaign, indicators.Definition(
            name="Tỷ lệ phần quà đã trao", kind=IndicatorKind.PERCENTAGE, target=Decimal(100),
            linked_figure=LinkedFigure.GIFTS_GIVEN, code="gifts-given"))  # fmt: skip
    reading = reading_of(now, "Tỷ lệ phần quà đã trao")
    assert (reading.actual, reading.last_year) == (Decimal("20.00"), Decimal("100.00"))


def test_fewer_than_five_victims_supported_read_less_than_5_in_circulated_documents(app, client):
    from campaign.activities.models import ActivityKind, Measure, ProgressFigure, ProgressReport

    with app.app_context():
        district = factories.unit("Ba Vì")
        campaign = factories.campaign(unit=district.parent)
        support = factories.activity(campaign, [district], {Measure.VICTIMS: 10},
                                     kind=ActivityKind.VICTIM_SUPPORT)  # fmt: skip
        db.session.add(ProgressReport(activity=support, unit=district, done_on=TODAY,
                                      figures=[ProgressFigure(measure="victims", value=3)]))  # fmt: skip
        indicators.define_indicator(COMMAND_LINE, campaign, indicators.Definition(
            name="Số nạn nhân được hỗ trợ", kind=IndicatorKind.COUNT, target=Decimal(10),
            linked_figure=LinkedFigure.VICTIMS_SUPPORTED))  # fmt: skip
        db.session.commit()
        assert reading_of(campaign, "Số nạn nhân được hỗ trợ").actual == Decimal(3)
        campaign_id = campaign.id
    sign_in(app, client, "staff")
    dashboard = client.get("/reports/dashboard").get_data(as_text=True)
    row = re.search(r"Số nạn nhân được hỗ trợ</th>(.*?)</tr>", dashboard, re.S).group(1)
    assert "&lt; 5" in row and ">3<" not in row
    summary = client.get(f"/reports/campaigns/{campaign_id}/summary?format=print")
    assert "&lt; 5" in re.search(r"Số nạn nhân được hỗ trợ</td>(.*?)</tr>",
                                 summary.get_data(as_text=True), re.S).group(1)  # fmt: skip
