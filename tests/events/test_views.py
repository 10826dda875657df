"""Registering and running events through the forms, as an organizer does."""

import datetime as dt
import re

import pytest
import sqlalchemy as sa

from campaign.audit.models import AuditEntry
from campaign.campaigns.models import Campaign, CampaignStatus
from campaign.events.models import AgendaItem, Event, EventStatus, Participation
from campaign.extensions import db
from campaign.officials.lookup import OfficialLookup
from campaign.officials.models import OfficialPosition
from tests import factories
from tests.conftest import counted_queries, csrf_token, sign_in

UTC = dt.UTC


def text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def setting(app):
    """A city campaign (15/11–15/12/2022), two districts (one with communes), an organization."""
    with app.app_context():
        hanoi = factories.unit("Hà Nội", "province", full_name="Thành phố Hà Nội")
        son_tay = factories.unit("Sơn Tây", parent=hanoi, full_name="Thị xã Sơn Tây")
        ba_vi = factories.unit("Ba Vì", parent=hanoi, full_name="Huyện Ba Vì")
        communes = [factories.unit(n, "commune", parent=son_tay, full_name=f"Xã {n}")
                    for n in ("Đường Lâm", "Thanh Mỹ")]  # fmt: skip
        factories.keyed_as_loaded(hanoi, son_tay, ba_vi, *communes)
        campaign = factories.campaign(name="Tháng hành động 2022", unit=hanoi)
        committee = factories.organization(
            "Ủy ban nhân dân thành phố Hà Nội", "province", unit=hanoi
        )
        db.session.commit()
        return {"campaign": campaign.id, "son_tay": son_tay.id, "ba_vi": ba_vi.id,
                "communes": [c.id for c in communes], "committee": committee.id}  # fmt: skip


@pytest.fixture
def organizer(app, client):
    sign_in(app, client, "organizer")
    return client


def launch_form(setting, **changes):
    data = {
        "campaign": str(setting["campaign"]), "kind": "launch_ceremony",
        "title": "Lễ phát động Tháng hành động năm 2022", "start_date": "14/11/2022",
        "start_time": "08:00", "end_date": "", "end_time": "11:00", "venue": "Thị xã Sơn Tây",
        "host_unit": str(setting["son_tay"]), "organizer": str(setting["committee"]),
        "units": [str(setting["son_tay"]), str(setting["ba_vi"])], "expected_attendance": "300",
        "description": "",
    }  # fmt: skip
    data.update(changes)
    return data


def post_form(client, url, data):
    page = client.get(url)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', text(page))
    submission = re.search(
        r'id="submission" name="submission" type="hidden" value="([^"]+)"', text(page)
    )
    data = {"csrf_token": token.group(1) if token else csrf_token(client), **data}
    if submission and "submission" not in data:
        data["submission"] = submission.group(1)
    return client.post(url, data=data)


def events(app) -> list[Event]:
    with app.app_context():
        return db.session.scalars(sa.select(Event)).all()


def test_register_the_launch_outside_the_period_is_saved_with_a_warning(app, organizer, setting):
    response = post_form(organizer, "/events/new", launch_form(setting))
    assert response.status_code == 302
    page = text(organizer.get(response.headers["Location"]))
    assert "nằm ngoài thời gian của Tháng hành động" in page
    with app.app_context():
        event = db.session.scalars(sa.select(Event)).one()
        assert event.starts_at == dt.datetime(2022, 11, 14, 1, 0, tzinfo=UTC)
        assert event.ends_at == dt.datetime(2022, 11, 14, 4, 0, tzinfo=UTC)
        assert {u.name for u in event.units} == {"Sơn Tây", "Ba Vì"}
        actions = db.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)).all()
        assert actions[-1] == "create"


def test_choosing_a_district_can_add_its_communes(app, organizer, setting):
    post_form(organizer, "/events/new", launch_form(setting, include_communes="y"))
    with app.app_context():
        event = db.session.scalars(sa.select(Event)).one()
        assert {u.id for u in event.units} == {
            setting["son_tay"],
            setting["ba_vi"],
            *setting["communes"],
        }


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "Vui lòng nhập thông tin này."),
        ({"title": "x" * 256}, "Tối đa 255 ký tự."),
        ({"start_date": "32/13/2022"}, "Nhập ngày theo dạng dd/mm/yyyy"),
        ({"start_date": ""}, "Vui lòng nhập thông tin này."),
        ({"start_time": "25:99"}, "Nhập giờ theo dạng hh:mm"),
        ({"end_date": "13/11/2022"}, "Sự kiện không thể kết thúc trước khi bắt đầu."),
        ({"end_time": "07:00"}, "Sự kiện không thể kết thúc trước khi bắt đầu."),
        ({"host_unit": "999999"}, "Hãy chọn một mục trong danh sách."),
        ({"units": ["999999"]}, "Hãy chọn một mục trong danh sách."),
        ({"campaign": "999999"}, "Hãy chọn một mục trong danh sách."),
        ({"kind": "party"}, "Hãy chọn một mục trong danh sách."),
        ({"expected_attendance": "-5"}, "Số nguyên từ 0 đến 1.000.000."),
        ({"expected_attendance": "nhiều"}, "Số nguyên từ 0 đến 1.000.000."),
    ],
)
def test_bad_input_is_explained_and_nothing_is_written(app, organizer, setting, changes, message):
    response = post_form(organizer, "/events/new", launch_form(setting, **changes))
    assert response.status_code == 422
    assert message in text(response)
    assert events(app) == []
    if changes.get("title", "x"):
        assert "Lễ phát động Tháng hành động năm 2022" in text(response) or "x" * 256 in text(
            response
        )


def test_a_double_click_registers_one_event(app, organizer, setting):
    page = organizer.get("/events/new")
    submission = re.search(r'name="submission" type="hidden" value="([^"]+)"', text(page)).group(1)
    data = launch_form(
        setting, submission=submission, csrf_token=csrf_token(organizer, "/events/new")
    )
    first = organizer.post("/events/new", data=data)
    second = organizer.post("/events/new", data=data)
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert len(events(app)) == 1


def test_markup_in_a_title_is_refused_and_stored_text_is_escaped(app, organizer, setting):
    refused = post_form(
        organizer, "/events/new", launch_form(setting, title="<script>alert(1)</script>")
    )
    assert refused.status_code == 422 and "không dùng thẻ HTML" in text(refused)
    assert events(app) == []
    with app.app_context():
        event = factories.event(title="Tọa đàm <b>an toàn</b>",
                                campaign=db.session.get(factories.Campaign, setting["campaign"]))  # fmt: skip
        db.session.commit()
        event_id = event.id
    page = text(organizer.get(f"/events/{event_id}"))
    assert "<b>an toàn</b>" not in page and "&lt;b&gt;an toàn&lt;/b&gt;" in page


def test_a_closed_campaign_refuses_new_events_with_a_message(app, organizer, setting):
    with app.app_context():
        event = factories.event(campaign=db.session.get(factories.Campaign, setting["campaign"]))
        event.campaign.status = CampaignStatus.CLOSED
        db.session.commit()
        event_id = event.id
    response = post_form(organizer, f"/events/{event_id}/edit", launch_form(setting))
    assert response.status_code == 409
    assert "Tháng hành động này đã kết thúc" in text(response)


def test_edit_keeps_the_form_filled_and_saves(app, organizer, setting):
    post_form(organizer, "/events/new", launch_form(setting))
    event_id = events(app)[0].id
    page = text(organizer.get(f"/events/{event_id}/edit"))
    assert 'value="14/11/2022"' in page and 'value="08:00"' in page
    response = post_form(
        organizer, f"/events/{event_id}/edit", launch_form(setting, venue="Sân vận động Sơn Tây")
    )
    assert response.status_code == 302
    assert events(app)[0].venue == "Sân vận động Sơn Tây"


def test_status_changes_need_what_they_need(app, organizer, setting):
    post_form(organizer, "/events/new", launch_form(setting))
    event_id = events(app)[0].id
    url = f"/events/{event_id}/status"
    token = csrf_token(organizer, f"/events/{event_id}")
    refused = organizer.post(url, data={"status": "cancelled", "reason": "", "csrf_token": token})
    assert refused.status_code == 422 and "Nêu lý do" in text(refused)
    held = organizer.post(url, data={"status": "held", "actual_attendance": "320",
                                     "outcome": "Trao 100 suất quà", "csrf_token": token})  # fmt: skip
    assert held.status_code == 302
    with app.app_context():
        event = db.session.get(Event, event_id)
        assert (event.status, event.actual_attendance, event.outcome) == (
            EventStatus.HELD,
            320,
            "Trao 100 suất quà",
        )
    postponed = organizer.post(
        url, data={"status": "postponed", "reason": "Mưa bão", "csrf_token": token}
    )
    assert postponed.status_code == 302 and events(app)[0].status_reason == "Mưa bão"


def test_a_future_event_cannot_be_marked_held(app, organizer, setting):
    next_year = str(dt.date.today().year + 1)
    post_form(organizer, "/events/new", launch_form(setting, start_date=f"14/11/{next_year}"))
    event_id = events(app)[0].id
    response = organizer.post(
        f"/events/{event_id}/status",
        data={"status": "held", "csrf_token": csrf_token(organizer, f"/events/{event_id}")},
    )
    assert response.status_code == 422


@pytest.fixture
def launch_with_officials(app, setting):
    with app.app_context():
        hanoi_committee = db.session.get(factories.Organization, setting["committee"])
        ministry = factories.organization("Bộ Lao động - Thương binh và Xã hội", "central")
        town = factories.organization("Ủy ban nhân dân thị xã Sơn Tây", "district")
        event = factories.event(campaign=db.session.get(factories.Campaign, setting["campaign"]))
        people = {
            "Lê Đại Thăng": factories.official("Lê Đại Thăng", "Phó Chủ tịch", town),
            "Chử Xuân Dũng": factories.official("Chử Xuân Dũng", "Phó Chủ tịch", hanoi_committee),
            "Nguyễn Thị Hà": factories.official("Nguyễn Thị Hà", "Thứ trưởng", ministry),
        }
        db.session.commit()
        return {
            "event": event.id,
            **{name: (p.id, p.positions[0].id) for name, p in people.items()},
        }


def choice(app, official_id: int, position_id: int) -> str:
    """What an organizer picks for the official in that position: its label in the picker."""
    with app.app_context():
        position = db.session.get(OfficialPosition, position_id)
        assert position.official_id == official_id
        return OfficialLookup().label(position)


def officials_in_order(page: str) -> list[str]:
    section = page[page.index('id="officials"') : page.index('id="programme"')]
    return re.findall(r'/officials/\d+">([^<]+)</a>', section)


def test_officials_are_listed_in_protocol_order_and_can_be_reordered(
    app, organizer, launch_with_officials
):
    data = launch_with_officials
    url = f"/events/{data['event']}"
    for name, role in (("Lê Đại Thăng", "response_speech"), ("Chử Xuân Dũng", "keynote"),
                       ("Nguyễn Thị Hà", "guest_of_honour")):  # fmt: skip
        official, position = data[name]
        response = organizer.post(
            f"{url}/participants",
            data={
                "official": choice(app, official, position),
                "role": role,
                "csrf_token": csrf_token(organizer, url),
            },
        )
        assert response.status_code == 302
    assert officials_in_order(text(organizer.get(url))) == [
        "Nguyễn Thị Hà",
        "Chử Xuân Dũng",
        "Lê Đại Thăng",
    ]
    again = organizer.post(
        f"{url}/participants",
        data={
            "official": choice(app, *data["Chử Xuân Dũng"]),
            "role": "keynote",
            "csrf_token": csrf_token(organizer, url),
        },
    )
    assert again.status_code == 409 and "đã tham gia với vai trò này" in text(again)
    with app.app_context():
        participations = db.session.scalars(
            sa.select(Participation).order_by(Participation.id)
        ).all()
        ids = [p.id for p in participations]
        second_district = factories.official(
            "Đỗ Văn Hùng", "Chủ tịch", participations[0].official_position.organization
        )
        db.session.commit()
        hung = (second_district.id, second_district.positions[0].id)
    organizer.post(
        f"{url}/participants",
        data={
            "official": choice(app, *hung),
            "role": "delegate",
            "csrf_token": csrf_token(organizer, url),
        },
    )
    assert officials_in_order(text(organizer.get(url)))[-2:] == ["Lê Đại Thăng", "Đỗ Văn Hùng"]
    with app.app_context():
        hung = (
            db.session.scalars(sa.select(Participation).where(Participation.role == "delegate"))
            .one()
            .id
        )
    organizer.post(
        f"{url}/participants/{hung}/move",
        data={"direction": "up", "csrf_token": csrf_token(organizer, url)},
    )
    assert officials_in_order(text(organizer.get(url)))[-2:] == ["Đỗ Văn Hùng", "Lê Đại Thăng"]
    organizer.post(
        f"{url}/participants/{ids[0]}",
        data={"attended": "yes", "csrf_token": csrf_token(organizer, url)},
    )
    organizer.post(
        f"{url}/participants/{ids[1]}/delete", data={"csrf_token": csrf_token(organizer, url)}
    )
    with app.app_context():
        assert db.session.get(Participation, ids[0]).attended is True
        assert db.session.get(Participation, ids[1]) is None


def test_a_participation_of_another_event_is_404(app, organizer, launch_with_officials):
    with app.app_context():
        other = factories.event(title="Tập huấn")
        official = factories.official("Vũ Thị Uyên")
        participation = Participation(event=other, official=official, role="delegate",
                                      official_position=official.positions[0])  # fmt: skip
        db.session.add(participation)
        db.session.commit()
        participation_id = participation.id
    url = f"/events/{launch_with_officials['event']}"
    response = organizer.post(f"{url}/participants/{participation_id}/delete",
                              data={"csrf_token": csrf_token(organizer, url)})  # fmt: skip
    assert response.status_code == 404


def test_the_programme_is_built_and_ordered(app, organizer, launch_with_officials):
    url = f"/events/{launch_with_officials['event']}"
    for time, title in (("08:30", "Phát biểu hưởng ứng"), ("08:00", "Phát biểu phát động"),
                        ("", "Trao quà cho 100 phụ nữ")):  # fmt: skip
        response = organizer.post(f"{url}/agenda", data={"time": time, "title": title, "speaker": "",
                                                         "speaker_note": "Ban tổ chức", "csrf_token": csrf_token(organizer, url)})  # fmt: skip
        assert response.status_code == 302
    bad = organizer.post(
        f"{url}/agenda", data={"time": "8h", "title": "", "csrf_token": csrf_token(organizer, url)}
    )
    assert bad.status_code == 422 and "Nhập giờ theo dạng hh:mm" in text(bad)
    with app.app_context():
        second = db.session.scalars(
            sa.select(AgendaItem).where(AgendaItem.title == "Phát biểu phát động")
        ).one()
    organizer.post(
        f"{url}/agenda/{second.id}/move",
        data={"direction": "up", "csrf_token": csrf_token(organizer, url)},
    )
    with app.app_context():
        titles = db.session.scalars(sa.select(AgendaItem.title).order_by(AgendaItem.position)).all()
    assert titles == ["Phát biểu phát động", "Phát biểu hưởng ứng", "Trao quà cho 100 phụ nữ"]


@pytest.fixture
def many_events(app, setting):
    def make(count: int):
        with app.app_context():
            campaign = db.session.get(factories.Campaign, setting["campaign"])
            son_tay = db.session.get(factories.AdministrativeUnit, setting["son_tay"])
            for number in range(count):
                event = factories.event(campaign=campaign, title=f"Tập huấn số {number}",
                                        kind="training" if number % 2 else "communication",
                                        starts_at=dt.datetime(2022, 11, 16, 1, tzinfo=UTC)
                                        + dt.timedelta(days=number % 20),
                                        host_unit=son_tay)  # fmt: skip
                event.units = [son_tay]
            db.session.commit()

    return make


def row_titles(page: str) -> list[str]:
    return re.findall(r'/events/\d+">([^<]+)</a>', page)


def next_link(page: str) -> str:
    return re.search(r'rel="next" href="([^"]+)"', page).group(1).replace("&amp;", "&")


def test_the_list_filters_sorts_and_pages(app, organizer, setting, many_events):
    many_events(60)
    page = text(organizer.get("/events/?kind=training"))
    assert "Tập huấn số 1<" in page and "Tập huấn số 2<" not in page
    assert "30 trên tổng số 30" in page and 'rel="next"' not in page
    ranged = text(organizer.get("/events/?since=16/11/2022&until=16/11/2022"))
    assert "3 trên tổng số 3" in ranged
    latest = text(organizer.get("/events/?sort=-date"))
    assert row_titles(latest)[0] in {"Tập huấn số 19", "Tập huấn số 39", "Tập huấn số 59"}
    by_unit = text(organizer.get("/events/?unit=Thị+xã+Sơn+Tây"))
    assert "50 trên tổng số 60" in by_unit and 'value="Thị xã Sơn Tây, Thành phố Hà Nội' in by_unit
    assert organizer.get("/events/?sort=evil").status_code == 400


@pytest.mark.parametrize("sort", ["date", "-date", "title", "kind", "status"])
def test_each_order_pages_through_every_event_once(app, organizer, many_events, sort):
    many_events(60)
    with app.app_context():
        if sort == "status":  # two statuses, so that the order has ties to break
            for event in db.session.scalars(sa.select(Event).where(Event.id % 3 == 0)):
                event.status = EventStatus.CANCELLED
            db.session.commit()
    first = text(organizer.get(f"/events/?sort={sort}"))
    second = text(organizer.get(next_link(first)))
    assert 'rel="next"' not in second and 'rel="prev"' in second
    seen = row_titles(first) + row_titles(second)
    assert len(seen) == len(set(seen)) == 60
    last = text(organizer.get(f"/events/?sort={sort}&last=1"))
    assert row_titles(last) == seen[-50:]  # the last page is full
    back = re.search(r'rel="prev" href="([^"]+)"', second).group(1).replace("&amp;", "&")
    assert row_titles(text(organizer.get(back))) == row_titles(first)


def test_the_list_opens_at_a_date(app, organizer, many_events):
    many_events(60)  # three events a day from 16/11/2022 to 05/12/2022
    page = text(organizer.get("/events/?from=20/11/2022"))
    assert row_titles(page)[:3] == ["Tập huấn số 4", "Tập huấn số 24", "Tập huấn số 44"]
    assert 'rel="prev"' in page and "60" in page
    latest = text(organizer.get("/events/?sort=-date&from=20/11/2022"))
    assert row_titles(latest)[:3] == ["Tập huấn số 44", "Tập huấn số 24", "Tập huấn số 4"]
    by_title = organizer.get("/events/?sort=title&from=20/11/2022")
    assert by_title.status_code == 400 and "sắp xếp danh sách theo ngày" in text(by_title)


def test_a_damaged_cursor_is_refused(organizer, many_events):
    many_events(3)
    response = organizer.get("/events/?after=bm90IGEgY3Vyc29y")
    assert response.status_code == 400


def test_list_and_timeline_run_a_fixed_number_of_queries(app, organizer, many_events):
    many_events(3)
    with counted_queries(app) as few:
        organizer.get("/events/")
    with counted_queries(app) as few_days:
        organizer.get("/events/calendar")
    many_events(57)
    with counted_queries(app) as many:
        organizer.get("/events/")
    with counted_queries(app) as many_days:
        assert "16/11/2022" in text(organizer.get("/events/calendar"))
    assert len(few) == len(many) and len(few_days) == len(many_days)


def test_the_event_page_runs_a_fixed_number_of_queries(app, organizer, launch_with_officials):
    url = f"/events/{launch_with_officials['event']}"
    with counted_queries(app) as empty:
        organizer.get(url)
    for name, role in (("Lê Đại Thăng", "response_speech"), ("Chử Xuân Dũng", "keynote"),
                       ("Nguyễn Thị Hà", "guest_of_honour")):  # fmt: skip
        organizer.post(f"{url}/participants", data={"official": choice(app, *launch_with_officials[name]),
                                                    "role": role, "csrf_token": csrf_token(organizer, url)})  # fmt: skip
    with counted_queries(app) as full:
        organizer.get(url)
    assert len(full) == len(empty)


@pytest.mark.usefixtures("demo")
def test_the_demo_launch_page_reads_like_the_news_report(app, organizer):
    with app.app_context():
        launch = db.session.scalars(
            sa.select(Event).join(Event.campaign).where(Campaign.year == 2022)
        ).one()
    page = text(organizer.get(f"/events/{launch.id}"))
    assert officials_in_order(page) == ["Nguyễn Thị Hà", "Chử Xuân Dũng", "Lê Đại Thăng"]
    for words in (
        "Thứ trưởng, Bộ Lao động - Thương binh và Xã hội",
        "Phát biểu chỉ đạo",
        "Phát biểu hưởng ứng",
        "Ấn nút phát động Tháng hành động",
        "Đã trao 100/100 phần quà.",
        "Huyện Ba Vì",
        "Huyện Phúc Thọ",
        "Huyện Mỹ Đức",
        "Huyện Ứng Hòa",
        "08:00 14/11/2022",
    ):
        assert words in page, words


def test_the_timeline_says_when_it_shows_only_part(app, organizer, many_events, monkeypatch):
    monkeypatch.setattr("campaign.events.views.TIMELINE_LIMIT", 5)
    many_events(6)
    page = text(organizer.get("/events/calendar"))
    assert page.count("/events/") >= 5 and "Chỉ hiển thị" in page


def test_a_newcomer_is_seated_by_precedence_within_the_level(app, organizer, launch_with_officials):
    data = launch_with_officials
    url = f"/events/{data['event']}"
    with app.app_context():
        deputy = db.session.get(factories.Official, data["Chử Xuân Dũng"][0])
        committee = deputy.positions[0].organization
        deputy.positions[0].precedence = 20
        chair = factories.official("Trần Sỹ Thanh", "Chủ tịch", committee)
        chair.positions[0].precedence = 10
        db.session.commit()
        chair_position = (chair.id, chair.positions[0].id)
    add = {"csrf_token": csrf_token(organizer, url)}
    organizer.post(
        f"{url}/participants",
        data={**add, "official": choice(app, *data["Chử Xuân Dũng"]), "role": "keynote"},
    )
    organizer.post(
        f"{url}/participants",
        data={**add, "official": choice(app, *data["Lê Đại Thăng"]), "role": "delegate"},
    )
    organizer.post(
        f"{url}/participants",
        data={**add, "official": choice(app, *chair_position), "role": "chair"},
    )
    assert officials_in_order(text(organizer.get(url))) == [
        "Trần Sỹ Thanh",
        "Chử Xuân Dũng",
        "Lê Đại Thăng",
    ]


@pytest.mark.parametrize(
    "path",
    [
        "/events/99999999999999999999",
        "/campaigns/99999999999999999999",
        "/officials/99999999999999999999",
        "/organizations/99999999999999999999",
        "/beneficiaries/99999999999999999999",
        "/places/99999999999999999999",
    ],
)
def test_an_id_beyond_the_database_is_404_not_500(organizer, path):
    assert organizer.get(path).status_code == 404


def test_a_campaign_filter_beyond_the_database_is_ignored(organizer):
    assert organizer.get("/events/?campaign=99999999999999999999").status_code == 200


def test_editing_an_event_keeps_its_communes(app, organizer, setting):
    post_form(organizer, "/events/new", launch_form(setting, include_communes="y"))
    event_id = events(app)[0].id
    form_page = text(organizer.get(f"/events/{event_id}/edit"))
    data = launch_form(setting, title="Lễ phát động (sửa)",
                       units=[str(u) for u in (setting["son_tay"], setting["ba_vi"], *setting["communes"])])  # fmt: skip
    assert "Xã Đường Lâm" in form_page
    assert post_form(organizer, f"/events/{event_id}/edit", data).status_code == 302
    with app.app_context():
        assert len(db.session.get(Event, event_id).units) == 4


def test_a_refused_status_change_keeps_what_was_typed(app, organizer, setting):
    post_form(organizer, "/events/new", launch_form(setting))
    event_id = events(app)[0].id
    response = organizer.post(
        f"/events/{event_id}/status",
        data={
            "status": "cancelled",
            "reason": "Mưa bão kéo dài",
            "actual_attendance": "abc",
            "csrf_token": csrf_token(organizer, f"/events/{event_id}"),
        },
    )
    assert response.status_code == 422 and "Mưa bão kéo dài" in text(response)


def test_the_programme_form_sent_twice_adds_one_item(app, organizer, launch_with_officials):
    url = f"/events/{launch_with_officials['event']}"
    page = text(organizer.get(url))
    section = page[page.index('id="programme"') :]
    submission = re.search(r'name="submission" type="hidden" value="([^"]+)"', section).group(1)
    data = {"title": "Khai mạc", "time": "08:00", "speaker": "", "speaker_note": "",
            "submission": submission, "csrf_token": csrf_token(organizer, url)}  # fmt: skip
    assert organizer.post(f"{url}/agenda", data=data).status_code == 302
    assert organizer.post(f"{url}/agenda", data=data).status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AgendaItem)) == 1


def test_a_closed_campaigns_event_page_offers_no_changes(app, organizer, setting):
    post_form(organizer, "/events/new", launch_form(setting))
    event_id = events(app)[0].id
    with app.app_context():
        db.session.get(Event, event_id).campaign.status = CampaignStatus.CLOSED
        db.session.commit()
    page = text(organizer.get(f"/events/{event_id}"))
    assert "Tháng hành động này đã kết thúc" in page
    assert f"/events/{event_id}/edit" not in page and "/participants" not in page


def add_official(client, url, choice, role):
    return client.post(f"{url}/participants", data={
        "official": choice, "role": role, "csrf_token": csrf_token(client, url),
    }, follow_redirects=True)  # fmt: skip


def test_adding_an_official_says_so_and_a_second_role_is_flagged(
    app, organizer, launch_with_officials
):
    """One person may speak and present the gifts (a second role is saved, with a warning);
    protocol introduces her in one capacity, so a second capacity is refused."""
    url = f"/events/{launch_with_officials['event']}"
    official_id, position_id = launch_with_officials["Chử Xuân Dũng"]
    picked = choice(app, official_id, position_id)
    first = add_official(organizer, url, picked, "keynote")
    assert "Đã thêm Chử Xuân Dũng với vai trò Phát biểu chỉ đạo." in text(first)
    second = add_official(organizer, url, picked, "gift_presenter")
    assert second.status_code == 200
    assert ("Chử Xuân Dũng đã tham gia sự kiện này với vai trò Phát biểu chỉ đạo; nay thêm "
            "vai trò Trao quà.") in text(second)  # fmt: skip
    with app.app_context():
        official = db.session.get(factories.Official, official_id)
        other = factories.OfficialPosition(
            title="Trưởng ban",
            organization=factories.organization("Ban Vì sự tiến bộ phụ nữ"),
            rank=1,
        )
        official.positions.append(other)
        db.session.commit()
        other_position = other.id
    refused = add_official(organizer, url, choice(app, official_id, other_position), "delegate")
    assert refused.status_code == 409
    assert "Chử Xuân Dũng đã tham gia sự kiện này với tư cách Phó Chủ tịch" in text(refused)
    with app.app_context():
        roles = db.session.scalars(sa.select(Participation.role).order_by(Participation.id))
        assert list(roles) == ["keynote", "gift_presenter"]


def test_removing_an_official_asks_first_and_works_without_scripts(
    app, organizer, launch_with_officials
):
    url = f"/events/{launch_with_officials['event']}"
    add_official(organizer, url, choice(app, *launch_with_officials["Lê Đại Thăng"]),
                 "response_speech")  # fmt: skip
    with app.app_context():
        participation_id = db.session.scalar(sa.select(Participation.id))
    removal = f"{url}/participants/{participation_id}/delete"
    page = text(organizer.get(url))
    assert f'href="{removal}"' in page and f'action="{removal}"' not in page
    question = organizer.get(removal)
    assert question.status_code == 200
    assert "Bỏ Lê Đại Thăng (Phát biểu hưởng ứng) khỏi “Lễ phát động”?" in text(question)
    assert f'action="{removal}"' in text(question)
    with app.app_context():
        assert db.session.get(Participation, participation_id) is not None
    done = organizer.post(removal, data={"csrf_token": csrf_token(organizer, removal)},
                          follow_redirects=True)  # fmt: skip
    assert "Đã bỏ Lê Đại Thăng (Phát biểu hưởng ứng) khỏi sự kiện." in text(done)
    with app.app_context():
        assert db.session.get(Participation, participation_id) is None


def test_the_status_form_shows_what_was_recorded(app, organizer, setting):
    with app.app_context():
        event = factories.event(
            campaign=db.session.get(factories.Campaign, setting["campaign"]),
            status=EventStatus.HELD, actual_attendance=320,
            outcome="Trao 100 suất quà cho phụ nữ có hoàn cảnh khó khăn",
        )  # fmt: skip
        db.session.commit()
        event_id = event.id
    page = text(organizer.get(f"/events/{event_id}"))
    form = page[page.index(f'action="/events/{event_id}/status"') :]
    assert re.search(r'<option selected value="held">|<option value="held" selected>', form)
    assert 'value="320"' in form
    assert "Trao 100 suất quà cho phụ nữ có hoàn cảnh khó khăn</textarea>" in form


def test_the_campaign_hub_offers_to_register_an_event(organizer, setting):
    page = text(organizer.get(f"/campaigns/{setting['campaign']}"))
    assert f'href="/events/new?campaign={setting["campaign"]}"' in page


def test_the_official_is_picked_by_typing_with_or_without_scripts(
    app, organizer, launch_with_officials
):
    """No dropdown of every official's positions: a text box with suggestions; without
    JavaScript, part of a name offers each matching position back as a button."""
    data = launch_with_officials
    url = f"/events/{data['event']}"
    with app.app_context():
        dung = db.session.get(factories.Official, data["Chử Xuân Dũng"][0])
        dung.positions.append(OfficialPosition(
            title="Trưởng ban", organization=factories.organization("Ban Vì sự tiến bộ phụ nữ"),
            rank=1))  # fmt: skip
        db.session.commit()
        second = dung.positions[1].id
    page = text(organizer.get(url))
    form = page[page.index(f'action="/events/{data["event"]}/participants"') :]
    form = form[: form.index("</form>")]
    assert 'data-suggest="/officials/suggest"' in form and form.count("<option") == 7  # roles
    typed = add_official(organizer, url, "chu xuan", "gift_presenter")
    assert typed.status_code == 422
    offered = re.findall(r'<button type="submit"[^>]*name="official" value="([^"]+)"', text(typed))
    assert offered == [
        "Chử Xuân Dũng — Phó Chủ tịch, Ủy ban nhân dân thành phố Hà Nội",
        "Chử Xuân Dũng — Trưởng ban, Ban Vì sự tiến bộ phụ nữ",
    ]
    assert add_official(organizer, url, offered[1], "gift_presenter").status_code == 200
    unknown = add_official(organizer, url, "Không Có Ai", "delegate")
    assert unknown.status_code == 422 and "Không tìm thấy kết quả nào" in text(unknown)
    with app.app_context():
        added = db.session.scalars(sa.select(Participation)).one()
        assert (added.official_id, added.position_id, added.role) == (
            data["Chử Xuân Dũng"][0], second, "gift_presenter")  # fmt: skip


def test_suggestions_name_the_person_and_the_position(app, organizer, launch_with_officials):
    response = organizer.get("/officials/suggest?q=le+dai")
    assert response.status_code == 200
    assert response.get_json() == {
        "suggestions": ["Lê Đại Thăng — Phó Chủ tịch, Ủy ban nhân dân thị xã Sơn Tây"]
    }
    assert organizer.get("/officials/suggest?q=l").get_json() == {"suggestions": []}
