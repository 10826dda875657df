"""A programme from its shares to the handover, through the pages its users open."""

import re

import pytest
import sqlalchemy as sa

from campaign.accounts.models import Role, User
from campaign.audit.models import AuditEntry
from campaign.extensions import db
from campaign.gifts.models import (
    GiftAllocation,
    GiftProgramme,
    Handover,
    HandoverStatus,
    Nomination,
    NominationStatus,
)
from campaign.places.models import UnitLevel
from tests import factories
from tests.conftest import CSRF_INPUT, csrf_token, sign_in
from tests.lists import LAST, link, walked_costs


def text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def ceremony(app):
    """Sơn Tây (share 2) and Ba Vì (share 1) of a quota of 3; four women; three users."""
    with app.app_context():
        son_tay, ba_vi, le_loi, tan_linh = factories.two_districts()
        event = factories.event(title="Lễ phát động")
        programme = factories.programme(quota=3, campaign=event.campaign, event=event)
        factories.allocation(programme, son_tay, quota=2)
        factories.allocation(programme, ba_vi, quota=1)
        women = {
            name: factories.beneficiary(name, unit=unit, birth_year=1970 + index)
            for index, (name, unit) in enumerate(
                [("Nguyễn Thị Lan", le_loi), ("Chu Thị Hằng", le_loi),
                 ("Đỗ Thị Mến", le_loi), ("Phùng Thị Mai", tan_linh)]
            )
        }  # fmt: skip
        official = factories.user(Role.OFFICIAL, username="can.bo.son.tay", units=[son_tay])
        organizer = factories.user(Role.ORGANIZER, username="ban.to.chuc")
        second = factories.user(Role.ORGANIZER, username="ban.to.chuc.2")
        db.session.commit()
        return {
            "programme": programme.id,
            "son_tay": son_tay.id,
            "le_loi": le_loi.id,
            "women": {name: woman.id for name, woman in women.items()},
            "users": {"official": official.username, "organizer": organizer.username,
                      "second": second.username},
        }  # fmt: skip


def as_user(client, username: str) -> None:
    response = client.post(
        "/login",
        data={"username": username, "password": factories.PASSWORD,
              "csrf_token": csrf_token(client, "/login")},
    )  # fmt: skip
    assert response.status_code == 302


def post(client, path: str, data: dict, page: str | None = None):
    token = CSRF_INPUT.search(text(client.get(page or path))).group(1)
    return client.post(path, data={**data, "csrf_token": token})


def decide(client, programme_id: int, nomination_ids: list[int], decision: str, reason=""):
    data = {"nomination": nomination_ids, "decision": decision, "reason": reason}
    return post(client, f"/gifts/{programme_id}/nominations/decide", data,
                page=f"/gifts/{programme_id}/nominations")  # fmt: skip


def nominate(client, ceremony, *names):
    pid = ceremony["programme"]
    ids = [ceremony["women"][name] for name in names]
    return post(client, f"/gifts/{pid}/nominate", {"woman": ids})


def counts(app, programme_id):
    with app.app_context():
        programme = db.session.get(GiftProgramme, programme_id)
        given = db.session.scalar(
            sa.select(sa.func.count()).where(
                Handover.programme_id == programme_id, Handover.status == HandoverStatus.GIVEN
            )
        )
        shares = {a.unit.name: a.given_count for a in programme.allocations}
        return programme.given_count, given, shares


def test_from_proposal_to_handover_and_void(app, client, ceremony):
    pid = ceremony["programme"]
    as_user(client, ceremony["users"]["official"])
    listing = text(client.get(f"/gifts/{pid}/nominate"))
    assert "Nguyễn Thị Lan" in listing and "Phùng Thị Mai" not in listing  # Ba Vì: not hers
    response = nominate(client, ceremony, "Nguyễn Thị Lan", "Chu Thị Hằng")
    assert response.status_code == 303
    refused = nominate(client, ceremony, "Đỗ Thị Mến")  # Sơn Tây's share of 2 is full
    assert refused.status_code == 422 and "Thị xã Sơn Tây" in text(refused)

    lan = ceremony["women"]["Nguyễn Thị Lan"]
    with app.app_context():
        lan_nomination = db.session.scalar(sa.select(Nomination).where(
            Nomination.beneficiary_id == lan))  # fmt: skip
        nomination_id, number = lan_nomination.id, lan_nomination.list_number
    handover = {"nomination": nomination_id, "mode": "in_person", "q": ""}
    not_yet = post(client, f"/gifts/{pid}/handover", handover)
    assert not_yet.status_code == 409 and 'data-refusal="not_approved"' in text(not_yet)

    client = app.test_client()
    as_user(client, ceremony["users"]["organizer"])
    decided = decide(client, pid, [nomination_id], "approve")
    assert decided.status_code == 303
    with app.app_context():
        assert db.session.get(Nomination, nomination_id).status == NominationStatus.APPROVED

    client = app.test_client()
    as_user(client, ceremony["users"]["official"])
    found = text(client.get(f"/gifts/{pid}/handover?q=lan"))
    assert "Nguyễn Thị Lan" in found
    assert "Nguyễn Thị Lan" in text(client.get(f"/gifts/{pid}/handover?q={number}"))
    recorded = post(client, f"/gifts/{pid}/handover", handover)
    assert recorded.status_code == 303
    again = post(client, f"/gifts/{pid}/handover", handover)
    assert again.status_code == 409 and 'data-refusal="already_received"' in text(again)
    assert counts(app, pid) == (1, 1, {"Sơn Tây": 1, "Ba Vì": 0})

    with app.app_context():
        handover_id = db.session.scalar(sa.select(Handover.id))
    no_reason = post(client, f"/gifts/{pid}/handovers/{handover_id}/void", {"reason": ""},
                     page=f"/gifts/{pid}/handover")  # fmt: skip
    assert no_reason.status_code == 422
    voided = post(client, f"/gifts/{pid}/handovers/{handover_id}/void",
                  {"reason": "Ghi nhầm người"}, page=f"/gifts/{pid}/handover")  # fmt: skip
    assert voided.status_code == 303
    assert counts(app, pid) == (0, 0, {"Sơn Tây": 0, "Ba Vì": 0})
    assert post(client, f"/gifts/{pid}/handover", handover).status_code == 303  # the place is free
    with app.app_context():
        actions = db.session.scalars(sa.select(AuditEntry.action).where(
            AuditEntry.entity_type.in_(["nomination", "handover"]))).all()  # fmt: skip
        assert actions.count("hand_over") == 2 and actions.count("void") == 1
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Handover)) == 2


def test_the_one_who_proposes_does_not_approve(app, client, ceremony):
    pid = ceremony["programme"]
    as_user(client, ceremony["users"]["organizer"])
    assert nominate(client, ceremony, "Phùng Thị Mai").status_code == 303
    with app.app_context():
        nomination_id = db.session.scalar(sa.select(Nomination.id))
    refused = decide(client, pid, [nomination_id], "approve")
    assert refused.status_code == 303
    with app.app_context():
        assert db.session.get(Nomination, nomination_id).status == NominationStatus.PROPOSED
    client = app.test_client()
    as_user(client, ceremony["users"]["second"])
    no_reason = decide(client, pid, [nomination_id], "reject")
    assert no_reason.status_code == 303
    with app.app_context():
        assert db.session.get(Nomination, nomination_id).status == NominationStatus.PROPOSED
    decide(client, pid, [nomination_id], "reject", "Đã nhận hỗ trợ khác")
    with app.app_context():
        nomination = db.session.get(Nomination, nomination_id)
        assert nomination.status == NominationStatus.REJECTED
        assert nomination.rejection_reason == "Đã nhận hỗ trợ khác"


def share_fields(by_unit: dict) -> dict:
    """The shares form's fields, as the page names them: one row per district."""
    fields = {}
    for index, (unit_id, quota) in enumerate(by_unit.items()):
        fields |= {f"shares-{index}-unit": unit_id, f"shares-{index}-quota": quota}
    return fields


def test_shares_never_exceed_the_quota_nor_drop_below_what_was_given(app, client, ceremony):
    pid = ceremony["programme"]
    with app.app_context():
        programme = db.session.get(GiftProgramme, pid)
        son_tay = next(a for a in programme.allocations if a.unit.name == "Sơn Tây")
        son_tay.given_count = 1
        programme.given_count = 1
        db.session.commit()
        ids = {a.unit.name: a.unit_id for a in programme.allocations}
    as_user(client, ceremony["users"]["organizer"])
    page = f"/gifts/{pid}"
    over = post(client, f"/gifts/{pid}/shares",
                share_fields({ids['Sơn Tây']: 3, ids['Ba Vì']: 1}), page=page)  # fmt: skip
    assert over.status_code == 422 and "3" in text(over)
    below = post(client, f"/gifts/{pid}/shares",
                 share_fields({ids['Sơn Tây']: 0, ids['Ba Vì']: 3}), page=page)  # fmt: skip
    assert below.status_code == 409
    moved = post(client, f"/gifts/{pid}/shares",
                 share_fields({ids['Sơn Tây']: 1, ids['Ba Vì']: 2}), page=page)  # fmt: skip
    assert moved.status_code == 302
    with app.app_context():
        shares = {a.unit.name: a.quota for a in db.session.scalars(sa.select(GiftAllocation))}
        assert shares == {"Sơn Tây": 1, "Ba Vì": 2}
        entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "reallocate"))
        assert entry.changes == {"Huyện Ba Vì": [1, 2], "Thị xã Sơn Tây": [2, 1]}
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", text(client.get(page)))
    ba_vi = cells.index("Huyện Ba Vì")
    assert cells[ba_vi : ba_vi + 6] == ["Huyện Ba Vì", "2", "0", "0", "0", "2"]


def test_an_official_cannot_hand_over_outside_her_districts(app, client, ceremony):
    pid = ceremony["programme"]
    with app.app_context():
        programme = db.session.get(GiftProgramme, pid)
        ba_vi = next(a for a in programme.allocations if a.unit.name == "Ba Vì")
        users = {u.username: u for u in db.session.scalars(sa.select(User))}
        nomination = Nomination(
            programme=programme, beneficiary_id=ceremony["women"]["Phùng Thị Mai"],
            allocation=ba_vi, list_number=1, status=NominationStatus.APPROVED,
            proposed_by=users["ban.to.chuc"], decided_by=users["ban.to.chuc.2"],
        )  # fmt: skip
        db.session.add(nomination)
        db.session.commit()
        nomination_id = nomination.id
    as_user(client, ceremony["users"]["official"])
    assert "Phùng Thị Mai" not in text(client.get(f"/gifts/{pid}/handover?q=mai"))
    refused = post(client, f"/gifts/{pid}/handover",
                   {"nomination": nomination_id, "mode": "in_person"}, page=f"/gifts/{pid}/handover")  # fmt: skip
    assert refused.status_code == 404
    assert counts(app, pid)[0] == 0


def test_the_decision_comes_from_the_button_alone(app, client, ceremony):
    """The page must not carry a hidden, empty 'decision' that a browser would send first."""
    as_user(client, ceremony["users"]["organizer"])
    page = text(client.get(f"/gifts/{ceremony['programme']}/nominations"))
    assert page.count('name="decision"') == 2  # the approve and the reject buttons


@pytest.mark.parametrize("number", ["²", "¹⁹⁷⁵", "9" * 30, "-1", "1e3"])
def test_numbers_that_are_not_ids_answer_without_a_server_error(app, client, ceremony, number):
    pid = ceremony["programme"]
    as_user(client, ceremony["users"]["organizer"])
    assert client.get(f"/gifts/{pid}/handover?q={number}").status_code == 200
    record = post(client, f"/gifts/{pid}/handover", {"nomination": number, "mode": "in_person"})
    assert record.status_code == 404
    assert post(client, f"/gifts/{pid}/nominate", {"woman": number}).status_code == 422
    with app.app_context():
        share = db.session.scalar(
            sa.select(GiftAllocation).where(GiftAllocation.programme_id == pid)
        )
        unit_id = share.unit_id
    refused = post(
        client, f"/gifts/{pid}/shares", share_fields({unit_id: number}), page=f"/gifts/{pid}"
    )
    assert refused.status_code == 422


def test_the_shares_form_refuses_bad_input_by_field_and_changes_nothing(app, client, ceremony):
    pid = ceremony["programme"]
    with app.app_context():
        before = {a.unit_id: a.quota for a in db.session.scalars(sa.select(GiftAllocation))}
        foreign = factories.unit("Mỹ Đức", UnitLevel.DISTRICT).id
        db.session.commit()
    as_user(client, ceremony["users"]["organizer"])
    page = f"/gifts/{pid}"
    first = next(iter(before))
    for fields, message in [
        (share_fields({first: ""}), "Hãy nhập một số nguyên từ 0 trở lên."),
        (share_fields({foreign: 5}), "hãy tải lại trang"),
        ({**share_fields({first: 1}), "new_unit": str(foreign)}, "Hãy nhập số suất cho quận"),
    ]:
        refused = post(client, f"/gifts/{pid}/shares", fields, page=page)
        assert refused.status_code == 422, fields
        assert message in text(refused), fields
    with app.app_context():
        after = {a.unit_id: a.quota for a in db.session.scalars(sa.select(GiftAllocation))}
    assert after == before


def test_a_programme_sent_twice_is_created_once_and_its_quota_stays_above_its_shares(
    app, client, ceremony
):
    with app.app_context():
        campaign_id = db.session.get(GiftProgramme, ceremony["programme"]).campaign_id
    as_user(client, ceremony["users"]["organizer"])
    new = f"/gifts/new?campaign={campaign_id}"
    page = text(client.get(new))
    fields = {
        "csrf_token": CSRF_INPUT.search(page).group(1),
        "submission": re.search(r'name="submission"[^>]*value="([^"]+)"', page).group(1),
        "name": "Quà Tết", "event": "", "package_description": "", "unit_value": "",
        "quota": "10",
    }  # fmt: skip
    first, second = client.post(new, data=fields), client.post(new, data=fields)
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    with app.app_context():
        created = db.session.scalars(
            sa.select(GiftProgramme).where(GiftProgramme.name == "Quà Tết")
        ).all()
    assert len(created) == 1
    edit = f"/gifts/{ceremony['programme']}/edit"
    below = post(client, edit, {"name": "Trao quà", "event": "", "quota": "2"})
    assert below.status_code == 422 and "(3)" in text(below)
    saved = post(client, edit, {"name": "Trao quà", "event": "", "quota": "5"})
    assert saved.status_code == 302
    with app.app_context():
        assert db.session.get(GiftProgramme, ceremony["programme"]).quota == 5


def test_each_share_of_the_shares_form_is_labelled_with_its_district(app, client, ceremony):
    pid = ceremony["programme"]
    as_user(client, ceremony["users"]["organizer"])
    page = text(client.get(f"/gifts/{pid}"))
    labels = re.findall(r'<label[^>]*for="shares-\d+-quota"[^>]*>\s*([^<]*?)\s*</label>', page)
    assert sorted(labels) == ["Huyện Ba Vì", "Thị xã Sơn Tây"]


def test_the_programme_list_pages_newest_first_in_a_few_statements(app, client):
    """10,100 programmes: every page reads them in the same few statements."""
    with app.app_context():
        campaign_id = factories.campaign().id
        db.session.execute(sa.insert(GiftProgramme), [
            {"campaign_id": campaign_id, "name": f"Trao quà đợt {n}", "quota": 10}
            for n in range(10_100)
        ])  # fmt: skip
        db.session.commit()
    sign_in(app, client, "staff")
    costs = walked_costs(app, client, "/gifts/", "gift_programmes")
    assert costs[0][0] <= 3 and len(set(costs)) == 1, costs
    first = client.get("/gifts/").text
    assert first.index("Trao quà đợt 10099") < first.index("Trao quà đợt 10050")
    assert "Trao quà đợt 0<" in client.get(link(LAST, first)).text
