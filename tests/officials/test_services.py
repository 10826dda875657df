"""The rules of the officials registry, called as the views call them."""

import pytest
import sqlalchemy as sa

from campaign.audit.models import AuditEntry
from campaign.audit.services import Actor
from campaign.core.errors import DomainError
from campaign.core.text import name_sort_key
from campaign.events.models import Participation
from campaign.extensions import db
from campaign.officials import services
from campaign.officials.models import Official, OfficialPosition
from tests import factories

ACTOR = Actor(user_id=None, remote_address="127.0.0.1")


@pytest.fixture
def bodies(app_context):
    """UBND Thành phố Hà Nội and the Hanoi committee for the advancement of women."""
    hanoi = factories.unit("Hà Nội", "province")
    committee = factories.organization("Ủy ban nhân dân thành phố Hà Nội", "province", unit=hanoi)
    women = factories.organization("Ban Vì sự tiến bộ phụ nữ Hà Nội", "province", unit=hanoi,
                                   kind="committee_for_women")  # fmt: skip
    return committee, women


def audit(action: str) -> list[AuditEntry]:
    return list(db.session.scalars(sa.select(AuditEntry).filter_by(action=action)))


def test_create_normalises_the_name_keeps_the_keys_and_audits(bodies):
    committee, _ = bodies
    official = services.create_official(
        ACTOR, "  Chu\u031b\u0309  Xuân Dũng ", " 024 3825 3536 ", "", " Phó  Chủ tịch ", committee,
        20,
    )  # fmt: skip
    assert (official.full_name, official.phone, official.email) == (
        "Chử Xuân Dũng", "024 3825 3536", None,
    )  # fmt: skip
    assert official.search_key == "chu xuan dung"
    assert official.sort_key == name_sort_key("Chử Xuân Dũng")
    [position] = official.positions
    assert (position.title, position.organization, position.precedence, position.rank) == (
        "Phó Chủ tịch", committee, 20, 0,
    )  # fmt: skip
    [entry] = audit("create")
    assert (entry.entity_type, entry.entity_id) == ("official", official.id)
    assert entry.changes["positions"] == [
        None, ["Phó Chủ tịch, Ủy ban nhân dân thành phố Hà Nội (20)"],
    ]  # fmt: skip


def test_a_namesake_in_the_same_organization_needs_a_confirmation(bodies):
    committee, women = bodies
    existing = factories.official("Chử Xuân Dũng", organization_=committee)
    with pytest.raises(services.PossibleDuplicate) as warning:
        services.create_official(ACTOR, "chu xuan dung", None, None, "Ủy viên", committee)
    assert warning.value.existing == [existing] and warning.value.status == 409
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Official)) == 1
    elsewhere = services.create_official(ACTOR, "Chử Xuân Dũng", None, None, "Ủy viên", women)
    confirmed = services.create_official(
        ACTOR, "Chử Xuân Dũng", None, None, "Ủy viên", committee, namesake_confirmed=True
    )
    assert {elsewhere.id, confirmed.id, existing.id} == set(
        db.session.scalars(sa.select(Official.id))
    )


def test_update_keeps_the_keys_in_step_and_audits_only_a_change(bodies):
    official = factories.official("Lê Đại Thăng", organization_=bodies[0])
    services.update_official(ACTOR, official, "Lê Đại Thăng", None, None)
    assert audit("update") == []
    services.update_official(
        ACTOR, official, "Lê  Văn Thăng", "0912 345 678", "thang@sontay.gov.vn"
    )
    assert (official.full_name, official.search_key) == ("Lê Văn Thăng", "le van thang")
    assert official.sort_key == name_sort_key("Lê Văn Thăng")
    [entry] = audit("update")
    assert entry.changes["full_name"] == ["Lê Đại Thăng", "Lê Văn Thăng"]
    assert entry.changes["phone"] == [None, "0912 345 678"]


def test_one_person_holds_several_positions_in_order(bodies):
    committee, women = bodies
    official = factories.official("Chử Xuân Dũng", organization_=committee)
    added = services.add_position(ACTOR, official, "Trưởng  ban", women, 10)
    assert [(p.title, p.organization, p.rank) for p in official.positions] == [
        ("Phó Chủ tịch", committee, 0), ("Trưởng ban", women, 1),
    ]  # fmt: skip
    assert added.precedence == 10
    [entry] = audit("update")
    assert entry.changes["positions"][1][-1] == "Trưởng ban, Ban Vì sự tiến bộ phụ nữ Hà Nội (10)"


def test_the_same_title_in_the_same_organization_twice_is_refused(bodies):
    committee, _ = bodies
    official = factories.official("Chử Xuân Dũng", organization_=committee)
    with pytest.raises(DomainError) as refused:
        services.add_position(ACTOR, official, "phó chủ tịch", committee, 20)
    assert (refused.value.code, refused.value.status) == ("position_taken", 409)
    assert len(official.positions) == 1


def test_a_negative_precedence_is_refused(bodies):
    official = factories.official("Chử Xuân Dũng", organization_=bodies[0])
    with pytest.raises(DomainError) as refused:
        services.add_position(ACTOR, official, "Trưởng ban", bodies[1], -1)
    assert refused.value.status == 422


def test_removing_a_position_renumbers_the_rest_and_keeps_the_events(bodies):
    committee, women = bodies
    official = factories.official("Chử Xuân Dũng", organization_=committee)
    services.add_position(ACTOR, official, "Trưởng ban", women, 10)
    main = official.positions[0]
    event = factories.event()
    event.participations.append(
        Participation(official=official, official_position=main, role="keynote")
    )
    db.session.flush()
    services.remove_position(ACTOR, official, main)
    db.session.expire_all()
    assert [(p.title, p.rank) for p in official.positions] == [("Trưởng ban", 0)]
    participation = db.session.scalars(sa.select(Participation)).one()
    assert (participation.official_id, participation.position_id) == (official.id, None)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OfficialPosition)) == 1


def test_the_last_position_stays(bodies):
    official = factories.official("Chử Xuân Dũng", organization_=bodies[0])
    with pytest.raises(DomainError) as refused:
        services.remove_position(ACTOR, official, official.positions[0])
    assert (refused.value.code, refused.value.status) == ("last_position", 409)
    assert len(official.positions) == 1


def test_a_position_recorded_in_a_closed_campaign_stays(app_context):
    from campaign.audit.services import COMMAND_LINE
    from campaign.campaigns.models import CampaignStatus
    from campaign.core.errors import DomainError
    from campaign.events.models import Participation
    from campaign.extensions import db
    from campaign.officials.models import OfficialPosition
    from campaign.officials.services import remove_position
    from tests import factories

    person = factories.official("Chử Xuân Dũng")
    extra = OfficialPosition(title="Trưởng ban", organization=factories.organization("Ban VSTBPN"))
    person.positions.append(extra)
    event = factories.event()
    db.session.add(Participation(event=event, official=person, official_position=person.positions[0],
                                 role="keynote"))  # fmt: skip
    event.campaign.status = CampaignStatus.CLOSED
    db.session.flush()
    with pytest.raises(DomainError) as refused:
        remove_position(COMMAND_LINE, person, person.positions[0])
    assert refused.value.status == 409
