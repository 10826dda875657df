"""How long `seed-places` takes: the first load into an empty database, and a repeat run.

    python -m bench.reference_data        # SQLite in a temporary folder
    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test \
        python -m bench.reference_data

On PostgreSQL the benchmark works in a schema of its own (``campaign_bench``) and drops it after.
"""

import os
import statistics
import tempfile
import time
from pathlib import Path

import flask_migrate
import sqlalchemy as sa

from campaign import create_app
from campaign.extensions import db
from campaign.reference.services import load_reference_data

SCHEMA = "campaign_bench"
REPEATS = 3


def _database_url(folder: Path) -> str:
    url = os.environ.get("BENCH_DATABASE_URL")
    if not url:
        return f"sqlite:///{folder / 'bench.sqlite3'}"
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
        connection.exec_driver_sql(f"CREATE SCHEMA {SCHEMA}")
    engine.dispose()
    parsed = sa.engine.make_url(url).update_query_dict({"options": f"-csearch_path={SCHEMA}"})
    return parsed.render_as_string(hide_password=False)


def _timed_load() -> float:
    started = time.perf_counter()
    load_reference_data()
    db.session.commit()
    return time.perf_counter() - started


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = _database_url(Path(folder))
        app = create_app(
            {"CAMPAIGN_ENV": "testing", "SECRET_KEY": "b" * 40, "SQLALCHEMY_DATABASE_URI": url}
        )
        with app.app_context():
            flask_migrate.upgrade()
            first = _timed_load()
            repeats = [_timed_load() for _ in range(REPEATS)]
            units = db.session.execute(sa.text("SELECT count(*) FROM administrative_units"))
            count = units.scalar_one()
            db.engine.dispose()
    repeat = statistics.median(repeats)
    print(f"engine:            {sa.engine.make_url(url).get_backend_name()}")
    print(f"units loaded:      {count:,}")
    print(f"first load:        {first:6.2f} s  ({count / first:,.0f} units/s)")
    print(f"repeat (median):   {repeat:6.2f} s  (nothing to change)")
    print(f"repeat/first:      {repeat / first:6.2f}")


if __name__ == "__main__":
    main()
