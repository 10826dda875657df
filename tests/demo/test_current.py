"""This year's Hanoi Month of Action in the demo: on the new map, with open places a newcomer can
fill right after ``make run``."""

import datetime as dt

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import aliased

from campaign.accounts.models import Role, User
from campaign.accounts.scope import units_in_scope
from campaign.beneficiaries.models import Beneficiary, Circumstance
from campaign.campaigns.models import Campaign
from campaign.core.dates import LOCAL_TIME_ZONE
from campaign.events.models import Event, EventKind
from campaign.extensions import db
from campaign.gifts.models import GiftAllocation, GiftProgramme, Handover, Nomination
from campaign.gifts.models import NominationStatus as Nominated
from campaign.places.models import AdministrativeUnit, UnitLevel, UnitScheme, UnitSuccession

pytestmark = pytest.mark.usefixtures("app_context", "demo")

DISTRICTS_OF_2022 = {"269", "271", "272", "281", "282"}
NEW = UnitScheme.POST_2025


def this_year() -> Campaign:
    return db.session.scalars(sa.select(Campaign).where(Campaign.year == 2026)).one()


def programme() -> GiftProgramme:
    return db.session.scalars(
        sa.select(GiftProgramme).join(Campaign).where(Campaign.year == 2026)
    ).one()


def districts_taken_over_by(unit: AdministrativeUnit) -> set[str]:
    """The codes of the old districts whose communes ``unit`` took over."""
    old = aliased(AdministrativeUnit)
    district = aliased(AdministrativeUnit)
    return set(
        db.session.scalars(
            sa.select(district.code)
            .join(old, old.parent_id == district.id)
            .join(UnitSuccession, UnitSuccession.old_unit_id == old.id)
            .where(UnitSuccession.new_unit_id == unit.id)
        )
    )


def test_the_campaign_is_this_years_on_the_new_map_and_says_what_is_sample():
    campaign = this_year()
    assert (campaign.start_date, campaign.end_date) == (
        dt.date(2026, 11, 15),
        dt.date(2026, 12, 15),
    )
    assert campaign.scheme == NEW and (campaign.unit.code, campaign.unit.level) == (
        "01",
        "province",
    )
    assert campaign.lead_organization.name == "Ủy ban nhân dân thành phố Hà Nội"
    assert campaign.standing_organization.name == "Sở Nội vụ thành phố Hà Nội"
    for body in (campaign.lead_organization, campaign.standing_organization):
        assert body.unit.scheme == NEW
    assert "Dữ liệu mẫu" in campaign.description and "Sở Nội vụ" in campaign.description


def test_the_launch_is_in_a_ward_that_took_over_son_tay_with_communes_of_the_five_areas():
    launch = db.session.scalars(sa.select(Event).join(Campaign).where(Campaign.year == 2026)).one()
    assert launch.kind == EventKind.LAUNCH_CEREMONY
    assert launch.starts_at.astimezone(LOCAL_TIME_ZONE).date() == dt.date(2026, 11, 15)
    assert launch.host_unit.full_name == "Phường Sơn Tây"
    assert "269" in districts_taken_over_by(launch.host_unit)
    assert "Dữ liệu mẫu" in launch.outcome
    areas = [districts_taken_over_by(unit) & DISTRICTS_OF_2022 for unit in launch.units]
    assert all(areas) and set().union(*areas) == DISTRICTS_OF_2022
    assert all(unit.level == UnitLevel.COMMUNE for unit in launch.units)
    assert len(launch.units) < 25  # a handful per area, not every successor


def test_the_programme_has_places_in_every_state():
    gifts = programme()
    shares = {a.unit.full_name: a for a in gifts.allocations}
    assert sum(a.quota for a in shares.values()) == gifts.quota
    nominations = db.session.scalars(
        sa.select(Nomination).where(Nomination.programme_id == gifts.id)
    ).all()
    given = {h.beneficiary_id for h in db.session.scalars(
        sa.select(Handover).where(Handover.programme_id == gifts.id))}  # fmt: skip
    assert gifts.given_count == len(given) == sum(a.given_count for a in shares.values()) > 0
    waiting = [n for n in nominations if n.status is Nominated.APPROVED and n.beneficiary_id
               not in given]  # fmt: skip
    proposed = [n for n in nominations if n.status is Nominated.PROPOSED]
    assert waiting and proposed and all(n.decided_by is None for n in proposed)
    assert gifts.quota - len(nominations) > 0  # places nobody is nominated for yet
    ward = shares["Phường Sơn Tây"]
    in_ward = [n for n in nominations if n.allocation is ward]
    assert {n.status for n in in_ward} == {Nominated.APPROVED, Nominated.PROPOSED}
    assert ward.quota > len(in_ward)
    on_list = {n.beneficiary_id for n in nominations}
    not_nominated = db.session.scalars(
        sa.select(Beneficiary).where(Beneficiary.unit_id == ward.unit_id,
                                     Beneficiary.id.not_in(on_list))
    ).all()  # fmt: skip
    assert len(not_nominated) >= 2


def test_the_women_are_synthetic_live_in_the_shared_communes_and_fit_their_age():
    gifts = programme()
    share_units = {a.unit_id for a in gifts.allocations}
    women = db.session.scalars(sa.select(Beneficiary).where(Beneficiary.unit_id.in_(share_units)))
    women = women.all()
    assert len(women) > gifts.quota - sum(a.quota - a.given_count for a in gifts.allocations)
    assert all(w.circumstance_note == "Dữ liệu mẫu, không phải người thật." for w in women)
    assert all(w.national_id is None and w.consent_given_at is not None for w in women)
    elderly = [w for w in women if Circumstance.ELDERLY_ALONE in {c.category for c in
                                                                   w.circumstances}]  # fmt: skip
    assert all(2026 - w.birth_year >= 60 for w in elderly)


def test_the_ward_official_serves_the_launch_ward_only_and_the_2022_accounts_keep_theirs():
    ward_official = db.session.scalars(sa.select(User).filter_by(username="demo.ward")).one()
    assert ward_official.role is Role.OFFICIAL
    assert [(u.scheme, u.full_name) for u in ward_official.units] == [(NEW, "Phường Sơn Tây")]
    in_scope = db.session.scalars(
        sa.select(AdministrativeUnit).where(
            AdministrativeUnit.id.in_(units_in_scope(ward_official))
        )
    ).all()
    assert [u.full_name for u in in_scope] == ["Phường Sơn Tây"]
    district_official = db.session.scalars(sa.select(User).filter_by(username="demo.official"))
    assert {u.code for u in district_official.one().units} == DISTRICTS_OF_2022
    launch_ward = next(a.unit for a in programme().allocations if a.unit.name == "Sơn Tây")
    recorded = db.session.scalars(
        sa.select(Nomination.proposed_by_id).join(GiftAllocation)
        .where(GiftAllocation.unit_id == launch_ward.id)
    ).all()  # fmt: skip
    assert set(recorded) == {ward_official.id}


def test_nothing_of_this_years_campaign_uses_an_old_map_unit():
    campaign = this_year()
    gifts = programme()
    launch = gifts.event
    units = [campaign.unit, launch.host_unit, *launch.units, *(a.unit for a in gifts.allocations),
             campaign.lead_organization.unit, campaign.standing_organization.unit,
             launch.organizer.unit]  # fmt: skip
    units += db.session.scalars(
        sa.select(AdministrativeUnit)
        .join(Beneficiary, Beneficiary.unit_id == AdministrativeUnit.id)
        .join(Nomination, Nomination.beneficiary_id == Beneficiary.id)
        .where(Nomination.programme_id == gifts.id)
    ).all()
    assert {unit.scheme for unit in units} == {NEW}
