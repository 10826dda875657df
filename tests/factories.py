"""Small builders for test data: valid defaults, every field overridable."""

import datetime as dt
import functools
import itertools

import sqlalchemy as sa

from campaign.accounts.models import Role, User
from campaign.accounts.passwords import hash_password
from campaign.activities.models import Activity, ActivityKind, ActivityTarget, Measure
from campaign.beneficiaries.models import (
    Beneficiary,
    BeneficiaryCircumstance,
    Circumstance,
    placed_in,
)
from campaign.campaigns.models import Campaign
from campaign.core.text import name_sort_key, search_key, text_sort_key
from campaign.events.models import Event, EventKind
from campaign.extensions import db
from campaign.gifts.models import GiftAllocation, GiftProgramme, Handover
from campaign.officials.models import Official, OfficialPosition
from campaign.places.models import (
    AdministrativeUnit,
    GovernmentLevel,
    Organization,
    OrganizationKind,
    UnitLevel,
    UnitScheme,
)

_numbers = itertools.count(1)
PASSWORD = "correct horse battery staple 42"
UTC = dt.UTC


def _saved(instance):
    db.session.add(instance)
    db.session.flush()
    return instance


def unit(
    name="Sơn Tây", level=UnitLevel.DISTRICT, parent=None, scheme=UnitScheme.PRE_2025, **values
):
    level = UnitLevel(level)
    if parent is None and level is not UnitLevel.PROVINCE:
        parent = unit("Hà Nội", UnitLevel.PROVINCE, scheme=scheme)
    full_name = values.pop("full_name", name)
    return _saved(
        AdministrativeUnit(
            scheme=scheme, level=level, code=values.pop("code", f"{next(_numbers):05d}"),
            name=name, full_name=full_name, division_type="huyện", parent=parent,
            search_key=search_key(name), sort_key=text_sort_key(name), **values,
        )
    )  # fmt: skip


def keyed_as_loaded(*units) -> None:
    """Key ``units`` by their full name, as seed-places does (``unit`` keys the short name), so
    that a lookup resolves their labels ("Thị xã Sơn Tây, Thành phố Hà Nội")."""
    for each in units:
        each.search_key = search_key(each.full_name)
    db.session.flush()


@functools.cache
def _password_hash() -> str:
    return hash_password(PASSWORD)


def user(role=Role.OFFICIAL, **values):
    username = values.pop("username", f"user{next(_numbers)}")
    return _saved(
        User(username=username, full_name=values.pop("full_name", "Người dùng thử"),
             password_hash=_password_hash(), role=role, **values)
    )  # fmt: skip


def campaign(**values):
    values.setdefault("unit", values.get("unit") or unit("Hà Nội", UnitLevel.PROVINCE))
    return _saved(
        Campaign(
            name=values.pop("name", f"Tháng hành động {next(_numbers)}"),
            year=values.pop("year", 2022),
            start_date=values.pop("start_date", dt.date(2022, 11, 15)),
            end_date=values.pop("end_date", dt.date(2022, 12, 15)),
            **values,
        )
    )


def event(**values):
    starts_at = values.pop("starts_at", dt.datetime(2022, 11, 14, 1, 0, tzinfo=UTC))
    return _saved(
        Event(
            campaign=values.pop("campaign", None) or campaign(),
            title=values.pop("title", "Lễ phát động"),
            kind=values.pop("kind", EventKind.LAUNCH_CEREMONY),
            starts_at=starts_at,
            ends_at=values.pop("ends_at", starts_at + dt.timedelta(hours=3)),
            **values,
        )
    )


def beneficiary(full_name="Nguyễn Thị Lan", **values):
    home = values.pop("unit", None) or unit("Phường Lê Lợi", UnitLevel.COMMUNE, parent=unit())
    return _saved(
        Beneficiary(
            full_name=full_name,
            **placed_in(home),
            unit=home,
            search_key=search_key(full_name),
            sort_key=name_sort_key(full_name),
            **values,
        )
    )  # fmt: skip


FAMILY_NAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ")
MIDDLE_NAMES = ("Thị", "Thị Thu", "Thị Ngọc", "Thu", "Minh")
GIVEN_NAMES = ("An", "Anh", "Ánh", "Bình", "Chi", "Dung", "Duyên", "Giang", "Hà", "Hạnh", "Hoa",
               "Hương", "Lan", "Linh", "Mai", "Nga", "Ngọc", "Nhung", "Phương", "Thảo", "Trang",
               "Vân", "Yến")  # fmt: skip


def many_women(units, count: int) -> list[int]:
    """``count`` women spread over ``units`` (parents loaded), every seventh of a poor household,
    inserted in a few statements (a list at national scale); their ids."""
    rows = []
    for n in range(count):
        name = (f"{FAMILY_NAMES[n % 10]} {MIDDLE_NAMES[n // 10 % 5]}"
                f" {GIVEN_NAMES[n // 50 % len(GIVEN_NAMES)]}")  # fmt: skip
        rows.append({"full_name": name, "birth_year": 1950 + n % 50,
                     "search_key": search_key(name), "sort_key": name_sort_key(name),
                     **placed_in(units[n % len(units)])})  # fmt: skip
    ids = db.session.scalars(
        sa.insert(Beneficiary).returning(Beneficiary.id, sort_by_parameter_order=True), rows
    ).all()
    db.session.execute(sa.insert(BeneficiaryCircumstance), [
        {"beneficiary_id": woman_id, "category": Circumstance.POOR_HOUSEHOLD}
        for woman_id in ids[::7]
    ])  # fmt: skip
    return list(ids)


def programme(quota=100, **values):
    return _saved(
        GiftProgramme(
            campaign=values.pop("campaign", None) or campaign(),
            name=values.pop("name", "Trao quà"),
            quota=quota,
            **values,
        )
    )


def allocation(programme_, district=None, quota=20, **values):
    return _saved(
        GiftAllocation(programme=programme_, unit=district or unit(), quota=quota, **values)
    )


def handover(allocation_, beneficiary_, **values):
    return _saved(
        Handover(
            programme=allocation_.programme, allocation=allocation_, beneficiary=beneficiary_,
            **values,
        )
    )  # fmt: skip


def organization(name="Ủy ban nhân dân huyện Ba Vì", level=GovernmentLevel.DISTRICT, **values):
    level = GovernmentLevel(level)
    if level is not GovernmentLevel.CENTRAL and "unit" not in values:
        values["unit"] = unit()
    return _saved(
        Organization(
            name=name, kind=values.pop("kind", OrganizationKind.PEOPLES_COMMITTEE), level=level,
            search_key=search_key(name), sort_key=text_sort_key(name), **values,
        )
    )  # fmt: skip


def official(full_name="Chử Xuân Dũng", title="Phó Chủ tịch", organization_=None, **values):
    person = Official(
        full_name=full_name, search_key=search_key(full_name),
        sort_key=name_sort_key(full_name), **values,
    )  # fmt: skip
    person.positions = [
        OfficialPosition(title=title, organization=organization_ or organization(), rank=0)
    ]
    return _saved(person)


def nomination(allocation_, beneficiary_=None, **values):
    """An approved nominee of the allocation's district, proposed and approved by two people."""
    from campaign.gifts.models import Nomination, NominationStatus

    return _saved(
        Nomination(
            programme=allocation_.programme, allocation=allocation_,
            beneficiary=beneficiary_ or beneficiary(
                unit=unit("Phường Lê Lợi", UnitLevel.COMMUNE, parent=allocation_.unit)
            ),
            list_number=values.pop("list_number", next(_numbers)),
            status=values.pop("status", NominationStatus.APPROVED),
            proposed_by=values.pop("proposed_by", None) or user(Role.ORGANIZER),
            proposed_at=values.pop("proposed_at", dt.datetime(2022, 11, 1, 2, 0, tzinfo=UTC)),
            decided_by=values.pop("decided_by", None) or user(Role.ORGANIZER),
            decided_at=values.pop("decided_at", dt.datetime(2022, 11, 2, 2, 0, tzinfo=UTC)),
            **values,
        )
    )  # fmt: skip


def two_districts() -> tuple:
    """Hà Nội's Sơn Tây (with ward Lê Lợi) and Ba Vì (with commune Tản Lĩnh), the map most
    gift and beneficiary tests need: (son_tay, ba_vi, le_loi, tan_linh)."""
    hanoi = unit("Hà Nội", UnitLevel.PROVINCE)
    son_tay = unit("Sơn Tây", parent=hanoi, full_name="Thị xã Sơn Tây")
    ba_vi = unit("Ba Vì", parent=hanoi, full_name="Huyện Ba Vì")
    le_loi = unit("Lê Lợi", UnitLevel.COMMUNE, parent=son_tay, full_name="Phường Lê Lợi")
    tan_linh = unit("Tản Lĩnh", UnitLevel.COMMUNE, parent=ba_vi, full_name="Xã Tản Lĩnh")
    return son_tay, ba_vi, le_loi, tan_linh


def activity(campaign, units, targets=None, **values):
    """An activity of ``campaign`` carried out by ``units``; ``targets``: measure → the target
    of each unit (a training with 100 participants each by default)."""
    kind = values.pop("kind", ActivityKind.TRAINING)
    targets = {Measure.PARTICIPANTS: 100} if targets is None else targets
    return _saved(
        Activity(
            campaign=campaign, kind=kind, title=values.pop("title", "Tập huấn kỹ năng"),
            planned_start=values.pop("planned_start", campaign.start_date),
            due_date=values.pop("due_date", campaign.end_date), units=list(units),
            targets=[ActivityTarget(unit_id=unit.id, measure=measure, target=target)
                     for unit in units for measure, target in targets.items()],
            **values,
        )
    )  # fmt: skip
