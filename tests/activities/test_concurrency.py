"""Two people act on one report at the same instant, through a running server, on each engine:
of two corrections of the same version one is kept and the other told to reload; of two
reviews one decides. Nothing is stored twice and no request fails."""

import datetime as dt
import re
import threading

import sqlalchemy as sa

from campaign.activities.models import ProgressFigure, ProgressReport, ReportStatus
from campaign.extensions import db
from tests import factories
from tests.http import LiveClient

SUBMISSION = re.compile(r'name="submission"[^>]*value="([^"]+)"')


def a_report(app, training) -> int:
    with app.app_context():
        report = ProgressReport(
            activity_id=training["activity"], unit_id=training["ba_vi"],
            done_on=dt.date(2022, 11, 20), reported_by_id=training["user_ba_vi"],
            figures=[ProgressFigure(measure="participants", value=60)],
        )  # fmt: skip
        db.session.add(report)
        db.session.commit()
        return report.id


def at_once(calls) -> list[tuple[int, str]]:
    start = threading.Barrier(len(calls))
    answers: list = [None] * len(calls)

    def run(index):
        start.wait(timeout=30)
        answers[index] = calls[index]()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return answers


def signed_in(live_server, username: str) -> LiveClient:
    client = LiveClient(live_server)
    assert client.sign_in(username, factories.PASSWORD) == 302
    return client


def test_two_corrections_of_one_version_keep_one(app, live_server, training, monkeypatch):
    monkeypatch.setattr("campaign.activities.views.local_today", lambda: dt.date(2022, 11, 25))
    report_id = a_report(app, training)
    path = f"/activities/reports/{report_id}/correct"
    clients = [signed_in(live_server, "can.bo.bavi") for _ in range(4)]
    forms = []
    for number, client in enumerate(clients):
        page = client.request(path)[1]
        forms.append({
            "csrf_token": client.csrf_token(path), "submission": SUBMISSION.search(page).group(1),
            "unit": training["ba_vi"], "done_on": "20/11/2022",
            "figure-participants": str(61 + number), "reply": ""})  # fmt: skip
    answers = at_once([lambda c=client, f=form: c.request(path, f)
                       for client, form in zip(clients, forms, strict=True)])  # fmt: skip
    statuses = sorted(status for status, _body in answers)
    assert statuses == [302, 409, 409, 409], [(s, b[-300:]) for s, b in answers]
    assert all("tải lại trang" in body for status, body in answers if status == 409)
    with app.app_context():
        versions = db.session.execute(
            sa.select(ProgressReport.version, ProgressReport.status).order_by(ProgressReport.id)
        ).all()
        assert versions == [(1, ReportStatus.SUPERSEDED), (2, ReportStatus.SUBMITTED)]


def test_two_reviews_at_once_decide_once(app, live_server, training):
    report_id = a_report(app, training)
    path = f"/activities/reports/{report_id}/review"
    clients = [signed_in(live_server, name) for name in ("to.chuc", "to.chuc.2")]
    tokens = [client.csrf_token(f"/activities/{training['activity']}") for client in clients]
    answers = at_once([
        lambda: clients[0].request(path, {"csrf_token": tokens[0], "decision": "accept",
                                          "reason": ""}),
        lambda: clients[1].request(path, {"csrf_token": tokens[1], "decision": "return",
                                          "reason": "thiếu danh sách học viên"}),
    ])  # fmt: skip
    assert sorted(status for status, _body in answers) == [302, 409], answers
    with app.app_context():
        status = db.session.scalar(sa.select(ProgressReport.status))
        assert status in (ReportStatus.ACCEPTED, ReportStatus.RETURNED)
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ProgressReport)) == 1
