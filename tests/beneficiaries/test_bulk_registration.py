"""Two imports of a thousand women or more at once: each refreshes the planner's statistics
in its own transaction (PostgreSQL), and both land whole, once, without a deadlock."""

import threading

import sqlalchemy as sa

from campaign.audit.services import COMMAND_LINE
from campaign.beneficiaries import services
from campaign.beneficiaries.models import Beneficiary
from campaign.core.engine import BULK_LOAD_ROWS
from campaign.extensions import db
from campaign.places.models import AdministrativeUnit, UnitLevel
from tests import factories


def _women(commune: AdministrativeUnit, batch: int) -> list[services.BeneficiaryDetails]:
    return [
        services.BeneficiaryDetails(
            full_name=f"Nguyễn Thị Lô{batch} Số{number}", birth_year=1960 + number % 40,
            unit=commune, address=None, phone=None, national_id=None,
            circumstances=frozenset(), circumstance_note=None, nominating_organization=None,
        )
        for number in range(BULK_LOAD_ROWS)
    ]


def test_two_big_imports_at_once_both_land_whole(app):
    with app.app_context():
        commune_id = factories.unit("Xã Đường Lâm", UnitLevel.COMMUNE).id
        db.session.commit()
    start = threading.Barrier(2, timeout=30)
    results: list = [None, None]

    def register(batch: int) -> None:
        with app.app_context():
            try:
                women = _women(db.session.get(AdministrativeUnit, commune_id), batch)
                db.session.commit()  # SQLite: the read took the write lock; let it go first
                start.wait()
                # The later one's ANALYZE (PostgreSQL) or its write (SQLite) waits for the
                # other's commit: they queue, and neither fails.
                ids = services.register_many(COMMAND_LINE, None, women)
                db.session.commit()
                results[batch] = ids
            except Exception as error:  # the assertion below shows it
                db.session.rollback()
                results[batch] = error
            finally:
                db.session.remove()

    threads = [threading.Thread(target=register, args=(batch,)) for batch in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    with app.app_context():
        count = db.session.scalar(sa.select(sa.func.count()).select_from(Beneficiary))
    assert all(isinstance(ids, list) for ids in results), results
    assert len(set(results[0]) | set(results[1])) == count == 2 * BULK_LOAD_ROWS
