"""Hanoi's 2022 launch (shared/seed/000_55f585d4cccf7b58.txt) as demo data.

Everything here is what the news report says, except what it leaves out and a database needs:
the ceremony's hours (08:00–11:00 assumed), the split of the 100 gifts across the five named
districts (20 each), and the women themselves, who are generated (``demo.people``). The value of
a gift is not stated, so it is left empty.
"""

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

from campaign.accounts.models import Role, User
from campaign.accounts.passwords import hash_password, random_password
from campaign.activities.models import ActivityKind
from campaign.audit.services import COMMAND_LINE, record
from campaign.campaigns.models import Campaign, CampaignIndicator, IndicatorAssessment
from campaign.core.dates import LOCAL_TIME_ZONE
from campaign.core.text import name_sort_key, search_key
from campaign.demo import current, follow_up
from campaign.demo.lookups import demo_users, organizations_of, places_missing
from campaign.demo.people import sample_beneficiary, synthetic_women
from campaign.events.models import (
    AgendaItem,
    Event,
    EventKind,
    EventStatus,
    Participation,
    ParticipationRole,
)
from campaign.extensions import db
from campaign.gifts.models import GiftAllocation, GiftProgramme, Handover, Nomination
from campaign.gifts.models import NominationStatus as Nominated
from campaign.officials.models import Official, OfficialPosition
from campaign.places.models import AdministrativeUnit, UnitLevel, UnitScheme

HANOI = "01"
DISTRICTS = ("269", "271", "272", "282", "281")  # Sơn Tây, Ba Vì, Phúc Thọ, Mỹ Đức, Ứng Hòa
GIFTS_PER_DISTRICT = 20
DEMO_GIFT_VALUE = 500_000
"""The value of one gift in đồng: the news report does not state it; this one is synthetic."""
LAUNCH_START = dt.datetime(2022, 11, 14, 8, 0, tzinfo=LOCAL_TIME_ZONE)
LAUNCH_END = dt.datetime(2022, 11, 14, 11, 0, tzinfo=LOCAL_TIME_ZONE)
CONSENT_AT = LAUNCH_START - dt.timedelta(days=14)
NOMINATED_AT = LAUNCH_START - dt.timedelta(days=10)
APPROVED_AT = LAUNCH_START - dt.timedelta(days=7)
HANDED_OVER_AT = LAUNCH_START + dt.timedelta(hours=2)

CAMPAIGN_NAME = (
    "Tháng hành động vì bình đẳng giới và phòng ngừa, ứng phó với bạo lực trên cơ sở giới năm 2022"
)
THEME = (
    "Đảm bảo an sinh xã hội, tăng quyền năng và tạo cơ hội cho phụ nữ và trẻ em gái nhằm thực "
    "hiện bình đẳng giới và xóa bỏ bạo lực trên cơ sở giới"
)
PLAN_REFERENCES = (
    "Đề án, Chương trình phòng ngừa và ứng phó với bạo lực trên cơ sở giới giai đoạn "
    "2021-2022, giai đoạn 2022-2026 đã được UBND Thành phố phê duyệt"
)
INDICATOR_NOTE = "Đạt và vượt mức so với kế hoạch Thành phố đề ra (báo cáo tại lễ phát động)."
GENDER_GAP_INDICATORS = (
    "Giảm khoảng cách giới trong lĩnh vực chính trị",
    "Giảm khoảng cách giới trong lĩnh vực kinh tế, lao động, việc làm",
    "Giảm khoảng cách giới trong lĩnh vực giáo dục và đào tạo",
    "Giảm khoảng cách giới trong tiếp cận và thụ hưởng các dịch vụ chăm sóc sức khỏe",
    "Giảm khoảng cách giới trong lĩnh vực văn hóa và thông tin",
    "Giảm khoảng cách giới trong đời sống gia đình",
)
PROTECTED_CASES_INDICATOR = (
    "Vụ việc liên quan đến phụ nữ, trẻ em khi được phát hiện được bảo vệ quyền lợi hợp pháp "
    "chính đáng"
)

# (kind, title, short name of the lead organization)
ACTIVITIES = (
    (ActivityKind.COMMUNICATION,
     "Tuyên truyền, phổ biến, quán triệt các quy định về bình đẳng giới, vì sự tiến bộ của phụ "
     "nữ và trẻ em gái", "Ban VSTBPN Hà Nội"),
    (ActivityKind.TRAINING,
     "Tập huấn nâng cao nhận thức về giới, bình đẳng giới, phòng, chống bạo lực, xâm hại phụ nữ "
     "và trẻ em", "Sở LĐ-TB&XH Hà Nội"),
    (ActivityKind.INSPECTION,
     "Kiểm tra liên ngành về bình đẳng giới và vì sự tiến bộ của phụ nữ tại các cơ quan, đơn "
     "vị, địa phương; xử lý nghiêm các vụ việc vi phạm", "Sở LĐ-TB&XH Hà Nội"),
    (ActivityKind.VICTIM_SUPPORT,
     "Hỗ trợ bảo đảm an sinh xã hội; hỗ trợ nạn nhân, phụ nữ, trẻ em có hoàn cảnh khó khăn",
     "Sở LĐ-TB&XH Hà Nội"),
    (ActivityKind.MODEL_REPLICATION,
     "Nhân rộng và nâng cao chất lượng các mô hình “Làng quê an toàn”, “Tổ dân phố an toàn”",
     "Hội LHPN Hà Nội"),
    (ActivityKind.RESOURCE_MOBILISATION,
     "Huy động nguồn lực, xã hội hóa hoạt động truyền thông và hỗ trợ nạn nhân bị xâm hại, bạo "
     "lực, bị mua bán", "Ban VSTBPN Hà Nội"),
)  # fmt: skip

# (full name, [(title, organization short name, precedence)], role at the launch)
OFFICIALS = (
    ("Nguyễn Thị Hà", [("Thứ trưởng", "Bộ LĐ-TB&XH", 20)], ParticipationRole.GUEST_OF_HONOUR),
    ("Chử Xuân Dũng",
     [("Phó Chủ tịch", "UBND Thành phố", 20), ("Trưởng ban", "Ban VSTBPN Hà Nội", 10)],
     ParticipationRole.KEYNOTE),
    ("Lê Đại Thăng", [("Phó Chủ tịch", "UBND thị xã Sơn Tây", 20)],
     ParticipationRole.RESPONSE_SPEECH),
)  # fmt: skip

DEMO_USERS = (
    ("demo.admin", "Quản trị hệ thống (tài khoản mẫu)", Role.ADMIN),
    ("demo.organizer", "Ban tổ chức (tài khoản mẫu)", Role.ORGANIZER),
    ("demo.official", "Cán bộ quận, huyện (tài khoản mẫu)", Role.OFFICIAL),
    (current.WARD_OFFICIAL, "Cán bộ phường Sơn Tây (tài khoản mẫu)", Role.OFFICIAL),
    ("demo.staff", "Văn phòng, báo cáo (tài khoản mẫu)", Role.STAFF),
)
"""The demo accounts; ``demo.official`` serves the five districts of 2022 (old map),
``demo.ward`` the ward of this year's launch (new map)."""


@dataclass(frozen=True)
class DemoResult:
    campaign_created: bool
    new_passwords: dict[str, str]  # username → password, shown once


def load_demo(reset_passwords: bool = False) -> DemoResult:
    """Load the 2022 scenario, this year's campaign on the new map and the demo users; a second
    run adds and changes nothing (each campaign is loaded once, by its unit and name).

    With ``reset_passwords``, every demo user gets a new random password (returned once).
    """
    units = _scenario_units()
    places = current.current_units(DISTRICTS)
    passwords = _demo_users(
        {"demo.official": [units[code] for code in DISTRICTS],
         current.WARD_OFFICIAL: [places.launch_ward]},
        reset_passwords,
    )  # fmt: skip
    created = False
    for unit, name, load in (
        (units[HANOI], CAMPAIGN_NAME, lambda: _load_scenario(units)),
        (places.city, current.CAMPAIGN_NAME, lambda: current.load_current(places)),
    ):
        if _campaign_exists(unit, name):
            continue
        campaign = load()
        db.session.flush()
        record(COMMAND_LINE, "create", "campaign", campaign.id, "demo: " + name)
        created = True
    for username in passwords:
        record(COMMAND_LINE, "set_password", "user", None, "demo: " + username)
    db.session.flush()
    return DemoResult(campaign_created=created, new_passwords=passwords)


def _campaign_exists(unit: AdministrativeUnit, name: str) -> bool:
    found = sa.select(Campaign.id).where(Campaign.unit_id == unit.id, Campaign.name == name)
    return db.session.scalar(found) is not None


def _scenario_units() -> dict[str, AdministrativeUnit]:
    codes = (HANOI, *DISTRICTS)
    units = db.session.scalars(
        sa.select(AdministrativeUnit).where(
            AdministrativeUnit.scheme == UnitScheme.PRE_2025,
            AdministrativeUnit.level.in_([UnitLevel.PROVINCE, UnitLevel.DISTRICT]),
            AdministrativeUnit.code.in_(codes),
        )
    ).all()
    by_code = {unit.code: unit for unit in units}
    if set(by_code) != set(codes):
        raise places_missing()
    return by_code


def _demo_users(scopes: dict[str, list[AdministrativeUnit]], reset: bool) -> dict[str, str]:
    existing = {
        user.username: user
        for user in db.session.scalars(
            sa.select(User).where(User.username.in_([u for u, _, _ in DEMO_USERS]))
        )
    }
    passwords = {}
    for username, full_name, role in DEMO_USERS:
        user = existing.get(username)
        if user is not None and not reset:
            continue
        password = random_password()
        if user is None:
            user = User(username=username, full_name=full_name, role=role)
            user.units = scopes.get(username, [])
            db.session.add(user)
        user.password_hash = hash_password(password)
        passwords[username] = password
    return passwords


def _load_scenario(units: dict[str, AdministrativeUnit]) -> Campaign:
    organizations = organizations_of(UnitScheme.PRE_2025)
    campaign = Campaign(
        name=CAMPAIGN_NAME,
        theme=THEME,
        year=2022,
        start_date=dt.date(2022, 11, 15),
        end_date=dt.date(2022, 12, 15),
        unit=units[HANOI],
        lead_organization=organizations["UBND Thành phố"],
        standing_organization=organizations["Ban VSTBPN Hà Nội"],
        plan_references=PLAN_REFERENCES,
        description=(
            "Tháng hành động cấp Thành phố, phát động ngày 14/11/2022 tại thị xã Sơn Tây."
        ),
    )
    db.session.add(campaign)
    launch = _launch_event(campaign, units, organizations)
    _gift_programme(campaign, launch, units)
    _activities(campaign, units, organizations)
    _indicators(campaign)
    return campaign


def _launch_event(campaign, units, organizations) -> Event:
    launch = Event(
        campaign=campaign,
        title="Lễ phát động " + CAMPAIGN_NAME,
        kind=EventKind.LAUNCH_CEREMONY,
        status=EventStatus.HELD,
        starts_at=LAUNCH_START,
        ends_at=LAUNCH_END,
        venue="Thị xã Sơn Tây",
        host_unit=units["269"],
        organizer=organizations["UBND Thành phố"],
        units=[units[code] for code in DISTRICTS],
        outcome=(
            "Các đại biểu ấn nút phát động Tháng hành động. Ban tổ chức trao quà cho 100 phụ nữ "
            "có hoàn cảnh khó khăn của thị xã Sơn Tây, các huyện Ba Vì, Phúc Thọ, Mỹ Đức, Ứng Hòa."
        ),
    )
    speakers = {}
    for order, (full_name, positions, role) in enumerate(OFFICIALS, start=1):
        official = Official(
            full_name=full_name, search_key=search_key(full_name), sort_key=name_sort_key(full_name)
        )
        official.positions = [
            OfficialPosition(
                title=title, organization=organizations[org], precedence=precedence, rank=rank
            )
            for rank, (title, org, precedence) in enumerate(positions)
        ]
        launch.participations.append(
            Participation(
                official=official,
                official_position=official.positions[0],
                role=role,
                position=order,
                attended=True,
            )
        )
        speakers[role] = official
    launch.agenda_items = [
        AgendaItem(position=1, title="Phát biểu phát động Tháng hành động",
                   speaker=speakers[ParticipationRole.KEYNOTE]),
        AgendaItem(position=2, title="Phát biểu hưởng ứng",
                   speaker=speakers[ParticipationRole.RESPONSE_SPEECH]),
        AgendaItem(position=3, title="Ấn nút phát động Tháng hành động",
                   speaker_note="Các đại biểu"),
        AgendaItem(position=4, title="Trao quà cho 100 phụ nữ có hoàn cảnh khó khăn",
                   speaker_note="Ban tổ chức"),
    ]  # fmt: skip
    db.session.add(launch)
    return launch


def _gift_programme(campaign, launch, units) -> None:
    programme = GiftProgramme(
        campaign=campaign,
        event=launch,
        name="Trao quà cho phụ nữ có hoàn cảnh khó khăn",
        package_description="Phần quà cho phụ nữ có hoàn cảnh khó khăn",
        unit_value=DEMO_GIFT_VALUE,
        quota=GIFTS_PER_DISTRICT * len(DISTRICTS),
        given_count=GIFTS_PER_DISTRICT * len(DISTRICTS),
    )
    db.session.add(programme)
    users = demo_users()
    women = synthetic_women(GIFTS_PER_DISTRICT * len(DISTRICTS), seed=2022)
    for index, code in enumerate(DISTRICTS):
        allocation = GiftAllocation(
            programme=programme, unit=units[code],
            quota=GIFTS_PER_DISTRICT, given_count=GIFTS_PER_DISTRICT,
        )  # fmt: skip
        db.session.add(allocation)
        communes = units[code].children
        share = women[index * GIFTS_PER_DISTRICT : (index + 1) * GIFTS_PER_DISTRICT]
        for number, woman in enumerate(share, start=index * GIFTS_PER_DISTRICT + 1):
            beneficiary = sample_beneficiary(
                woman, communes[number % len(communes)], CONSENT_AT, users["demo.official"]
            )
            db.session.add(
                Nomination(
                    programme=programme, beneficiary=beneficiary, allocation=allocation,
                    list_number=number, status=Nominated.APPROVED,
                    proposed_by=users["demo.official"], proposed_at=NOMINATED_AT,
                    decided_by=users["demo.organizer"], decided_at=APPROVED_AT,
                )
            )  # fmt: skip
            db.session.add(
                Handover(
                    programme=programme, beneficiary=beneficiary, allocation=allocation,
                    handed_over_at=HANDED_OVER_AT,
                    recorded_by=users["demo.official"],
                )
            )  # fmt: skip


def _activities(campaign, units, organizations) -> None:
    districts = [units[code] for code in DISTRICTS]
    follow_up.plan_demo_activities(
        campaign, ACTIVITIES, districts, organizations, demo_users(),
        {district.id: "demo.official" for district in districts}, done_share=1.0, seed=2022,
    )  # fmt: skip


def _indicators(campaign) -> None:
    for position, name in enumerate(GENDER_GAP_INDICATORS, start=1):
        campaign.indicators.append(
            CampaignIndicator(
                position=position, name=name, assessment=IndicatorAssessment.MET,
                note=INDICATOR_NOTE,
            )
        )  # fmt: skip
    campaign.indicators.append(
        CampaignIndicator(
            position=len(GENDER_GAP_INDICATORS) + 1,
            name=PROTECTED_CASES_INDICATOR,
            measure_unit="%",
            target_value=100,
        )
    )
    campaign.indicators.append(follow_up.gifts_indicator(campaign, len(GENDER_GAP_INDICATORS) + 2))
