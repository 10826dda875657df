"""This year's Hanoi Month of Action (15 November – 15 December 2026) on the new map, as demo data.

What is real: the period, the map (since 1 July 2025 Hà Nội has wards and communes, no districts),
the bodies (UBND thành phố Hà Nội leads; gender equality moved to the Ministry of Home Affairs in
March 2025, so the Sở Nội vụ is the standing body) and the wards and communes that took over the
areas the 2022 report names, found through the succession table. What is sample data, and says
so in the campaign's description: the theme's wording, the launch's day, hours and place, the
communes chosen, the gift programme and its shares, and the women (``demo.people``). The
programme is left open, so that a newcomer can nominate, approve and hand over right away.
"""

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

from campaign.activities.models import ActivityKind
from campaign.campaigns.models import Campaign, CampaignStatus
from campaign.core.dates import LOCAL_TIME_ZONE
from campaign.demo import follow_up
from campaign.demo.lookups import demo_users, organizations_of, places_missing
from campaign.demo.people import sample_beneficiary, synthetic_women
from campaign.events.models import AgendaItem, Event, EventKind, EventStatus
from campaign.extensions import db
from campaign.gifts.models import GiftAllocation, GiftProgramme, Handover, Nomination
from campaign.gifts.models import NominationStatus as Nominated
from campaign.places.models import AdministrativeUnit, UnitLevel, UnitScheme
from campaign.places.queries import successors

YEAR = 2026
HANOI = "01"
WARD_OFFICIAL = "demo.ward"
PLACES_PER_DISTRICT = 3  # a handful of the successors of each district of 2022, by code
LAUNCH_START = dt.datetime(YEAR, 11, 15, 8, 0, tzinfo=LOCAL_TIME_ZONE)
LAUNCH_END = dt.datetime(YEAR, 11, 15, 10, 30, tzinfo=LOCAL_TIME_ZONE)
CONSENT_AT = LAUNCH_START - dt.timedelta(days=14)
NOMINATED_AT = LAUNCH_START - dt.timedelta(days=10)
APPROVED_AT = LAUNCH_START - dt.timedelta(days=7)
HANDED_OVER_AT = LAUNCH_START + dt.timedelta(hours=1, minutes=30)


@dataclass(frozen=True)
class Places:
    """How many women of a commune are at each step: handed over, approved and waiting,
    proposed and awaiting approval, places nobody is nominated for, registered but not on
    the list. The share's quota is the first four together."""

    given: int
    approved: int
    proposed: int
    open: int
    registered: int

    @property
    def quota(self) -> int:
        return self.given + self.approved + self.proposed + self.open


LAUNCH_WARD_PLACES = Places(given=2, approved=3, proposed=2, open=3, registered=3)
COMMUNE_PLACES = Places(given=1, approved=1, proposed=1, open=1, registered=1)

CAMPAIGN_NAME = (
    "Tháng hành động vì bình đẳng giới và phòng ngừa, ứng phó với bạo lực trên cơ sở giới năm 2026"
)
THEME = (
    "Chung tay xây dựng cộng đồng an toàn, không bạo lực; tăng quyền năng cho phụ nữ và trẻ em "
    "gái ở xã, phường"
)
SAMPLE_FACTS = (
    "Dữ liệu mẫu để dùng thử: chủ đề, ngày, giờ và địa điểm lễ phát động, các xã, phường tham "
    "gia, chương trình tặng quà, số phần quà và những người nhận quà là giả định, không lấy từ "
    "văn bản chính thức."
)
DESCRIPTION = (
    "Tháng hành động cấp Thành phố trên bản đồ hành chính từ ngày 01/7/2025 (hai cấp), do UBND "
    "Thành phố chủ trì, Sở Nội vụ là cơ quan thường trực (từ tháng 3/2025 công tác bình đẳng "
    "giới thuộc Bộ Nội vụ). " + SAMPLE_FACTS
)


ACTIVITIES = (
    (ActivityKind.COMMUNICATION,
     "Truyền thông về phòng ngừa, ứng phó với bạo lực trên cơ sở giới tại xã, phường",
     "UBND Thành phố"),
    (ActivityKind.TRAINING,
     "Tập huấn kỹ năng hỗ trợ người bị bạo lực cho cán bộ xã, phường", "Sở Nội vụ Hà Nội"),
    (ActivityKind.MODEL_REPLICATION,
     "Xây dựng, nhân rộng mô hình “Làng quê an toàn”, “Tổ dân phố an toàn”", "Sở Nội vụ Hà Nội"),
)  # fmt: skip
"""This year's follow-up activities (synthetic, as the rest of this campaign)."""


@dataclass(frozen=True)
class CurrentUnits:
    city: AdministrativeUnit  # Hà Nội on the new map
    launch_ward: AdministrativeUnit  # the first ward or commune that took over Sơn Tây
    communes: list[AdministrativeUnit]  # the launch ward first, then by district of 2022


def current_units(districts_of_2022: tuple[str, ...]) -> CurrentUnits:
    """New-map Hà Nội and a handful of the wards and communes that took over each district of
    2022 (the first district's first one hosts the launch), through ``unit_successions``."""
    city = db.session.scalars(
        sa.select(AdministrativeUnit).filter_by(
            scheme=UnitScheme.POST_2025, level=UnitLevel.PROVINCE, code=HANOI
        )
    ).first()
    if city is None:
        raise places_missing()
    communes: list[AdministrativeUnit] = []
    for code in districts_of_2022:
        taken = [unit for unit in _successors_of_district(code) if unit not in communes]
        communes += taken[:PLACES_PER_DISTRICT]
    if not communes:
        raise places_missing()
    return CurrentUnits(city=city, launch_ward=communes[0], communes=communes)


def _successors_of_district(code: str) -> list[AdministrativeUnit]:
    """The new-map communes and wards that took over a commune of the old district ``code``,
    by code."""
    district = db.session.scalars(
        sa.select(AdministrativeUnit).where(
            AdministrativeUnit.scheme == UnitScheme.PRE_2025,
            AdministrativeUnit.level == UnitLevel.DISTRICT,
            AdministrativeUnit.code == code,
        )
    ).first()
    return sorted(successors(district), key=lambda unit: unit.code) if district else []


def load_current(places: CurrentUnits) -> Campaign:
    """This year's campaign, its launch and its open gift programme; the caller checks that it
    is not loaded yet."""
    bodies = organizations_of(UnitScheme.POST_2025)
    campaign = Campaign(
        name=CAMPAIGN_NAME,
        theme=THEME,
        year=YEAR,
        start_date=dt.date(YEAR, 11, 15),
        end_date=dt.date(YEAR, 12, 15),
        status=CampaignStatus.ACTIVE,
        unit=places.city,
        lead_organization=bodies["UBND Thành phố"],
        standing_organization=bodies["Sở Nội vụ Hà Nội"],
        description=DESCRIPTION,
    )
    db.session.add(campaign)
    launch = _launch_event(campaign, places, bodies)
    _gift_programme(campaign, launch, places)
    users = demo_users()
    follow_up.plan_demo_activities(
        campaign, ACTIVITIES, places.communes, bodies, users,
        {places.launch_ward.id: WARD_OFFICIAL}, done_share=0.55, seed=YEAR,
    )  # fmt: skip
    follow_up.strategy_indicators(campaign, users)
    return campaign


def _launch_event(campaign: Campaign, places: CurrentUnits, bodies) -> Event:
    ward = places.launch_ward
    launch = Event(
        campaign=campaign,
        title="Lễ phát động " + CAMPAIGN_NAME,
        kind=EventKind.LAUNCH_CEREMONY,
        status=EventStatus.HELD,
        starts_at=LAUNCH_START,
        ends_at=LAUNCH_END,
        venue=ward.full_name,
        host_unit=ward,
        organizer=bodies["UBND Thành phố"],
        units=list(places.communes),
        outcome=(
            f"Các đại biểu ấn nút phát động Tháng hành động; trao những phần quà đầu tiên cho phụ "
            f"nữ có hoàn cảnh khó khăn, các xã, phường tiếp tục trao quà. {SAMPLE_FACTS}"
        ),
    )
    launch.agenda_items = [
        AgendaItem(position=1, title="Phát biểu phát động Tháng hành động",
                   speaker_note="Lãnh đạo UBND Thành phố"),
        AgendaItem(position=2, title="Phát biểu hưởng ứng",
                   speaker_note=f"Lãnh đạo UBND {ward.division_type} {ward.name}"),
        AgendaItem(position=3, title="Ấn nút phát động Tháng hành động",
                   speaker_note="Các đại biểu"),
        AgendaItem(position=4, title="Trao quà cho phụ nữ có hoàn cảnh khó khăn",
                   speaker_note="Ban tổ chức"),
    ]  # fmt: skip
    db.session.add(launch)
    return launch


def _gift_programme(campaign: Campaign, launch: Event, places: CurrentUnits) -> None:
    plans = [
        (commune, LAUNCH_WARD_PLACES if commune is places.launch_ward else COMMUNE_PLACES)
        for commune in places.communes
    ]
    programme = GiftProgramme(
        campaign=campaign,
        event=launch,
        name="Trao quà cho phụ nữ có hoàn cảnh khó khăn năm 2026",
        package_description="Phần quà cho phụ nữ có hoàn cảnh khó khăn (dữ liệu mẫu)",
        quota=sum(plan.quota for _, plan in plans),
        given_count=sum(plan.given for _, plan in plans),
    )
    db.session.add(programme)
    users = demo_users()
    women = iter(
        synthetic_women(sum(p.quota - p.open + p.registered for _, p in plans), seed=YEAR,
                        year=YEAR)
    )  # fmt: skip
    numbers = iter(range(1, programme.quota + 1))
    for commune, plan in plans:
        # records of the launch ward are the demo ward official's; elsewhere, by officials who
        # have no demo account
        official = users[WARD_OFFICIAL] if commune is places.launch_ward else None
        allocation = GiftAllocation(
            programme=programme, unit=commune, quota=plan.quota, given_count=plan.given
        )
        db.session.add(allocation)
        steps = ([Nominated.APPROVED] * (plan.given + plan.approved)
                 + [Nominated.PROPOSED] * plan.proposed + [None] * plan.registered)  # fmt: skip
        for index, status in enumerate(steps):
            woman = sample_beneficiary(next(women), commune, CONSENT_AT, official)
            db.session.add(woman)
            if status is None:
                continue
            approved = status is Nominated.APPROVED
            db.session.add(
                Nomination(
                    programme=programme, beneficiary=woman, allocation=allocation,
                    list_number=next(numbers), status=status,
                    proposed_by=official, proposed_at=NOMINATED_AT,
                    decided_by=users["demo.organizer"] if approved else None,
                    decided_at=APPROVED_AT if approved else None,
                )
            )  # fmt: skip
            if index < plan.given:
                db.session.add(
                    Handover(
                        programme=programme, beneficiary=woman, allocation=allocation,
                        handed_over_at=HANDED_OVER_AT, recorded_by=official,
                    )
                )  # fmt: skip
