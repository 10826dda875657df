import pytest
import sqlalchemy as sa

from campaign.extensions import db
from campaign.reference.services import load_reference_data


def test_a_registry_just_loaded_is_planned_for_its_size(app_context, engine_name):
    """`flask seed-places` on a new PostgreSQL database, then a page at once: the planner must
    know the tables hold thousands of rows, not the none it last saw (a unit's successors were
    read by nested sequential scans, for minutes, until autovacuum came round)."""
    if engine_name != "postgresql":
        pytest.skip("SQLite plans without statistics")
    db.session.execute(sa.text("ANALYZE administrative_units, unit_successions"))
    db.session.commit()
    load_reference_data()
    db.session.commit()
    planned = dict(
        db.session.execute(
            sa.text(
                "SELECT relname, reltuples FROM pg_class WHERE relnamespace ="
                " current_schema()::regnamespace AND relname IN"
                " ('administrative_units', 'unit_successions', 'organizations')"
            )
        ).all()
    )
    assert planned["administrative_units"] > 14_000, planned
    assert planned["unit_successions"] > 10_000, planned
    assert planned["organizations"] > 0, planned
