"""The home page and the campaign hub at scale: a campaign's events in figures and the few that
matter most, in the same number of statements for 10 events as for 2,000."""

import datetime as dt
import re

import pytest
import sqlalchemy as sa

from campaign.events.models import Event, EventKind, EventStatus, Participation, event_units
from campaign.extensions import db
from tests import factories
from tests.conftest import counted_queries, csrf_token, sign_in

UNITS = 20


@pytest.fixture
def city(app):
    """A city campaign of 20 districts, its launch ceremony with two officials."""
    with app.app_context():
        campaign = factories.campaign(name="Tháng hành động thành phố")
        districts = [factories.unit(f"Quận {number:02d}", parent=campaign.unit)
                     for number in range(UNITS)]  # fmt: skip
        launch = factories.event(campaign=campaign, title="Lễ phát động thành phố",
                                 starts_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))  # fmt: skip
        for name in ("Nguyễn Thị Hà", "Chử Xuân Dũng"):
            official = factories.official(name)
            launch.participations.append(Participation(
                official=official, official_position=official.positions[0], role="delegate"))  # fmt: skip
        db.session.commit()
        return {"campaign": campaign.id, "districts": [unit.id for unit in districts]}


def add_events(app, city, count: int) -> None:
    """``count`` trainings, half past and half to come, each in one of the districts."""
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    with app.app_context():
        first_id = (db.session.scalar(sa.select(sa.func.max(Event.id))) or 0) + 1
        rows = []
        for number in range(count):
            starts = now + dt.timedelta(hours=number - count // 2 + 1)
            rows.append({"id": first_id + number, "campaign_id": city["campaign"],
                         "title": f"Tập huấn {first_id + number}", "kind": EventKind.TRAINING,
                         "status": EventStatus.PLANNED, "starts_at": starts,
                         "ends_at": starts + dt.timedelta(hours=1)})  # fmt: skip
        db.session.execute(sa.insert(Event), rows)
        db.session.execute(
            sa.insert(event_units),
            [{"event_id": row["id"], "unit_id": city["districts"][index % UNITS]}
             for index, row in enumerate(rows)],
        )  # fmt: skip
        db.session.commit()


def pages(app, client, city) -> dict[str, tuple[list[str], str]]:
    """The statements and HTML of the hub and of the home page showing the campaign."""
    shown = {}
    for name, path in (("hub", f"/campaigns/{city['campaign']}"), ("home", "/")):
        with counted_queries(app) as statements:
            response = client.get(path)
        assert response.status_code == 200
        shown[name] = (statements, response.get_data(as_text=True))
    return shown


def test_the_overviews_cost_the_same_for_10_events_as_for_2000(app, client, city):
    sign_in(app, client, "organizer")
    hub = f"/campaigns/{city['campaign']}"
    client.post(f"{hub}/choose", data={"csrf_token": csrf_token(client, hub)})
    add_events(app, city, 9)
    few = pages(app, client, city)
    add_events(app, city, 1_991)
    many = pages(app, client, city)
    for name in ("hub", "home"):
        (few_statements, few_html), (many_statements, many_html) = few[name], many[name]
        assert len(many_statements) == len(few_statements), name
        assert len(many_html) - len(few_html) < 1_000, name  # a few digits longer, no more
        assert many_html.count("/events/") < 40, name
    assert len(many["hub"][0]) <= 15 and len(many["home"][0]) <= 13


def test_the_overviews_show_the_launch_the_next_and_the_latest_events(app, client, city):
    sign_in(app, client, "organizer")
    add_events(app, city, 100)  # Tập huấn 2 … 51 are past, 52 … 101 to come
    with app.app_context():
        latest = db.session.scalars(
            sa.select(Event.title).where(Event.starts_at < dt.datetime.now(dt.UTC))
            .order_by(Event.starts_at.desc()).limit(5)
        ).all()  # fmt: skip
    page = client.get(f"/campaigns/{city['campaign']}").get_data(as_text=True)
    section = page[page.index('id="events-title"') :]
    section = section[: section.index("</section>")]
    titles = re.findall(r'/events/\d+">([^<]+)</a>', section)
    coming = titles[: titles.index(latest[0])]
    assert len(coming) == 5 and coming == sorted(coming, key=lambda t: int(t.split()[-1]))
    assert titles[len(coming) : len(coming) + 5] == latest
    assert "101 sự kiện" in section and f'href="/events/?campaign={city["campaign"]}"' in section
    assert "Tập huấn: 100" in section and "Lễ phát động: 1" in section
    assert "20 đơn vị tham gia" in section and "và 8 đơn vị khác" in section
    shown_units = re.findall(r'unit=[^"]+">(Quận \d+)</a>', section)
    assert shown_units == [f"Quận {number:02d}" for number in range(12)]
    by_unit = re.search(r'href="(/events/\?campaign=\d+&amp;unit=[^"]+)">Quận 00', section)
    listed = client.get(by_unit.group(1).replace("&amp;", "&"))
    assert listed.status_code == 200 and "5 trên tổng số 5" in listed.get_data(as_text=True)


def test_the_home_page_shows_the_launch_with_its_officials(app, client, city):
    sign_in(app, client, "organizer")
    hub = f"/campaigns/{city['campaign']}"
    client.post(f"{hub}/choose", data={"csrf_token": csrf_token(client, hub)})
    add_events(app, city, 10)
    home = client.get("/").get_data(as_text=True)
    launch = home[home.index('id="launch-title"') : home.index('id="events-title"')]
    assert "Lễ phát động thành phố" in launch
    assert "Nguyễn Thị Hà" in launch and "Chử Xuân Dũng" in launch
    assert '<span class="figure">11</span>' in home and '<span class="figure">10</span>' in home
