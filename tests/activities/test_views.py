"""The activity pages as their users work them, with CSRF on: the organizer plans an activity
and its targets; an official of Ba Vì reports 60 of 100 participants; the organizer sends it
back; the official answers with a new version; the history shows both. Permissions, bad input
and double submits."""

import datetime as dt
import re

import pytest
import sqlalchemy as sa

from campaign.activities.models import Activity, ActivityTarget, Measure, ProgressReport
from campaign.extensions import db
from tests import factories
from tests.conftest import csrf_token

TODAY = dt.date(2022, 11, 25)


def text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr("campaign.activities.views.local_today", lambda: TODAY)
    monkeypatch.setattr("campaign.reports.views.local_today", lambda: TODAY)


def sign_in_as(client, username: str) -> None:
    client.get("/logout")
    response = client.post("/login", data={
        "username": username, "password": factories.PASSWORD,
        "csrf_token": csrf_token(client, "/login")})  # fmt: skip
    assert response.status_code == 302


def form_of(client, path: str) -> dict:
    """The hidden fields of the form at ``path`` (its CSRF and submission tokens)."""
    page = text(client.get(path))
    return dict(re.findall(r'<input[^>]*name="(csrf_token|submission)"[^>]*value="([^"]+)"', page))


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_plan_report_send_back_correct_and_read_the_totals(app, client, training):
    activity_path = f"/activities/{training['activity']}"
    sign_in_as(client, "can.bo.bavi")
    tokens = form_of(client, f"{activity_path}/report")
    sent = client.post(f"{activity_path}/report", data={
        **tokens, "unit": training["ba_vi"], "done_on": "20/11/2022", "figure-sessions": "1",
        "figure-participants": "60", "women": "45", "note": "Lớp tại Tản Lĩnh", "event": ""})  # fmt: skip
    assert sent.status_code == 302, text(sent)
    again = client.post(f"{activity_path}/report", data={
        **tokens, "unit": training["ba_vi"], "done_on": "20/11/2022", "figure-participants": "60"})  # fmt: skip
    assert again.status_code == 302  # the same form sent twice: one report
    with app.app_context():
        assert count(ProgressReport) == 1
        report_id = db.session.scalar(sa.select(ProgressReport.id))
    page = text(client.get(activity_path))
    assert 'value="60"' in page and "60%" in page and "30%" in page  # Ba Vì, and the total

    sign_in_as(client, "to.chuc")
    listed = text(client.get(f"/activities/?campaign={training['campaign']}"))
    assert "1 báo cáo chờ duyệt" in listed and "30%" in listed
    returned = client.post(f"/activities/reports/{report_id}/review", data={
        "csrf_token": csrf_token(client, activity_path), "decision": "return",
        "reason": "thiếu danh sách học viên"})  # fmt: skip
    assert returned.status_code == 302

    sign_in_as(client, "can.bo.bavi")
    page = text(client.get(activity_path))
    assert "thiếu danh sách học viên" in page and "Trả lời bằng phiên bản mới" in page
    tokens = form_of(client, f"/activities/reports/{report_id}/correct")
    corrected = client.post(f"/activities/reports/{report_id}/correct", data={
        **tokens, "unit": training["ba_vi"], "done_on": "20/11/2022", "figure-sessions": "1",
        "figure-participants": "62", "women": "47", "note": "Lớp tại Tản Lĩnh", "event": "",
        "reply": "Đã bổ sung danh sách học viên"})  # fmt: skip
    assert corrected.status_code == 302, text(corrected)
    page = text(client.get(activity_path))
    assert "phiên bản 2" in page and "phiên bản 1" in page and "Đã được thay bằng phiên bản mới" in page
    assert "62%" in page and "Đã bổ sung danh sách học viên" in page


def test_the_organizer_plans_an_activity_with_targets(app, client, training):
    sign_in_as(client, "to.chuc")
    path = f"/activities/new?campaign={training['campaign']}"
    page = text(client.get(path))
    assert f'value="{training["ba_vi"]}"' in page
    created = client.post(path, data={
        **form_of(client, path), "title": "Kiểm tra liên ngành về bình đẳng giới",
        "kind": "inspection", "lead_organization": "", "units": [str(training["ba_vi"])],
        "planned_start": "16/11/2022", "due_date": "10/12/2022", "description": ""})  # fmt: skip
    assert created.status_code == 302, text(created)
    activity_path = created.headers["Location"]
    targets_path = f"{activity_path}/targets"
    saved = client.post(targets_path, data={
        "csrf_token": csrf_token(client, targets_path),
        f"target-{training['ba_vi']}-inspections": "4",
        f"target-{training['ba_vi']}-violations": "", f"baseline-{training['ba_vi']}-inspections": "1"})  # fmt: skip
    assert saved.status_code == 302, text(saved)
    with app.app_context():
        activity = db.session.scalars(sa.select(Activity).where(Activity.kind == "inspection")).one()
        assert [(t.measure, t.target, t.baseline) for t in activity.targets] == [
            (Measure.INSPECTIONS, 4, 1)]  # fmt: skip


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"figure-participants": "-5"}, "Nhập một số nguyên từ 0 trở lên."),
        ({"figure-participants": "99999999999999999999"}, "Nhập một số nguyên từ 0 trở lên."),
        ({"figure-participants": "60", "women": "61"}, "không thể nhiều hơn số người tham gia (60)"),
        ({"done_on": "30/11/2022"}, "không thể là một ngày trong tương lai"),
        ({"done_on": "01/11/2022"}, "trước ngày dự kiến bắt đầu"),
        ({"done_on": "31/02/2022"}, "dd/mm/yyyy"),
        ({"figure-participants": "", "figure-sessions": ""}, "Nhập ít nhất một số liệu."),
        ({"note": "Ghi chú\x00"}, "NUL"),
    ],
)
def test_bad_input_gets_a_clear_message_and_writes_nothing(app, client, training, changes, message):
    sign_in_as(client, "can.bo.bavi")
    path = f"/activities/{training['activity']}/report"
    data = {**form_of(client, path), "unit": training["ba_vi"], "done_on": "20/11/2022",
            "figure-participants": "60", **changes}  # fmt: skip
    response = client.post(path, data=data)
    assert response.status_code in (400, 422), text(response)
    assert message in text(response)
    with app.app_context():
        assert count(ProgressReport) == 0


def test_who_may_report_review_and_plan(app, client, training):
    activity_path = f"/activities/{training['activity']}"
    sign_in_as(client, "can.bo.sontay")  # may report for Sơn Tây only
    page = text(client.get(f"{activity_path}/report"))
    assert f'value="{training["son_tay"]}"' in page and f'value="{training["ba_vi"]}"' not in page
    response = client.post(f"{activity_path}/report", data={
        **form_of(client, f"{activity_path}/report"), "unit": training["ba_vi"],
        "done_on": "20/11/2022", "figure-participants": "10"})  # fmt: skip
    assert response.status_code == 422  # not a choice she is offered
    assert client.get(f"{activity_path}/targets").status_code == 403
    assert client.get(f"/activities/new?campaign={training['campaign']}").status_code == 403
    factories_user = "staff"
    from tests.conftest import sign_in

    sign_in(app, client, factories_user)
    assert client.get(activity_path).status_code == 200
    assert client.get(f"{activity_path}/report").status_code == 403


def test_the_board_of_a_unit_and_the_exports_of_the_list(app, client, training):
    with app.app_context():
        activity = db.session.get(Activity, training["activity"])
        late = factories.activity(activity.campaign, activity.units, title="Truyền thông muộn",
                                  due_date=dt.date(2022, 11, 20), kind="communication",
                                  targets={Measure.PEOPLE_REACHED: 500})  # fmt: skip
        db.session.commit()
        late_id = late.id
    sign_in_as(client, "to.chuc")
    board = text(client.get(f"/activities/units/{training['ba_vi']}?campaign={training['campaign']}"))
    assert "Truyền thông muộn" in board and "Quá hạn" in board and "0 / 500" in board
    overdue = text(client.get(f"/activities/?campaign={training['campaign']}&overdue=y"))
    assert f"/activities/{late_id}" in overdue and f"/activities/{training['activity']}\"" not in overdue
    exported = text(client.get(f"/reports/activities?campaign={training['campaign']}&overdue=y&format=csv"))
    rows = exported.strip().splitlines()
    assert len(rows) == 2 and "Truyền thông muộn" in rows[1] and ",Có," in rows[1]
    printed = client.get(f"/reports/activities?campaign={training['campaign']}&format=print")
    assert printed.status_code == 200 and "Tập huấn phòng chống bạo lực gia đình" in text(printed)
    with app.app_context():
        assert count(ActivityTarget) == 4


def test_the_summary_and_the_dashboard_show_progress_by_unit_and_kind(app, client, training):
    from campaign.activities.models import ProgressFigure

    with app.app_context():
        db.session.add(ProgressReport(
            activity_id=training["activity"], unit_id=training["ba_vi"],
            done_on=dt.date(2022, 11, 20), status="accepted",
            figures=[ProgressFigure(measure="participants", value=60)]))  # fmt: skip
        db.session.commit()
    sign_in_as(client, "to.chuc")
    dashboard = text(client.get("/reports/dashboard"))
    assert "Tiến độ hoạt động theo đơn vị và loại hoạt động" in dashboard
    assert re.search(r"<th scope=\"row\">Huyện Ba Vì</th>\s*<td class=\"text-end\">60</td>", dashboard)
    printed = text(client.get(f"/reports/campaigns/{training['campaign']}/summary?format=print"))
    assert "Tiến độ hoạt động theo đơn vị và loại hoạt động" in printed and "Huyện Ba Vì" in printed


def test_the_organizer_links_the_events_that_carried_it_out_and_reports_name_them(
    app, client, training
):
    with app.app_context():
        campaign = db.session.get(Activity, training["activity"]).campaign
        held = factories.event(campaign=campaign, title="Lớp tập huấn tại Tản Lĩnh",
                               starts_at=dt.datetime(2022, 11, 18, 1, 0, tzinfo=dt.UTC))  # fmt: skip
        other = factories.event(campaign=factories.campaign(), title="Sự kiện nơi khác",
                                starts_at=dt.datetime(2022, 11, 18, 1, 0, tzinfo=dt.UTC))  # fmt: skip
        db.session.commit()
        held_id, other_id = held.id, other.id
    sign_in_as(client, "to.chuc")
    path = f"/activities/{training['activity']}"
    page = text(client.get(path))
    assert "Lớp tập huấn tại Tản Lĩnh (18/11/2022)" in page and "Sự kiện nơi khác" not in page
    refused = client.post(f"{path}/events", data={"csrf_token": csrf_token(client, path),
                                                  "events": [str(other_id)]})  # fmt: skip
    assert refused.status_code == 422
    linked = client.post(f"{path}/events", data={"csrf_token": csrf_token(client, path),
                                                 "events": [str(held_id)]})  # fmt: skip
    assert linked.status_code == 302
    sign_in_as(client, "can.bo.bavi")
    report_form = text(client.get(f"{path}/report"))
    assert f'<option value="{held_id}">Lớp tập huấn tại Tản Lĩnh</option>' in report_form
    sent = client.post(f"{path}/report", data={
        **form_of(client, f"{path}/report"), "unit": training["ba_vi"], "done_on": "18/11/2022",
        "figure-participants": "40", "event": str(held_id)})  # fmt: skip
    assert sent.status_code == 302
    assert "Tại sự kiện" in text(client.get(path))


def test_the_activity_and_the_board_of_a_unit_print_and_export(app, client, training):
    import csv
    import io

    from campaign.activities.models import ProgressFigure

    with app.app_context():
        db.session.add(ProgressReport(
            activity_id=training["activity"], unit_id=training["ba_vi"],
            done_on=dt.date(2022, 11, 20), status="accepted",
            figures=[ProgressFigure(measure="participants", value=60)]))  # fmt: skip
        db.session.commit()
    sign_in_as(client, "to.chuc")
    activity_path = f"/activities/{training['activity']}"
    assert f"/reports/activities/{training['activity']}?format=xlsx" in text(client.get(activity_path))
    rows = list(csv.reader(io.StringIO(text(client.get(
        f"/reports/activities/{training['activity']}?format=csv"))[1:])))  # fmt: skip
    assert rows[1:] == [["1", "Huyện Ba Vì", "Số người tham gia", "", "100", "60", "60"],
                        ["2", "Thị xã Sơn Tây", "Số người tham gia", "", "100", "0", "0"]]  # fmt: skip
    board = f"/reports/activities/units/{training['ba_vi']}?campaign={training['campaign']}"
    rows = list(csv.reader(io.StringIO(text(client.get(board + "&format=csv"))[1:])))
    assert rows[1][1] == "Tập huấn phòng chống bạo lực gia đình" and rows[1][-3:] == [
        "Số người tham gia", "100", "60"]  # fmt: skip
    printed = text(client.get(board + "&format=print"))
    assert "Hoạt động của Huyện Ba Vì" in printed
