"""The demo data is the 2022 Sơn Tây launch as the news report tells it (this year's campaign
beside it is tested in test_current.py)."""

import datetime as dt

import pytest
import sqlalchemy as sa

from campaign.accounts.models import Role, User
from campaign.accounts.passwords import password_matches
from campaign.activities.models import Activity, ActivityKind
from campaign.beneficiaries.models import Beneficiary, Circumstance
from campaign.campaigns.models import Campaign
from campaign.core.dates import LOCAL_TIME_ZONE
from campaign.demo.scenario import load_demo
from campaign.events.models import Event, EventKind, EventStatus, ParticipationRole
from campaign.extensions import db
from campaign.gifts.models import GiftProgramme, Handover, Nomination, NominationStatus
from campaign.officials.models import Official
from campaign.places.models import AdministrativeUnit, UnitScheme

pytestmark = pytest.mark.usefixtures("app_context")


def only(model):
    """The one row of ``model`` that belongs to the 2022 campaign."""
    statement = sa.select(model)
    if model is not Campaign:
        statement = statement.join(Campaign, model.campaign)
    return db.session.scalars(statement.where(Campaign.year == 2022)).one()


def of_2022(statement: sa.Select) -> sa.Select:
    """Handovers or nominations of the 2022 programme."""
    return statement.join(GiftProgramme).join(Campaign).where(Campaign.year == 2022)


def women_of_2022() -> list[Beneficiary]:
    """The women of the old map's communes: those of the 2022 launch."""
    return db.session.scalars(
        sa.select(Beneficiary).join(AdministrativeUnit, Beneficiary.unit)
        .where(AdministrativeUnit.scheme == UnitScheme.PRE_2025)
    ).all()  # fmt: skip


def row_counts() -> dict[str, int]:
    return {
        table.name: db.session.scalar(sa.select(sa.func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }


def test_the_campaign_its_theme_period_and_lead_bodies(demo):
    campaign = only(Campaign)
    assert campaign.name.startswith("Tháng hành động vì bình đẳng giới và phòng ngừa, ứng phó")
    assert campaign.theme.startswith("Đảm bảo an sinh xã hội, tăng quyền năng và tạo cơ hội")
    assert (campaign.year, campaign.start_date, campaign.end_date) == (
        2022, dt.date(2022, 11, 15), dt.date(2022, 12, 15),
    )  # fmt: skip
    assert campaign.unit.full_name == "Thành phố Hà Nội"
    assert campaign.lead_organization.name == "Ủy ban nhân dân thành phố Hà Nội"
    assert campaign.standing_organization.name == "Ban Vì sự tiến bộ phụ nữ thành phố Hà Nội"


def test_the_launch_on_14_november_2022_in_son_tay_with_five_districts(demo):
    launch = only(Event)
    assert (launch.kind, launch.status) == (EventKind.LAUNCH_CEREMONY, EventStatus.HELD)
    assert launch.starts_at.astimezone(LOCAL_TIME_ZONE).date() == dt.date(2022, 11, 14)
    assert launch.host_unit.full_name == "Thị xã Sơn Tây"
    assert {unit.name for unit in launch.units} == {
        "Sơn Tây",
        "Ba Vì",
        "Phúc Thọ",
        "Mỹ Đức",
        "Ứng Hòa",
    }
    assert [item.title for item in launch.agenda_items] == [
        "Phát biểu phát động Tháng hành động",
        "Phát biểu hưởng ứng",
        "Ấn nút phát động Tháng hành động",
        "Trao quà cho 100 phụ nữ có hoàn cảnh khó khăn",
    ]


def test_the_three_officials_their_titles_and_roles(demo):
    launch = only(Event)
    seen = {
        p.official.full_name: (
            p.role,
            p.official_position.title,
            p.official_position.organization.name,
        )
        for p in launch.participations
    }
    assert seen == {
        "Nguyễn Thị Hà": (ParticipationRole.GUEST_OF_HONOUR, "Thứ trưởng",
                          "Bộ Lao động - Thương binh và Xã hội"),
        "Chử Xuân Dũng": (ParticipationRole.KEYNOTE, "Phó Chủ tịch",
                          "Ủy ban nhân dân thành phố Hà Nội"),
        "Lê Đại Thăng": (ParticipationRole.RESPONSE_SPEECH, "Phó Chủ tịch",
                         "Ủy ban nhân dân thị xã Sơn Tây"),
    }  # fmt: skip
    dung = db.session.scalars(sa.select(Official).filter_by(full_name="Chử Xuân Dũng")).one()
    assert [(p.title, p.organization.short_name) for p in dung.positions] == [
        ("Phó Chủ tịch", "UBND Thành phố"), ("Trưởng ban", "Ban VSTBPN Hà Nội"),
    ]  # fmt: skip
    assert dung.search_key == "chu xuan dung"


def test_one_hundred_gifts_split_across_the_districts_all_given(demo):
    programme = only(GiftProgramme)
    assert (programme.quota, programme.given_count) == (100, 100)
    assert programme.event.kind == EventKind.LAUNCH_CEREMONY
    assert sum(a.quota for a in programme.allocations) == 100
    assert {a.unit.name: a.given_count for a in programme.allocations} == {
        "Sơn Tây": 20, "Ba Vì": 20, "Phúc Thọ": 20, "Mỹ Đức": 20, "Ứng Hòa": 20,
    }  # fmt: skip
    handovers = db.session.scalars(of_2022(sa.select(Handover))).all()
    assert len(handovers) == 100
    for handover in handovers:
        assert handover.beneficiary.unit.parent == handover.allocation.unit
    approved = db.session.scalar(
        of_2022(sa.select(sa.func.count(Nomination.id))).where(
            Nomination.status == NominationStatus.APPROVED
        )
    )
    assert approved == 100


def test_the_women_are_synthetic_and_say_so(demo):
    women = women_of_2022()
    assert len(women) == 100
    assert len({w.full_name for w in women}) == 100
    assert all(w.circumstance_note == "Dữ liệu mẫu, không phải người thật." for w in women)
    assert all(w.national_id is None and w.phone is None for w in women)
    assert all(w.consent_given_at is not None for w in women)


def test_only_women_of_sixty_or_more_are_elderly_living_alone(demo):
    women = women_of_2022()
    categories = {w: {c.category for c in w.circumstances} for w in women}
    elderly = [w for w in women if Circumstance.ELDERLY_ALONE in categories[w]]
    assert elderly and all(2022 - w.birth_year >= 60 for w in elderly)
    assert all(categories.values())


def test_the_follow_up_activities_named_in_the_directives(demo):
    kinds = set(db.session.scalars(sa.select(Activity.kind)))
    assert kinds == {
        ActivityKind.COMMUNICATION, ActivityKind.TRAINING, ActivityKind.INSPECTION,
        ActivityKind.VICTIM_SUPPORT, ActivityKind.MODEL_REPLICATION,
        ActivityKind.RESOURCE_MOBILISATION,
    }  # fmt: skip
    titles = " ".join(db.session.scalars(sa.select(Activity.title)))
    assert "Làng quê an toàn" in titles and "Tổ dân phố an toàn" in titles


def test_one_demo_user_per_role_with_a_random_password_shown_once(demo):
    users = db.session.scalars(sa.select(User)).all()
    assert {u.role for u in users} == set(Role)
    assert sorted(u.username for u in users) == [
        "demo.admin", "demo.official", "demo.organizer", "demo.staff", "demo.ward",
    ]  # fmt: skip
    assert set(demo.new_passwords) == {u.username for u in users}
    for user in users:
        password = demo.new_passwords[user.username]
        assert len(password) >= 12 and password not in user.password_hash
        assert password_matches(user.password_hash, password)


def test_loading_twice_changes_nothing(demo):
    before = row_counts()
    hashes = set(db.session.scalars(sa.select(User.password_hash)))
    again = load_demo()
    db.session.flush()
    assert not again.campaign_created and again.new_passwords == {}
    assert row_counts() == before
    assert set(db.session.scalars(sa.select(User.password_hash))) == hashes


def test_new_passwords_on_request_replace_the_old_ones(demo):
    renewed = load_demo(reset_passwords=True)
    assert set(renewed.new_passwords) == set(demo.new_passwords)
    assert all(renewed.new_passwords[u] != demo.new_passwords[u] for u in demo.new_passwords)


@pytest.mark.usefixtures("app")
def test_demo_needs_the_places_first():
    from campaign.core.errors import DomainError

    with pytest.raises(DomainError) as error:
        load_demo()
    assert error.value.code == "places_missing"


def test_asking_for_more_women_than_there_are_names_is_refused():
    from campaign.demo.people import synthetic_women

    assert len(synthetic_women(2_000, seed=1)) == 2_000
    with pytest.raises(ValueError, match="at most"):
        synthetic_women(1_000_000, seed=1)


def test_loading_is_in_the_audit_log(demo):
    from campaign.audit.models import AuditEntry

    actions = set(db.session.execute(sa.select(AuditEntry.action, AuditEntry.entity_type)))
    assert {("import", "administrative_unit"), ("create", "campaign")} <= actions
