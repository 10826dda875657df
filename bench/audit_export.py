"""The audit log's CSV export at 50,000 and 500,000 entries: seconds beside ``sqlite3 -csv`` of
the same join, and how much the process's peak memory grows while streaming it.

    python -m bench.audit_export

Each size is filled once, then exported in a fresh process (so that filling does not count in
its peak memory) through the whole WSGI path: the body is read to its end. The target of
issue 11: within 3.5 times the ``sqlite3`` dump, and at most 5 MiB more peak memory at 500,000
entries than at 50,000.
"""

import datetime as dt
import json
import re
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

from campaign import create_app
from campaign.accounts.models import Role, User
from campaign.accounts.passwords import hash_password
from campaign.audit.models import AuditEntry
from campaign.extensions import db

SIZES = (50_000, 500_000)
PASSWORD = "bench password 2022"
ACTIONS = ("view", "update", "create", "sign_in", "export")
JOIN = (
    "SELECT a.occurred_at, u.username, a.remote_address, a.action, a.entity_type, a.entity_id,"
    " a.summary, a.changes FROM audit_entries a LEFT JOIN users u ON u.id = a.user_id"
    " ORDER BY a.occurred_at DESC, a.id DESC"
)


def _app(path: Path):
    return create_app({"CAMPAIGN_ENV": "testing", "SECRET_KEY": "b" * 40,
                       "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
                       "SESSION_COOKIE_SECURE": False})  # fmt: skip


def _fill(path: Path, entries: int) -> None:
    app = _app(path)
    with app.app_context():
        db.create_all()
        users = [User(username=f"user{n}", full_name=f"Người dùng {n}", role=Role.ADMIN,
                      password_hash=hash_password(PASSWORD)) for n in range(50)]  # fmt: skip
        db.session.add_all(users)
        db.session.flush()
        start = dt.datetime(2022, 11, 1, tzinfo=dt.UTC)
        ids = [user.id for user in users]
        for first in range(0, entries, 50_000):
            db.session.execute(sa.insert(AuditEntry), [
                {"occurred_at": start + dt.timedelta(seconds=7 * n), "user_id": ids[n % 50],
                 "remote_address": f"10.0.{n % 256}.{n % 7}", "action": ACTIONS[n % 5],
                 "entity_type": "beneficiary", "entity_id": n,
                 "summary": f"Nguyễn Thị Lan {n}, xã Đường Lâm",
                 "changes": {"phone": ["•••", "•••"], "address": ["Thôn 1", "Thôn 2"]}
                 if n % 5 == 1 else None}
                for n in range(first, min(entries, first + 50_000))
            ])  # fmt: skip
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    with sqlite3.connect(path) as connection:  # as a database that has been running a while
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _export(path: Path) -> None:
    """Run in a fresh process: prints seconds, bytes, and how far the peak resident memory
    rose above what the process held before the export, in KiB."""
    app = _app(path)
    client = app.test_client()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get("/login").text).group(1)
    client.post("/login", data={"username": "user0", "password": PASSWORD, "csrf_token": token})
    client.get("/reports/audit?format=csv&action=sign_in").get_data()  # warm up
    before = _resident_kib()
    started = time.perf_counter()
    response = client.get("/reports/audit?format=csv", buffered=False)
    size = sum(len(piece) for piece in response.response)
    seconds = time.perf_counter() - started
    response.close()
    growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    print(json.dumps({"seconds": seconds, "bytes": size, "growth_kib": growth}))


def _resident_kib() -> int:
    """The process's resident memory now (Linux), to compare with its peak afterwards."""
    status = Path("/proc/self/status").read_text()
    return int(next(line for line in status.splitlines() if line.startswith("VmRSS")).split()[1])


def _dump_seconds(path: Path) -> float:
    started = time.perf_counter()
    subprocess.run(["sqlite3", "-csv", str(path), JOIN], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        for size in SIZES:
            path = Path(folder) / f"audit-{size}.sqlite3"
            _fill(path, size)
            dump = min(_dump_seconds(path) for _ in range(3))
            output = subprocess.run([sys.executable, "-m", "bench.audit_export", str(path)],
                                    check=True, capture_output=True, text=True).stdout  # fmt: skip
            results[size] = (dump, json.loads(output.strip().splitlines()[-1]))
    print(f"{'entries':>8} {'sqlite3 -csv':>13} {'export':>8} {'ratio':>6} {'MiB':>6}"
          f" {'peak +KiB':>9}")  # fmt: skip
    for size, (dump, run) in results.items():
        print(f"{size:>8} {dump:>11.2f} s {run['seconds']:>6.2f} s {run['seconds'] / dump:>6.2f}"
              f" {run['bytes'] / 2**20:>6.1f} {run['growth_kib']:>9}")  # fmt: skip
    small, large = results[SIZES[0]][1], results[SIZES[1]][1]
    print(
        f"peak memory growth from {SIZES[0]:,} to {SIZES[1]:,} entries: "
        f"{(large['growth_kib'] - small['growth_kib']) / 1024:.1f} MiB"
    )


if __name__ == "__main__":
    if len(sys.argv) > 1:
        _export(Path(sys.argv[1]))
    else:
        main()
