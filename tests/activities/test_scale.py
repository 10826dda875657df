"""The activity list and the board of a unit at 20,000 activities and 100,000 progress reports:
the same few SQL statements as with a handful, the progress read only for the page's rows."""

import datetime as dt

import pytest
import sqlalchemy as sa

from campaign.activities.models import (
    Activity,
    ActivityTarget,
    ProgressFigure,
    ProgressReport,
    activity_units,
)
from campaign.campaigns.models import Campaign
from campaign.extensions import db
from tests.conftest import counted_queries, sign_in

ACTIVITIES, REPORTS = 20_000, 100_000


def fill(app, training, activities: int, reports: int) -> None:
    """``activities`` more trainings for Ba Vì and Sơn Tây, and ``reports`` reports on them."""
    with app.app_context():
        campaign = db.session.get(Campaign, training["campaign"])
        first = db.session.scalar(sa.select(sa.func.max(Activity.id))) + 1
        db.session.execute(sa.insert(Activity), [
            {"id": first + n, "campaign_id": campaign.id, "title": f"Tập huấn {n}",
             "kind": "training", "status": "in_progress", "planned_start": campaign.start_date,
             "due_date": campaign.start_date + dt.timedelta(days=n % 40)}
            for n in range(activities)
        ])  # fmt: skip
        units = (training["ba_vi"], training["son_tay"])
        db.session.execute(sa.insert(activity_units), [
            {"activity_id": first + n, "unit_id": unit} for n in range(activities) for unit in units
        ])  # fmt: skip
        db.session.execute(sa.insert(ActivityTarget), [
            {"activity_id": first + n, "unit_id": unit, "measure": "participants", "target": 100}
            for n in range(activities) for unit in units
        ])  # fmt: skip
        start = db.session.scalar(sa.select(sa.func.coalesce(sa.func.max(ProgressReport.id), 0)))
        db.session.execute(sa.insert(ProgressReport), [
            {"id": start + 1 + n, "activity_id": first + n % activities, "unit_id": units[n % 2],
             "done_on": campaign.start_date + dt.timedelta(days=3), "status": "accepted",
             "version": 1, "reported_at": dt.datetime(2022, 11, 20, tzinfo=dt.UTC)}
            for n in range(reports)
        ])  # fmt: skip
        db.session.execute(sa.insert(ProgressFigure), [
            {"report_id": start + 1 + n, "measure": "participants", "value": 10}
            for n in range(reports)
        ])  # fmt: skip
        if db.engine.dialect.name == "postgresql":
            for table in ("activities", "progress_reports"):
                db.session.execute(sa.text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), MAX(id)) FROM {table}"))  # fmt: skip
            db.session.execute(sa.text("ANALYZE"))
        db.session.commit()


def statements_of(app, client, path: str) -> list[str]:
    with counted_queries(app) as statements:
        response = client.get(path)
        assert response.status_code == 200
    return statements


@pytest.mark.timeout(600)
def test_the_list_and_the_board_read_the_same_statements_at_national_scale(app, client, training):
    sign_in(app, client, "organizer")
    pages = (f"/activities/?campaign={training['campaign']}",
             f"/activities/campaigns/{training['campaign']}/sums",
             f"/activities/units/{training['ba_vi']}?campaign={training['campaign']}",
             f"/activities/?campaign={training['campaign']}&unit=Ba+V%C3%AC&kind=training")  # fmt: skip
    fill(app, training, 10, 50)
    few = [statements_of(app, client, path) for path in pages]
    fill(app, training, ACTIVITIES, REPORTS)
    many = [statements_of(app, client, path) for path in pages]
    for small, large in zip(few, many, strict=True):
        assert len(small) == len(large) <= 12, large
    listed = client.get(pages[0]).get_data(as_text=True)  # the list of the campaign
    assert listed.count('<progress class="plan-progress"') == 50  # one page, not 20,000 rows
    assert "hơn 1.000" in listed
    progress_reads = [s for s in many[0] if "progress_figures" in s]
    assert len(progress_reads) == 1 and " IN (" in progress_reads[0]  # the page's ids only
