"""A national-scale data set, deterministic from a seed, into any configured database.

    python -m bench.generate --database sqlite:////tmp/nation.sqlite3 --seed 1
    python -m bench.generate --database postgresql+psycopg://postgres@127.0.0.1:5432/bench_pg \
        --seed 1 --scale 0.1

Migrates to head, loads the real reference data (both maps), then adds at scale 1.0: 20
campaigns in a tree over both maps (2021–2026), 10,000 events with their units and officials,
5,000 officials with positions and 30,000 participations, 100,000 women over both maps
(registered through ``beneficiaries.services.register_many``), gift programmes with their
shares, 100,000 nominations and their handovers, 500,000 audit entries, 20,000 activities
with targets and 100,000 progress reports, and four users whose password is printed at the
end. Rows go in as bulk statements;
search and sort keys come from the application's own functions (``campaign.core.text``).
The creation times the application stamps itself (a registration's consent) are the time of
the run; everything else, names and ids included, follows from the seed.
"""

import argparse
import datetime as dt
import random
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import flask_migrate
import sqlalchemy as sa

from campaign import create_app
from campaign.accounts.models import Role, User, user_units
from campaign.accounts.passwords import hash_password
from campaign.activities.models import (
    MEASURES_OF_KIND,
    Activity,
    ActivityTarget,
    ProgressFigure,
    ProgressReport,
    activity_units,
)
from campaign.audit.models import AuditEntry
from campaign.audit.services import Actor
from campaign.beneficiaries.models import Circumstance
from campaign.beneficiaries.services import BeneficiaryDetails, register_many
from campaign.campaigns.models import Campaign, CampaignStatus
from campaign.config import PASSWORD_HASH_METHOD
from campaign.core.text import name_sort_key, search_key, text_sort_key
from campaign.demo.people import EVERYDAY_CIRCUMSTANCES, FAMILY_NAMES, GIVEN_NAMES, MIDDLE_NAMES
from campaign.events.models import (
    Event,
    EventKind,
    EventStatus,
    Participation,
    ParticipationRole,
    event_units,
)
from campaign.extensions import db
from campaign.gifts.models import (
    GiftAllocation,
    GiftProgramme,
    Handover,
    HandoverStatus,
    Nomination,
    NominationStatus,
    ReceiptMode,
)
from campaign.officials.models import Official, OfficialPosition
from campaign.places.maps import SHARE_LEVEL, scheme_for
from campaign.places.models import (
    AdministrativeUnit,
    GovernmentLevel,
    Organization,
    OrganizationKind,
    UnitLevel,
    UnitScheme,
)
from campaign.reference.services import load_reference_data

PASSWORD = "bench password 2026"
USERS = {  # username → (role, full name); the official's scope is the capital on the new map
    "quantri": (Role.ADMIN, "Quản trị hệ thống"),
    "tochuc": (Role.ORGANIZER, "Ban tổ chức Tháng hành động"),
    "baocao": (Role.STAFF, "Cán bộ báo cáo"),
    "canbo.hanoi": (Role.OFFICIAL, "Cán bộ Hội Phụ nữ Hà Nội"),
}
CAPITAL, SECOND, OTHERS = "01", "79", ("48", "31")  # Hà Nội, TP Hồ Chí Minh, Đà Nẵng, Hải Phòng
YEARS = range(2021, 2027)
BATCH = 5_000
FULL = {  # the counts at scale 1.0
    "events": 10_000,
    "officials": 5_000,
    "participations_per_event": 3,
    "beneficiaries": 100_000,
    "nominations": 100_000,
    "audit_entries": 500_000,
    "activities": 20_000,
    "progress_reports": 100_000,
}
BIG_PROGRAMME_SHARE = 0.4  # of the nominations: the current year's programme in the capital
EVENT_TITLES = [
    "Lễ phát động Tháng hành động",
    "Truyền thông phòng chống bạo lực giới",
    "Tập huấn bình đẳng giới",
    "Kiểm tra thực hiện Luật Bình đẳng giới",
    "Đối thoại chính sách với phụ nữ",
    "Thăm hỏi, tặng quà phụ nữ khó khăn",
    "Họp ban chỉ đạo",
]
TITLES = ["Chủ tịch", "Phó Chủ tịch", "Trưởng ban", "Phó Trưởng ban", "Giám đốc", "Chuyên viên"]
ORGANIZATION_NAMES = [
    (OrganizationKind.WOMENS_UNION, "Hội Liên hiệp Phụ nữ"),
    (OrganizationKind.PEOPLES_COMMITTEE, "Ủy ban nhân dân"),
    (OrganizationKind.DEPARTMENT, "Sở Y tế"),
]
AUDIT_MIX = [  # (action, entity type, share of the entries)
    ("view", "beneficiary", 40),
    ("sign_in", "user", 15),
    ("update", "event", 10),
    ("create", "event", 8),
    ("nominate", "nomination", 8),
    ("hand_over", "handover", 8),
    ("approve", "nomination", 5),
    ("export", "audit_entry", 2),
    ("update", "official", 4),
]


class Progress:
    """A progress bar on stderr: tqdm's when it is installed, else a line of its own."""

    def __init__(self, total: int):
        try:
            from tqdm import tqdm
        except ImportError:
            tqdm = None
        self.bar = tqdm(total=total, unit="row", unit_scale=True, file=sys.stderr) if tqdm else None
        self.total, self.done, self.phase, self.started = total, 0, "", time.monotonic()

    def step(self, phase: str, rows: int) -> None:
        self.done += rows
        if self.bar is not None:
            self.bar.set_description(phase)
            self.bar.update(rows)
            return
        filled = int(30 * self.done / max(self.total, 1))
        sys.stderr.write(
            f"\r{phase:<16} [{'#' * filled:<30}] {self.done:>9,}/{self.total:,} rows"
            f" {time.monotonic() - self.started:6.1f} s"
        )
        sys.stderr.flush()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
        else:
            sys.stderr.write("\n")


@dataclass
class Map:
    """The units of one map: provinces by code, the units below each province."""

    provinces: dict[str, int] = field(default_factory=dict)
    locals_of: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    communes_of: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))


def _counts(scale: float) -> dict[str, int]:
    return {
        name: max(1, round(count * scale)) if name != "participations_per_event" else count
        for name, count in FULL.items()
    }


def _insert(model, rows: list[dict], progress: Progress, phase: str, ids=True) -> list[int]:
    """Insert ``rows`` in batches; their ids in order, unless ``ids`` is false (a plain
    executemany, several times faster)."""
    wanted: list[int] = []
    table = getattr(model, "__table__", model)
    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        if ids and "id" in table.c:
            statement = sa.insert(model).returning(table.c.id, sort_by_parameter_order=True)
            wanted += db.session.scalars(statement, batch).all()
        else:
            db.session.execute(sa.insert(table), batch)
        progress.step(phase, len(batch))
    return wanted


def _maps() -> tuple[dict[UnitScheme, Map], dict[int, int]]:
    """Both maps, and each unit's parent."""
    maps = {scheme: Map() for scheme in UnitScheme}
    parents, province_of = {}, {}
    rows = db.session.execute(
        sa.select(
            AdministrativeUnit.id,
            AdministrativeUnit.scheme,
            AdministrativeUnit.level,
            AdministrativeUnit.code,
            AdministrativeUnit.parent_id,
        ).order_by(AdministrativeUnit.id)
    ).all()
    for unit_id, scheme, level, code, parent_id in rows:
        parents[unit_id] = parent_id
        if level == UnitLevel.PROVINCE:
            maps[UnitScheme(scheme)].provinces[code] = unit_id
            province_of[unit_id] = unit_id
    for unit_id, scheme, level, _code, parent_id in rows:  # parents come before children
        if level != UnitLevel.PROVINCE:
            province_of[unit_id] = province_of[parent_id]
            if level == SHARE_LEVEL[UnitScheme(scheme)]:
                maps[UnitScheme(scheme)].locals_of[province_of[unit_id]].append(unit_id)
            if level == UnitLevel.COMMUNE:
                maps[UnitScheme(scheme)].communes_of[province_of[unit_id]].append(unit_id)
    return maps, parents


def _users() -> dict[str, int]:
    rows = [
        {
            "username": username,
            "full_name": name,
            "role": role.value,
            "active": True,
            "password_hash": hash_password(PASSWORD),
            "must_change_password": False,
            "created_at": dt.datetime(2021, 1, 4, 1, tzinfo=dt.UTC),
        }
        for username, (role, name) in USERS.items()
    ]
    ids = db.session.scalars(
        sa.insert(User).returning(User.id, sort_by_parameter_order=True), rows
    ).all()
    return dict(zip(USERS, ids, strict=True))


def _organizations(maps: dict[UnitScheme, Map], progress: Progress) -> dict[int, list[int]]:
    """A few bodies in every province of both maps (beside the reference data's): their ids by
    province."""
    existing = set(db.session.execute(sa.select(Organization.name, Organization.unit_id)).all())
    names = dict(
        db.session.execute(sa.select(AdministrativeUnit.id, AdministrativeUnit.full_name)).all()
    )
    rows = []
    for scheme_map in maps.values():
        for province_id in scheme_map.provinces.values():
            for kind, prefix in ORGANIZATION_NAMES:
                name = f"{prefix} {names[province_id]}"
                if (name, province_id) not in existing:
                    rows.append(
                        {
                            "name": name,
                            "short_name": None,
                            "kind": kind.value,
                            "level": GovernmentLevel.PROVINCE.value,
                            "unit_id": province_id,
                            "search_key": search_key(name),
                            "sort_key": text_sort_key(name),
                        }
                    )
    _insert(Organization, rows, progress, "organizations")
    by_province = defaultdict(list)
    for organization_id, unit_id in db.session.execute(
        sa.select(Organization.id, Organization.unit_id)
        .where(Organization.level == GovernmentLevel.PROVINCE)
        .order_by(Organization.id)
    ):
        by_province[unit_id].append(organization_id)
    return by_province


def _campaigns(maps: dict[UnitScheme, Map], organizations, progress) -> list[dict]:
    """Per year the national campaign (launched in the capital), a province's under it and a
    district's or commune's of the capital; two more provinces in the current year."""
    campaigns = []
    for year in YEARS:
        start, end = dt.date(year, 11, 15), dt.date(year, 12, 15)
        scheme = scheme_for(start)
        status = CampaignStatus.ACTIVE if year == YEARS[-1] else CampaignStatus.CLOSED
        capital = maps[scheme].provinces[CAPITAL]
        plan = [("Tháng hành động vì bình đẳng giới toàn quốc", capital, None)]
        plan += [
            (f"Tháng hành động tỉnh, thành phố {code}", maps[scheme].provinces[code], 0)
            for code in (SECOND, *(OTHERS if year == YEARS[-1] else ()))
        ]
        plan.append(("Tháng hành động cơ sở", maps[scheme].locals_of[capital][0], 0))
        first = len(campaigns)
        for name, unit_id, parent in plan:
            province_id = unit_id if unit_id in maps[scheme].provinces.values() else capital
            campaigns.append(
                {
                    "name": f"{name} năm {year}",
                    "theme": "Bình đẳng giới, phòng chống bạo lực",
                    "year": year,
                    "start_date": start,
                    "end_date": end,
                    "status": status.value,
                    "unit_id": unit_id,
                    "parent": None if parent is None else first + parent,
                    "lead_organization_id": organizations[province_id][0],
                    "standing_organization_id": organizations[province_id][0],
                    "scheme": scheme,
                    "province_id": province_id,
                }
            )
    columns = {column.key for column in Campaign.__table__.c}
    for index, campaign in enumerate(campaigns):  # the parent's id first: one by one (20 rows)
        parent = campaign.pop("parent")
        campaign["parent_id"] = None if parent is None else campaigns[parent]["id"]
        values = {key: value for key, value in campaign.items() if key in columns}
        campaign["id"] = db.session.scalars(
            sa.insert(Campaign).returning(Campaign.id), [values]
        ).one()
        campaigns[index] = campaign
    progress.step("campaigns", len(campaigns))
    return campaigns


def _officials(rng: random.Random, count: int, organizations, progress) -> list[tuple[int, int]]:
    """``count`` officials with one or two positions; (official id, main position id) each."""
    bodies = [organization for ids in organizations.values() for organization in ids]
    names = [
        f"{rng.choice(FAMILY_NAMES)} {rng.choice(('Văn', 'Thị', 'Minh', 'Quốc', 'Thu'))} "
        f"{rng.choice([*GIVEN_NAMES, 'Dũng', 'Hùng', 'Sơn', 'Tuấn', 'Thắng'])}"
        for _ in range(count)
    ]
    ids = _insert(
        Official,
        [
            {
                "full_name": name,
                "phone": f"09{n:08d}",
                "email": None,
                "search_key": search_key(name),
                "sort_key": name_sort_key(name),
            }
            for n, name in enumerate(names)
        ],
        progress,
        "officials",
    )
    positions = []
    for official_id in ids:
        for rank, organization_id in enumerate(rng.sample(bodies, rng.choice((1, 1, 2)))):
            positions.append(
                {
                    "official_id": official_id,
                    "organization_id": organization_id,
                    "title": rng.choice(TITLES),
                    "precedence": rng.randint(1, 200),
                    "rank": rank,
                }
            )
    position_ids = _insert(OfficialPosition, positions, progress, "positions")
    main = {}
    for position, position_id in zip(positions, position_ids, strict=True):
        main.setdefault(position["official_id"], position_id)
    return [(official_id, main[official_id]) for official_id in ids]


def _events(rng, counts, campaigns, maps, organizations, officials, progress) -> dict[int, int]:
    """The events, weighted to the national campaigns; the first event of each campaign."""
    weights = [6 if campaign["parent_id"] is None else 1 for campaign in campaigns]
    chosen = rng.choices(range(len(campaigns)), weights, k=counts["events"])
    rows, units = [], []
    for n, index in enumerate(chosen):
        campaign = campaigns[index]
        scheme_map = maps[campaign["scheme"]]
        local_units = scheme_map.locals_of[campaign["province_id"]]
        starts_at = dt.datetime.combine(campaign["start_date"], dt.time(1), tzinfo=dt.UTC)
        starts_at += dt.timedelta(days=rng.randint(0, 29), hours=rng.randint(0, 9))
        held = campaign["year"] < YEARS[-1] or rng.random() < 0.3
        rows.append(
            {
                "campaign_id": campaign["id"],
                "title": f"{rng.choice(EVENT_TITLES)} số {n + 1}",
                "kind": rng.choice(list(EventKind)).value,
                "status": (EventStatus.HELD if held else EventStatus.PLANNED).value,
                "status_reason": None,
                "starts_at": starts_at,
                "ends_at": starts_at + dt.timedelta(hours=rng.choice((2, 3, 4))),
                "venue": "Hội trường Ủy ban nhân dân",
                "host_unit_id": rng.choice(local_units),
                "organizer_id": rng.choice(organizations[campaign["province_id"]]),
                "description": None,
                "expected_attendance": rng.randint(20, 300),
                "actual_attendance": rng.randint(20, 300) if held else None,
                "outcome": None,
            }
        )
        units.append(rng.sample(local_units, min(len(local_units), rng.choice((1, 1, 2, 3)))))
    ids = _insert(Event, rows, progress, "events")
    _insert(
        event_units,
        [
            {"event_id": event_id, "unit_id": unit_id}
            for event_id, unit_ids in zip(ids, units, strict=True)
            for unit_id in unit_ids
        ],
        progress,
        "event units",
    )
    roles = list(ParticipationRole)
    participations = []
    for event_id, row in zip(ids, rows, strict=True):
        for position, (official_id, position_id) in enumerate(
            rng.sample(officials, min(len(officials), counts["participations_per_event"]))
        ):
            participations.append(
                {
                    "event_id": event_id,
                    "official_id": official_id,
                    "position_id": position_id,
                    "role": rng.choice(roles).value,
                    "position": position,
                    "attended": True if row["status"] == EventStatus.HELD.value else None,
                }
            )
    _insert(Participation, participations, progress, "participations", ids=False)
    first = {}
    for event_id, row in zip(ids, rows, strict=True):
        first.setdefault(row["campaign_id"], event_id)
    return first


def _women(rng, count: int, maps, campaigns, user_id: int, progress) -> dict:
    """The women, through the registration's bulk service: 45% in the capital's communes on the
    new map, 30% on the old map, the rest anywhere on either. Their ids by (map, commune)."""
    capital = {scheme: maps[scheme].provinces[CAPITAL] for scheme in UnitScheme}
    everywhere = [
        commune
        for scheme in UnitScheme
        for communes in maps[scheme].communes_of.values()
        for commune in communes
    ]
    pools = [
        (0.45, maps[UnitScheme.POST_2025].communes_of[capital[UnitScheme.POST_2025]]),
        (0.30, maps[UnitScheme.PRE_2025].communes_of[capital[UnitScheme.PRE_2025]]),
        (0.25, everywhere),
    ]
    units = {unit.id: unit for unit in db.session.scalars(sa.select(AdministrativeUnit))}
    actor = Actor(user_id=user_id, remote_address="127.0.0.1")
    user = db.session.get(User, user_id)
    communes, details = [], []
    for n in range(count):
        pool = rng.choices([pool for _, pool in pools], [share for share, _ in pools])[0]
        commune = rng.choice(pool)
        name = f"{rng.choice(FAMILY_NAMES)} {rng.choice(MIDDLE_NAMES)} {rng.choice(GIVEN_NAMES)}"
        circumstances = frozenset(rng.sample(EVERYDAY_CIRCUMSTANCES, rng.choice((1, 1, 2))))
        if rng.random() < 0.05:
            circumstances |= {Circumstance.SURVIVOR_OF_VIOLENCE}
        communes.append(commune)
        details.append(
            BeneficiaryDetails(
                full_name=name,
                birth_year=rng.randint(1942, 2000),
                unit=units[commune],
                address=f"Thôn {rng.randint(1, 12)}",
                phone=f"03{n:08d}" if n % 3 else None,
                national_id=f"{n:012d}" if n % 2 else None,
                circumstances=circumstances,
                circumstance_note=None,
                nominating_organization=None,
            )
        )
    ids = []
    for start in range(0, count, BATCH):
        batch = details[start : start + BATCH]
        ids += register_many(actor, user, batch)
        progress.step("women", len(batch))
    by_commune = defaultdict(list)
    for beneficiary_id, commune in zip(ids, communes, strict=True):
        by_commune[commune].append(beneficiary_id)
    return by_commune


def _gifts(
    rng, counts, campaigns, first_events, maps, parents, women, users, officials, progress
) -> None:
    """One programme per national campaign; the current year's is the big one. Each share's
    quota is its nominations, its given count its handovers (the CHECKs hold)."""
    national = [campaign for campaign in campaigns if campaign["parent_id"] is None]
    big = round(counts["nominations"] * BIG_PROGRAMME_SHARE)
    wanted = [(counts["nominations"] - big) // (len(national) - 1)] * (len(national) - 1) + [big]
    nominations, handovers, allocations, programmes = [], [], [], []
    for campaign, target in zip(national, wanted, strict=True):
        scheme, current = campaign["scheme"], campaign["year"] == YEARS[-1]
        share_unit = {
            commune: (commune if scheme is UnitScheme.POST_2025 else parents[commune])
            for commune in maps[scheme].communes_of[campaign["province_id"]]
        }
        candidates = [(woman, commune) for commune in share_unit for woman in women[commune]]
        picked = rng.sample(candidates, min(target, len(candidates)))
        picked.sort()
        per_share, given = Counter(), Counter()
        programme_index = len(programmes)
        for list_number, (woman, commune) in enumerate(picked, start=1):
            roll = rng.random()
            status = (
                NominationStatus.REJECTED
                if roll < 0.05
                else NominationStatus.PROPOSED
                if roll < 0.15
                else NominationStatus.APPROVED
            )
            unit_id = share_unit[commune]
            per_share[unit_id] += 1
            moment = dt.datetime.combine(campaign["start_date"], dt.time(2), tzinfo=dt.UTC)
            nominations.append(
                {
                    "programme": programme_index,
                    "beneficiary_id": woman,
                    "unit_id": unit_id,
                    "list_number": list_number,
                    "status": status.value,
                    "proposed_by_id": users["canbo.hanoi"],
                    "proposed_at": moment,
                    "decided_by_id": None
                    if status is NominationStatus.PROPOSED
                    else users["tochuc"],
                    "decided_at": None if status is NominationStatus.PROPOSED else moment,
                    "rejection_reason": "Không thuộc diện hỗ trợ"
                    if status is NominationStatus.REJECTED
                    else None,
                }
            )
            if status is NominationStatus.APPROVED and rng.random() < (0.1 if current else 0.9):
                given[unit_id] += 1
                proxy = rng.random() < 0.05
                handovers.append(
                    {
                        "programme": programme_index,
                        "beneficiary_id": woman,
                        "unit_id": unit_id,
                        "handed_over_at": moment + dt.timedelta(days=rng.randint(1, 25)),
                        "recorded_at": moment + dt.timedelta(days=26),
                        "recorded_by_id": users["canbo.hanoi"],
                        "presented_by_id": rng.choice(officials)[0],
                        "receipt_mode": (
                            ReceiptMode.PROXY if proxy else ReceiptMode.IN_PERSON
                        ).value,
                        "proxy_name": "Nguyễn Văn Nam" if proxy else None,
                        "proxy_relationship": "con trai" if proxy else None,
                        "status": HandoverStatus.GIVEN.value,
                        "voided_at": None,
                        "voided_by_id": None,
                        "void_reason": None,
                    }
                )
        programmes.append(
            {
                "campaign_id": campaign["id"],
                "event_id": first_events.get(campaign["id"]),
                "name": f"Quà tặng phụ nữ có hoàn cảnh khó khăn năm {campaign['year']}",
                "package_description": "Tiền mặt và nhu yếu phẩm",
                "unit_value": 500_000,
                "quota": sum(per_share.values()),
                "given_count": sum(given.values()),
            }
        )
        allocations += [
            {
                "programme": programme_index,
                "unit_id": unit_id,
                "quota": quota,
                "given_count": given[unit_id],
            }
            for unit_id, quota in sorted(per_share.items())
        ]
    programme_ids = _insert(GiftProgramme, programmes, progress, "programmes")
    for allocation in allocations:
        allocation["programme_id"] = programme_ids[allocation.pop("programme")]
    allocation_ids = _insert(GiftAllocation, allocations, progress, "shares")
    share = {
        (allocation["programme_id"], allocation["unit_id"]): allocation_id
        for allocation, allocation_id in zip(allocations, allocation_ids, strict=True)
    }
    for row in nominations + handovers:
        row["programme_id"] = programme_ids[row.pop("programme")]
        row["allocation_id"] = share[(row["programme_id"], row.pop("unit_id"))]
    _insert(Nomination, nominations, progress, "nominations", ids=False)
    _insert(Handover, handovers, progress, "handovers", ids=False)


def _activities(rng, counts, campaigns, maps, users, progress) -> None:
    """Activities of two local units each, a target per unit and measure, and progress reports
    with a figure per measure, most of them accepted."""
    rows, units = [], []
    for n in range(counts["activities"]):
        campaign = rng.choice(campaigns)
        start = campaign["start_date"] + dt.timedelta(days=30 + rng.randint(0, 60))
        rows.append(
            {
                "campaign_id": campaign["id"],
                "title": f"Nhân rộng mô hình số {n + 1}",
                "kind": rng.choice(["communication", "training", "model_replication"]),
                "status": "done" if campaign["year"] < YEARS[-1] else "in_progress",
                "description": None,
                "lead_organization_id": campaign["lead_organization_id"],
                "planned_start": start,
                "due_date": start + dt.timedelta(days=90),
            }
        )
        local_units = maps[campaign["scheme"]].locals_of[campaign["province_id"]]
        units.append(rng.sample(local_units, min(2, len(local_units))))
    ids = _insert(Activity, rows, progress, "activities")
    _insert(
        activity_units,
        [
            {"activity_id": activity_id, "unit_id": unit_id}
            for activity_id, unit_ids in zip(ids, units, strict=True)
            for unit_id in unit_ids
        ],
        progress,
        "activity units",
    )
    _insert(
        ActivityTarget,
        [
            {"activity_id": activity_id, "unit_id": unit_id, "measure": measure,
             "target": rng.randint(5, 200), "baseline": None}
            for activity_id, row, unit_ids in zip(ids, rows, units, strict=True)
            for unit_id in unit_ids for measure in MEASURES_OF_KIND[row["kind"]]
        ],
        progress, "activity targets", ids=False,
    )  # fmt: skip
    reports, figures = [], []
    for _ in range(counts["progress_reports"]):
        index = rng.randrange(len(ids))
        done_on = rows[index]["planned_start"] + dt.timedelta(days=rng.randint(0, 90))
        reports.append(
            {
                "activity_id": ids[index],
                "unit_id": rng.choice(units[index]),
                "done_on": done_on,
                "status": rng.choices(["accepted", "submitted", "returned"], [8, 2, 1])[0],
                "version": 1,
                "reported_at": dt.datetime.combine(done_on, dt.time(3), tzinfo=dt.UTC),
                "reported_by_id": users["canbo.hanoi"],
                "note": None,
            }
        )
        figures.append([(measure, rng.randint(0, 60)) for measure in
                        MEASURES_OF_KIND[rows[index]["kind"]]])  # fmt: skip
    for row in reports:
        row["review_note"] = "Bổ sung danh sách" if row["status"] == "returned" else None
    report_ids = _insert(ProgressReport, reports, progress, "progress reports")
    _insert(
        ProgressFigure,
        [
            {"report_id": report_id, "measure": measure, "value": value, "women": None}
            for report_id, pairs in zip(report_ids, figures, strict=True)
            for measure, value in pairs
        ],
        progress, "progress figures", ids=False,
    )  # fmt: skip


def _audit(rng, count: int, users, progress) -> None:
    """The log of five years before the women's registration: times in order, as appended."""
    start = dt.datetime(2021, 1, 4, 1, tzinfo=dt.UTC)
    span = (dt.datetime(2026, 11, 30, tzinfo=dt.UTC) - start).total_seconds()
    user_ids = list(users.values())
    kinds = [(action, entity) for action, entity, _ in AUDIT_MIX]
    weights = [share for _, _, share in AUDIT_MIX]
    rows = []
    for n in range(count):
        action, entity = rng.choices(kinds, weights)[0]
        rows.append(
            {
                "occurred_at": start + dt.timedelta(seconds=span * n / count),
                "user_id": rng.choice(user_ids),
                "remote_address": f"10.0.{n % 250}.{n % 199 + 1}",
                "action": action,
                "entity_type": entity,
                "entity_id": rng.randint(1, 100_000),
                "summary": f"Bản ghi số {n + 1}",
                "changes": {"status": ["planned", "held"]} if action == "update" else None,
            }
        )
    _insert(AuditEntry, rows, progress, "audit log", ids=False)


def generate(database_url: str, seed: int = 1, scale: float = 1.0) -> dict[str, int]:
    """Fill the database at ``database_url`` (migrated to head first); the users' ids."""
    app = create_app(
        {
            "CAMPAIGN_ENV": "testing",
            "SECRET_KEY": "g" * 40,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "PASSWORD_HASH_METHOD": PASSWORD_HASH_METHOD,
        }
    )
    counts = _counts(scale)
    rng = random.Random(seed)
    women_audit = counts["beneficiaries"]
    total = (
        20
        + counts["events"] * (2 + counts["participations_per_event"])
        + counts["officials"] * 2
        + counts["beneficiaries"]
        + counts["nominations"] * 2
        + max(counts["audit_entries"] - women_audit, 0)
        + counts["activities"] * 7
        + counts["progress_reports"] * 3
        + 300
    )
    with app.app_context():
        flask_migrate.upgrade()
        load_reference_data()
        db.session.commit()
        progress = Progress(total)
        maps, parents = _maps()
        users = _users()
        db.session.execute(
            sa.insert(user_units),
            [
                {
                    "user_id": users["canbo.hanoi"],
                    "unit_id": maps[UnitScheme.POST_2025].provinces[CAPITAL],
                }
            ],
        )
        organizations = _organizations(maps, progress)
        campaigns = _campaigns(maps, organizations, progress)
        officials = _officials(rng, counts["officials"], organizations, progress)
        first_events = _events(rng, counts, campaigns, maps, organizations, officials, progress)
        db.session.commit()
        _audit(rng, max(counts["audit_entries"] - women_audit, 0), users, progress)
        db.session.commit()
        women = _women(rng, counts["beneficiaries"], maps, campaigns, users["tochuc"], progress)
        db.session.commit()
        _gifts(
            rng, counts, campaigns, first_events, maps, parents, women, users, officials, progress
        )
        _activities(rng, counts, campaigns, maps, users, progress)
        db.session.commit()
        progress.close()
        db.session.execute(sa.text("ANALYZE"))  # the planner's statistics, as after a real load
        db.session.commit()
        db.engine.dispose()
    return users


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", required=True, help="an SQLAlchemy URL")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--scale", type=float, default=1.0, help="1.0: the national scale")
    arguments = parser.parse_args()
    started = time.monotonic()
    generate(arguments.database, arguments.seed, arguments.scale)
    print(f"generated in {time.monotonic() - started:.0f} s; users (password {PASSWORD!r}):")
    for username, (role, _name) in USERS.items():
        print(f"  {username:<12} {role.value}")


if __name__ == "__main__":
    main()
