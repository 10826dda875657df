"""The campaign summary report and the dashboard: the same figures, charts an assistive reader
can name (with their numbers in a table), sensitive counts below five as "< 5", events counted
by their month in Vietnam, a fixed number of statements."""

import csv
import datetime as dt
import io
import re
from pathlib import Path

import pdfplumber
import pytest

from campaign.beneficiaries.models import Circumstance
from campaign.core.columns import LOCAL_HOURS
from campaign.core.dates import LOCAL_TIME_ZONE
from campaign.events.models import EventKind
from campaign.extensions import db
from campaign.gifts.models import GiftProgramme
from campaign.reports.charts import chart_css, whole_ticks
from tests import factories
from tests.conftest import counted_queries, sign_in

STATIC = Path(__file__).resolve().parents[2] / "static"


def campaign_of(app, programme) -> int:
    with app.app_context():
        return db.session.get(GiftProgramme, programme["id"]).campaign_id


def test_a_sensitive_count_below_five_is_never_shown_exactly(app, client, programme):
    """Three of the fixture's recipients are survivors of violence (the fourth has not
    received her gift yet): the dashboard and the summary say "< 5"."""
    campaign_id = campaign_of(app, programme)
    sign_in(app, client, "staff")
    page = client.get(f"/reports/dashboard?campaign={campaign_id}").get_data(as_text=True)
    row = re.search(r"Nạn nhân bạo lực</th><td[^>]*>([^<]*)</td>", page)
    assert row and row[1] == "&lt; 5"
    assert "3 chị em đã nhận quà." in page
    printed = client.get(f"/reports/campaigns/{campaign_id}/summary").get_data(as_text=True)
    cell = re.search(r"Nạn nhân bạo lực</td><td[^>]*>([^<]*)</td>", printed)
    assert cell and cell[1] == "&lt; 5"


def test_the_dashboards_charts_are_labelled_images_with_their_numbers_beside(
    app, client, programme
):
    campaign_id = campaign_of(app, programme)
    sign_in(app, client, "staff")
    page = client.get(f"/reports/dashboard?campaign={campaign_id}").get_data(as_text=True)
    charts = re.findall(r"<svg [^>]*>", page)
    assert len(charts) >= 3
    for chart in charts:
        assert 'role="img"' in chart and "aria-labelledby=" in chart
    for key in re.findall(r'aria-labelledby="([^" ]+)-title', page):
        assert f'<title id="{key}-title">' in page and f'<desc id="{key}-description">' in page
    assert "<script" not in page.split("</head>", 1)[1]  # the policy forbids inline scripts
    assert "<style" not in page and " style=" not in page  # nor inline styles: charts.css
    gifts = page[page.index("Quà đã trao so với chỉ tiêu"):]
    table = gifts[gifts.index("<table"): gifts.index("</table>")]
    assert re.search(r"Thị xã Sơn Tây</th><td[^>]*>20</td><td[^>]*>2</td>", table)


def test_the_summary_pdf_prints_the_same_charts_in_the_documents_serif(app, client, programme):
    campaign_id = campaign_of(app, programme)
    sign_in(app, client, "staff")
    response = client.get(f"/reports/campaigns/{campaign_id}/summary?format=pdf")
    with pdfplumber.open(io.BytesIO(response.data)) as pdf:
        text = "\n".join(page.extract_text() for page in pdf.pages)
        fonts = {c["fontname"].split("+")[-1] for page in pdf.pages for c in page.chars}
        images = sum(len(page.images) for page in pdf.pages)
        vectors = sum(len(page.rects) for page in pdf.pages)
    assert "BÁO CÁO TỔNG HỢP KẾT QUẢ THÁNG HÀNH ĐỘNG" in text
    assert "Bằng chữ: Một triệu năm trăm nghìn đồng." in text
    assert all(font.startswith("Liberation-Serif") for font in fonts), fonts
    assert images + vectors >= 6  # the bars and legend boxes: the tables draw lines only
    rows = list(csv.reader(io.StringIO(client.get(
        f"/reports/campaigns/{campaign_id}/summary?format=csv").get_data(as_text=True)[1:])))
    assert rows[0] == ["Đợt trao quà", "Đơn vị", "Được phân bổ", "Đã trao", "Giá trị"]
    assert rows[1:] == [["Trao quà 2022", "Huyện Ba Vì", "20", "1", "500000"],
                        ["Trao quà 2022", "Thị xã Sơn Tây", "20", "2", "1000000"]]


def test_events_are_counted_in_the_month_they_fall_in_vietnam(app, client, programme):
    campaign_id = campaign_of(app, programme)
    with app.app_context():
        from campaign.campaigns.models import Campaign

        campaign = db.session.get(Campaign, campaign_id)
        for moment in (dt.datetime(2022, 11, 30, 18, 0, tzinfo=dt.UTC),  # 01:00 on 1 December
                       dt.datetime(2022, 11, 30, 16, 0, tzinfo=dt.UTC)):  # 23:00 on 30 November
            factories.event(campaign=campaign, starts_at=moment, kind=EventKind.TRAINING)
        db.session.commit()
        from campaign.reports.summary import campaign_summary

        months = campaign_summary(db.session.get(Campaign, campaign_id)).months
    assert months == {"2022-11": {EventKind.TRAINING: 1}, "2022-12": {EventKind.TRAINING: 1}}


def test_the_dashboard_runs_a_fixed_number_of_statements(app, client, programme):
    campaign_id = campaign_of(app, programme)
    sign_in(app, client, "staff")
    with counted_queries(app) as statements:
        client.get(f"/reports/dashboard?campaign={campaign_id}")
    before = len(statements)
    with app.app_context():
        from campaign.campaigns.models import Campaign

        campaign = db.session.get(Campaign, campaign_id)
        for day in range(1, 30):
            factories.event(campaign=campaign, kind=list(EventKind)[day % len(EventKind)],
                            starts_at=dt.datetime(2022, 11, day, 1, 0, tzinfo=dt.UTC))
        db.session.commit()
    with counted_queries(app) as statements:
        assert client.get(f"/reports/dashboard?campaign={campaign_id}").status_code == 200
    assert len(statements) == before


def test_the_committed_chart_stylesheet_is_what_pygal_writes():
    """static/css/charts.css is written by `python -m campaign.reports.charts`: a pygal upgrade
    that changes its rules fails here until the file is written again."""
    assert (STATIC / "css" / "charts.css").read_text(encoding="utf-8") == chart_css()


def test_the_database_month_uses_vietnams_offset():
    for day in (dt.datetime(2022, 1, 15), dt.datetime(2025, 7, 1)):
        assert LOCAL_TIME_ZONE.utcoffset(day) == dt.timedelta(hours=LOCAL_HOURS)


@pytest.mark.parametrize(("highest", "ticks"), [(0, [0, 1]), (1, [0, 1]), (7, [0, 2, 4, 6, 8]),
                                                 (100, [0, 20, 40, 60, 80, 100])])
def test_chart_ticks_are_whole_numbers(highest, ticks):
    assert whole_ticks(highest) == ticks


def test_the_circulated_count_rule():
    from campaign.beneficiaries.privacy import circulated_count

    sensitive = Circumstance.SURVIVOR_OF_VIOLENCE
    assert [circulated_count(n, sensitive) for n in (0, 1, 4, 5)] == ["< 5", "< 5", "< 5", 5]
    assert circulated_count(2, Circumstance.POOR_HOUSEHOLD) == 2


def test_without_any_campaign_the_dashboard_says_so(app, client):
    sign_in(app, client, "staff")
    page = client.get("/reports/dashboard")
    assert page.status_code == 200
    assert "Chưa có Tháng hành động nào được tạo." in page.get_data(as_text=True)
    assert client.get("/reports/dashboard?campaign=999999").status_code == 404
    assert client.get("/reports/dashboard?campaign=x").status_code == 404
    assert client.get("/reports/dashboard?campaign=x%00").status_code == 400  # refused early
