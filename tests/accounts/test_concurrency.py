"""Guessing in parallel, reading in parallel: the limits hold across threads and connections."""

import concurrent.futures
from collections import Counter

import sqlalchemy as sa

from campaign.accounts.models import Role, SignInAttempt, SignInOutcome
from campaign.extensions import db
from tests import factories
from tests.http import LiveClient

THREADS = 20


def test_parallel_guesses_get_five_tries_and_no_more(app, live_server):
    with app.app_context():
        factories.user(Role.ADMIN, username="quan.tri")
        db.session.commit()
    clients = [LiveClient(live_server) for _ in range(THREADS)]
    tokens = [client.csrf_token() for client in clients]

    def guess(index: int) -> int:
        data = {
            "username": "quan.tri",
            "password": f"wrong guess {index}",
            "csrf_token": tokens[index],
        }
        return clients[index].request("/login", data)[0]

    with concurrent.futures.ThreadPoolExecutor(THREADS) as pool:
        statuses = Counter(pool.map(guess, range(THREADS)))
    assert statuses == {401: 5, 429: THREADS - 5}
    with app.app_context():
        failed = db.session.scalar(
            sa.select(sa.func.count()).where(SignInAttempt.outcome == SignInOutcome.FAILED)
        )
        assert failed == 5


def test_many_officials_open_records_at_once_without_a_locked_database(app, live_server):
    """Viewing a beneficiary writes an audit entry: on SQLite that must queue, not fail."""
    with app.app_context():
        woman = factories.beneficiary("Nguyễn Thị Lan")
        factories.user(Role.ORGANIZER, username="ban.to.chuc")
        db.session.commit()
        woman_id = woman.id
    clients = [LiveClient(live_server) for _ in range(8)]
    for client in clients:
        assert client.sign_in("ban.to.chuc", factories.PASSWORD) == 302

    def view(index: int) -> int:
        return clients[index % len(clients)].request(f"/beneficiaries/{woman_id}")[0]

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        statuses = Counter(pool.map(view, range(80)))
    assert statuses == {200: 80}
