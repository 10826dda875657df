"""A programme's lists at national scale: 10,200 nominations, a page in at most three statements
for its rows at any depth (docs/architecture.md, "The read side at scale")."""

import re

import pytest
import sqlalchemy as sa

from campaign.accounts.models import Role
from campaign.beneficiaries.models import Beneficiary
from campaign.extensions import db
from campaign.gifts import queries
from campaign.gifts.models import GiftProgramme, Handover, Nomination, NominationStatus
from campaign.places.models import AdministrativeUnit, UnitLevel
from tests import factories
from tests.beneficiaries.test_list_at_scale import statements_for
from tests.conftest import counted_queries, pager_link, sign_in

NOMINATED, UNLISTED, GIVEN = 10_200, 300, 150
LISTED_WOMAN = re.compile(r'href="/beneficiaries/(\d+)"')
TICKABLE_WOMAN = re.compile(r'name="woman" value="(\d+)"')
CALLED_NUMBER = re.compile(r'<td class="fs-5" data-label="[^"]+">(\d+)</td>')


def twenty_thousand_places():
    """One district share of 20,000 places; 10,200 women nominated (every tenth rejected, the
    rest approved, the first 150 approved have their gift) and 300 not on the list yet."""
    district = factories.unit("Sơn Tây", full_name="Thị xã Sơn Tây",
                              parent=factories.unit("Hà Nội", UnitLevel.PROVINCE))  # fmt: skip
    communes = [factories.unit(f"Xã {n}", UnitLevel.COMMUNE, parent=district)
                for n in range(20)]  # fmt: skip
    programme = factories.programme(quota=20_000)
    share = factories.allocation(programme, district, quota=20_000)
    proposer, decider = factories.user(Role.ORGANIZER), factories.user(Role.ORGANIZER)
    women = factories.many_women(communes, NOMINATED + UNLISTED)
    nominations = [
        {"programme_id": programme.id, "beneficiary_id": woman_id, "allocation_id": share.id,
         "list_number": number, "proposed_by_id": proposer.id, "decided_by_id": decider.id,
         "status": NominationStatus.REJECTED if number % 10 == 0 else NominationStatus.APPROVED,
         "rejection_reason": "Không đủ điều kiện" if number % 10 == 0 else None}
        for number, woman_id in enumerate(women[:NOMINATED], start=1)
    ]  # fmt: skip
    db.session.execute(sa.insert(Nomination), nominations)
    approved = [row for row in nominations if row["status"] == NominationStatus.APPROVED]
    db.session.execute(sa.insert(Handover), [
        {"programme_id": programme.id, "beneficiary_id": row["beneficiary_id"],
         "allocation_id": share.id}
        for row in approved[:GIVEN]
    ])  # fmt: skip
    db.session.commit()
    return {"programme": programme.id, "women": women, "approved": approved}


pytestmark = pytest.mark.built_from.with_args(twenty_thousand_places)


@pytest.fixture
def big_programme(built):
    return built


def listed(html: str) -> list[int]:
    return [int(found) for found in LISTED_WOMAN.findall(html)]


def numbers(html: str) -> list[int]:
    """The list numbers of the nominees the handover screen shows."""
    return [int(found) for found in CALLED_NUMBER.findall(html)]


def rows_statements(statements: list[str]) -> list[str]:
    """The statements that read the list: its count, its rows, their circumstances."""
    return [s for s in statements if "LIMIT" in s or "beneficiary_circumstances" in s]


def test_the_list_of_nominees_costs_three_statements_at_any_depth(app, client, big_programme):
    sign_in(app, client, "organizer")
    path = f"/gifts/{big_programme['programme']}/nominations"
    first, first_statements = statements_for(app, client, path)
    assert len(rows_statements(first_statements)) <= 3
    women = big_programme["women"]
    assert listed(first) == women[:100]
    assert "hơn 1.000" in first
    last, last_statements = statements_for(app, client, pager_link(first, "last"))
    assert listed(last) == women[NOMINATED - 100 : NOMINATED]
    deep, deep_statements = statements_for(app, client, pager_link(last, "prev"))
    assert listed(deep) == women[NOMINATED - 200 : NOMINATED - 100]
    assert len(first_statements) == len(last_statements) == len(deep_statements)
    rejected, _statements = statements_for(app, client, path, status="rejected")
    assert listed(rejected) == women[9:1000:10]


def test_the_awaiting_list_costs_three_statements_at_any_depth(app, client, big_programme):
    sign_in(app, client, "organizer")
    path = f"/gifts/{big_programme['programme']}/handover"
    first, first_statements = statements_for(app, client, path)
    awaiting = [row["list_number"] for row in big_programme["approved"][GIVEN:]]
    assert numbers(first) == awaiting[:50]
    following, following_statements = statements_for(app, client, pager_link(first, "next"))
    assert numbers(following) == awaiting[50:100]
    last, last_statements = statements_for(app, client, pager_link(first, "last"))
    assert numbers(last) == awaiting[-50:]
    assert len(first_statements) == len(following_statements) == len(last_statements)
    assert len(rows_statements(first_statements)) <= 3 + 1  # and the recent handovers
    found, found_statements = statements_for(app, client, path, q="thu yen")
    assert numbers(found) and len(found_statements) <= len(first_statements)


def test_the_women_to_propose_cost_three_statements_at_any_depth(app, client, big_programme):
    sign_in(app, client, "organizer")
    path = f"/gifts/{big_programme['programme']}/nominate"
    first, first_statements = statements_for(app, client, path)
    unlisted = big_programme["women"][NOMINATED:]
    ticked = [int(found) for found in TICKABLE_WOMAN.findall(first)]
    assert len(ticked) == 100 and set(ticked) <= set(unlisted)
    following, following_statements = statements_for(app, client, pager_link(first, "next"))
    last, last_statements = statements_for(app, client, pager_link(first, "last"))
    shown = ticked + [int(found) for found in TICKABLE_WOMAN.findall(following)]
    shown += [int(found) for found in TICKABLE_WOMAN.findall(last)]
    assert sorted(shown) == sorted(unlisted)
    assert len(first_statements) == len(following_statements) == len(last_statements)
    assert len(rows_statements(first_statements)) <= 3


def test_the_last_gifts_of_an_area_are_read_from_the_programmes_gifts_not_its_women(
    app, big_programme
):
    """The handover screen's "recorded lately" for an official of a province of 10,500 women:
    the programme's gifts newest first, each checked against her scope, until ten are found.
    With the national benchmark's statistics SQLite read all 50,000 women of Hà Nội to sort
    their gifts while the scope was a join; this data does not lead it there, so the test checks
    that the scope is a subquery run for each gift, after the programme's gifts in their order
    (PostgreSQL plans the semi-join by cost, and walks the gifts there too)."""
    with app.test_request_context():
        first_woman = db.session.get(Beneficiary, big_programme["women"][0])
        hanoi = db.session.get(AdministrativeUnit, first_woman.province_id)
        official = factories.user(Role.OFFICIAL, units=[hanoi])
        elsewhere = factories.user(
            Role.OFFICIAL, units=[factories.unit("Hải Phòng", UnitLevel.PROVINCE)]
        )
        programme = db.session.get(GiftProgramme, big_programme["programme"])
        given = [row["beneficiary_id"] for row in big_programme["approved"][:GIVEN]]
        with counted_queries(app, with_parameters=True) as executed:
            recent = queries.recent_handovers(programme, official)
        assert [handover.beneficiary_id for handover in recent] == given[::-1][:10]
        assert queries.recent_handovers(programme, elsewhere) == []
        if db.engine.dialect.name == "sqlite":
            (statement, parameters), = executed
            explained = db.session.connection().exec_driver_sql(
                "EXPLAIN QUERY PLAN " + statement, parameters
            )
            plan = " / ".join(row[3] for row in explained)
            assert plan.startswith(("SCAN gift_handovers", "SEARCH gift_handovers")), plan
            assert "CORRELATED SCALAR SUBQUERY" in plan, plan
            assert "TEMP B-TREE" not in plan, plan
