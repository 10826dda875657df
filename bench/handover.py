"""How long the ceremony screen takes per handover: find her by a few letters of her name,
then record that she received her gift.

    python -m bench.handover
    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test python -m bench.handover

The browser journey (tests/browser/test_gift_journey.py) records handovers without timing them;
this prints the server's side of each one — the search and the recording, 100 approved women
on the list — as the median and the slowest of 20. A ceremony needs each well under a second.
"""

import re
import statistics
import tempfile
import time
from pathlib import Path

import flask_migrate

from bench.reference_data import _database_url
from campaign import create_app
from campaign.accounts.models import Role
from campaign.extensions import db
from campaign.places.models import UnitLevel
from tests import factories

NOMINEES = 100
RECORDED = 20
CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]+)"')


def _ceremony(app) -> tuple[int, list[tuple[int, str]]]:
    """A programme whose Sơn Tây share has ``NOMINEES`` approved women, and an official there."""
    with app.app_context():
        district = factories.unit("Sơn Tây", UnitLevel.DISTRICT)
        commune = factories.unit("Phường Lê Lợi", UnitLevel.COMMUNE, parent=district)
        programme = factories.programme(quota=NOMINEES, name="Trao quà ngày hội")
        allocation = factories.allocation(programme, district, quota=NOMINEES)
        nominations = [
            factories.nomination(allocation, factories.beneficiary(f"Nguyễn Thị Lan {i:03d}",
                                                                   unit=commune))
            for i in range(NOMINEES)
        ]  # fmt: skip
        factories.user(Role.OFFICIAL, username="can.bo", units=[district])
        db.session.commit()
        return programme.id, [(n.id, n.beneficiary.full_name) for n in nominations]


def _timed(request, status: int) -> float:
    started = time.perf_counter()
    response = request()
    assert response.status_code == status, response.status_code
    return time.perf_counter() - started


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = _database_url(Path(folder))
        app = create_app({"CAMPAIGN_ENV": "testing", "SECRET_KEY": "b" * 40,
                          "SQLALCHEMY_DATABASE_URI": url})  # fmt: skip
        with app.app_context():
            flask_migrate.upgrade()
        programme_id, women = _ceremony(app)
        client = app.test_client()
        token = CSRF_INPUT.search(client.get("/login").text).group(1)
        client.post("/login", data={"username": "can.bo", "password": factories.PASSWORD,
                                    "csrf_token": token})  # fmt: skip
        screen = f"/gifts/{programme_id}/handover"
        token = CSRF_INPUT.search(client.get(screen).text).group(1)
        searches, recordings = [], []
        for nomination_id, name in women[:RECORDED]:
            query = name.split()[-1]  # her number in the name, as an official types it
            searches.append(
                _timed(lambda query=query: client.get(screen, query_string={"q": query}), 200)
            )
            data = {"csrf_token": token, "nomination": nomination_id, "mode": "in_person",
                    "proxy_name": "", "proxy_relationship": "", "q": query}  # fmt: skip
            recordings.append(_timed(lambda data=data: client.post(screen, data=data), 303))
        with app.app_context():
            engine = db.engine.dialect.name
            db.engine.dispose()
    print(f"engine: {engine}; {NOMINEES} approved women, {RECORDED} handovers")
    for step, timings in (("find her", searches), ("record it", recordings)):
        print(
            f"{step:<10} median {statistics.median(timings):6.3f} s  slowest {max(timings):6.3f} s"
        )


if __name__ == "__main__":
    main()
