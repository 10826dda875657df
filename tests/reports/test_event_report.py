"""The event report: the event, its officials in protocol order (the same order as the event's
page), the programme, the units, and the gifts handed over there by unit with their value."""

import csv
import io

import pdfplumber
import sqlalchemy as sa

from campaign.audit.models import AuditEntry
from campaign.events.models import Event, Participation, ParticipationRole
from campaign.events.queries import event_with_everything
from campaign.events.services import protocol_order
from campaign.extensions import db
from campaign.places.models import GovernmentLevel
from tests import factories
from tests.conftest import sign_in


def launch_with_officials(programme_id: int) -> int:
    """The programme's launch: officials added commune first, central last (protocol reorders
    them), one with no position; the programme's gifts are handed over there."""
    from campaign.gifts.models import GiftProgramme

    gifts = db.session.get(GiftProgramme, programme_id)
    event = factories.event(campaign=gifts.campaign, title="Lễ phát động 2022",
                            actual_attendance=250, expected_attendance=300)  # fmt: skip
    gifts.event = event
    people = [
        ("Đỗ Văn Xã", GovernmentLevel.COMMUNE, ParticipationRole.DELEGATE),
        ("Lê Đại Thăng", GovernmentLevel.DISTRICT, ParticipationRole.RESPONSE_SPEECH),
        ("Nguyễn Thị Hà", GovernmentLevel.CENTRAL, ParticipationRole.GUEST_OF_HONOUR),
        ("Chử Xuân Dũng", GovernmentLevel.PROVINCE, ParticipationRole.KEYNOTE),
    ]
    for position, (name, level, role) in enumerate(people, start=1):
        body = factories.organization(name=f"Cơ quan {name}", level=level)
        person = factories.official(name, organization_=body)
        db.session.add(Participation(event=event, official=person, role=role, position=position,
                                     official_position=person.positions[0], attended=True))
    person = factories.official("Khách Không Chức", organization_=body)
    db.session.add(Participation(event=event, official=person, role=ParticipationRole.DELEGATE,
                                 position=9))  # fmt: skip
    db.session.commit()
    return event.id


def test_the_officials_are_in_protocol_order_as_on_the_event_page(app, programme):
    with app.app_context():
        event_id = launch_with_officials(programme["id"])
        from campaign.reports.event_report import event_report

        event = event_with_everything(event_id)
        with app.test_request_context():
            rows = list(event_report(event, None).rows())
        expected = [p.official.full_name for p in protocol_order(event.participations)]
    assert [row[1] for row in rows] == expected
    assert expected[:4] == ["Nguyễn Thị Hà", "Chử Xuân Dũng", "Lê Đại Thăng", "Đỗ Văn Xã"]
    assert [row[0] for row in rows] == [1, 2, 3, 4, 5]


def test_staff_print_the_report_with_attendance_programme_and_gifts_by_unit(
    app, client, programme
):
    with app.app_context():
        event_id = launch_with_officials(programme["id"])
    user_id = sign_in(app, client, "staff")
    page = client.get(f"/reports/events/{event_id}").get_data(as_text=True)
    assert "BÁO CÁO KẾT QUẢ TỔ CHỨC" in page.upper() and "Lễ phát động 2022" in page
    assert "250 (dự kiến 300)" in page
    assert "Phó Chủ tịch, Cơ quan Chử Xuân Dũng" in page and "Phát biểu chỉ đạo" in page
    for unit, allocated, given, value in (("Huyện Ba Vì", 20, 1, "500.000 đ"),
                                          ("Thị xã Sơn Tây", 20, 2, "1.000.000 đ")):  # fmt: skip
        row = page[page.index(f"<td class=\"\">{unit}"):]
        row = row[: row.index("</tr>")]
        assert f">{allocated}<" in row and f">{given}<" in row and value in row
    assert "Bằng chữ: Một triệu năm trăm nghìn đồng." in page
    pdf = client.get(f"/reports/events/{event_id}?format=pdf")
    with pdfplumber.open(io.BytesIO(pdf.data)) as document:
        text = "\n".join(p.extract_text() for p in document.pages)
    assert "Nguyễn Thị Hà" in text and "Nơi nhận:" in text
    rows = list(csv.reader(io.StringIO(
        client.get(f"/reports/events/{event_id}?format=csv").get_data(as_text=True)[1:])))
    assert rows[0] == ["STT", "Họ và tên", "Chức vụ", "Vai trò", "Có mặt"]
    assert rows[-1][1:] == ["Khách Không Chức", "", "Đại biểu", "—"]  # no capacity, unknown
    with app.app_context():
        entries = db.session.scalars(sa.select(AuditEntry).where(
            AuditEntry.user_id == user_id, AuditEntry.entity_type == "event")).all()
    assert sorted(e.summary.split(" ")[0] for e in entries) == [
        "event-report.csv", "event-report.pdf", "event-report.print"]


def test_the_event_page_links_to_its_report_and_an_unknown_event_is_404(app, client, programme):
    with app.app_context():
        event_id = launch_with_officials(programme["id"])
        assert db.session.get(Event, event_id) is not None
    sign_in(app, client, "official", units=[programme["son_tay"]])
    assert f"/reports/events/{event_id}" in client.get(f"/events/{event_id}").get_data(as_text=True)
    assert client.get("/reports/events/999999").status_code == 404
