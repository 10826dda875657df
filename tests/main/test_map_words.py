"""No page of this year's demo campaign, which runs on the new map, speaks of districts.

The organizer and the demo ward official walk every page of the campaign as ``make run`` loads
it — the home page, the hub and what it links to, the launch event, the gift programme's pages,
the ward official's women — in Vietnamese and in English. Names of old-map units shown across
the reform are marked ``data-map="pre2025"`` and keep their words; everything else must say
"xã, phường, đặc khu". The 2022 launch's pages still say "quận, huyện", so the check can fail.
"""

import re
from dataclasses import dataclass

import pytest
import sqlalchemy as sa

from campaign.beneficiaries.models import Beneficiary
from campaign.campaigns.models import Campaign
from campaign.events.models import Event, EventKind
from campaign.extensions import db
from campaign.gifts.models import GiftProgramme
from campaign.places.models import AdministrativeUnit
from tests.conftest import csrf_token
from tests.overview.scenario import OLD_MAP_WORDS, visible_words

HREF = re.compile(r'href="(/[^"#]*)"')


@dataclass(frozen=True)
class Ids:
    campaign: int
    launch: int
    programme: int
    woman: int  # a woman of the ward official's ward


def ids_of(year: int, ward: str | None = None) -> Ids:
    campaign = db.session.scalars(sa.select(Campaign).where(Campaign.year == year)).one()
    launch = db.session.scalars(
        sa.select(Event).filter_by(campaign=campaign, kind=EventKind.LAUNCH_CEREMONY)
    ).one()
    programme = db.session.scalars(sa.select(GiftProgramme).filter_by(campaign=campaign)).one()
    woman = db.session.scalars(
        sa.select(Beneficiary.id)
        .join(AdministrativeUnit, Beneficiary.unit_id == AdministrativeUnit.id)
        .where(AdministrativeUnit.full_name == ward if ward else sa.true())
        .order_by(Beneficiary.id)
    ).first()
    return Ids(campaign.id, launch.id, programme.id, woman)


@pytest.fixture
def demo_ids(app, demo) -> tuple[Ids, Ids]:
    """This year's campaign (the woman of Phường Sơn Tây, demo.ward's ward) and 2022's."""
    with app.app_context():
        return ids_of(2026, "Phường Sơn Tây"), ids_of(2022)


def campaign_pages(ids: Ids) -> list[str]:
    """The pages of a campaign every role that may see them walks."""
    gifts = f"/gifts/{ids.programme}"
    return [
        f"/campaigns/{ids.campaign}",
        f"/events/?campaign={ids.campaign}",
        f"/events/{ids.launch}",
        gifts,
        f"{gifts}/nominations",
        f"{gifts}/nominate",
        f"{gifts}/handover",
        f"{gifts}/import",
    ]


def organizer_pages(ids: Ids) -> list[str]:
    return [
        f"/campaigns/{ids.campaign}/edit",
        f"/events/{ids.launch}/edit",
        f"/gifts/{ids.programme}/edit",
        f"/events/new?campaign={ids.campaign}",
        f"/gifts/new?campaign={ids.campaign}",
    ]


def ward_pages(ids: Ids) -> list[str]:
    return ["/beneficiaries/", "/beneficiaries/new", f"/beneficiaries/{ids.woman}",
            f"/beneficiaries/{ids.woman}/edit"]  # fmt: skip


def sign_in(client, demo, username: str, language: str) -> None:
    response = client.post(
        "/login",
        data={"username": username, "password": demo.new_passwords[username],
              "csrf_token": csrf_token(client, "/login")},
    )  # fmt: skip
    assert response.status_code == 302, response.get_data(as_text=True)
    client.post("/language", data={"language": language, "csrf_token": csrf_token(client, "/")})


def page_text(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response.get_data(as_text=True)


def linked_from_hub(client, ids: Ids, other: Ids) -> list[str]:
    """Every page the campaign's hub links to, but the other campaign's and the site menu's."""
    hub = page_text(client, f"/campaigns/{ids.campaign}")
    main = hub[hub.index("<main") :]
    return sorted({path for path in HREF.findall(main)
                   if not path.startswith(f"/campaigns/{other.campaign}")})  # fmt: skip


def district_words(client, path: str) -> list[str]:
    return OLD_MAP_WORDS.findall(visible_words(page_text(client, path)))


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("username", ["demo.organizer", "demo.ward"])
def test_no_page_of_this_years_campaign_speaks_of_districts(client, demo, demo_ids, username,
                                                            language):  # fmt: skip
    now, then = demo_ids
    sign_in(client, demo, username, language)
    own = organizer_pages(now) if username == "demo.organizer" else ward_pages(now)
    paths = ["/", *campaign_pages(now), *own, *linked_from_hub(client, now, then)]
    assert len(paths) > 15
    found = {path: words for path in dict.fromkeys(paths)
             if (words := district_words(client, path))}  # fmt: skip
    assert found == {}


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_2022_launch_s_pages_still_speak_of_districts(client, demo, demo_ids, language):
    then = demo_ids[1]
    sign_in(client, demo, "demo.organizer", language)
    client.post(f"/campaigns/{then.campaign}/choose", data={"csrf_token": csrf_token(client, "/")})
    silent = [path for path in ["/", *campaign_pages(then), f"/campaigns/{then.campaign}/edit",
                                f"/events/{then.launch}/edit"]
              if not district_words(client, path)]  # fmt: skip
    assert silent == []
