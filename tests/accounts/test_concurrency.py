"""Guessing in parallel, reading in parallel: the limits hold across threads and connections."""

import concurrent.futures
import threading
from collections import Counter

import sqlalchemy as sa

from campaign.accounts import authentication
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


def test_parallel_guesses_across_accounts_from_one_address_get_twenty_accounts(app, live_server):
    """The address's counter is serialised too: thirty made-up names at once, from one address,
    get twenty tries (one per account) before the address closes, and no more."""
    names = 30
    clients = [LiveClient(live_server) for _ in range(names)]
    tokens = [client.csrf_token() for client in clients]

    def guess(index: int) -> int:
        data = {"username": f"bia.dat.{index}", "password": "wrong", "csrf_token": tokens[index]}
        return clients[index].request("/login", data)[0]

    with concurrent.futures.ThreadPoolExecutor(names) as pool:
        statuses = Counter(pool.map(guess, range(names)))
    assert statuses == {401: 20, 429: names - 20}


def test_valid_sign_ins_of_different_users_check_their_passwords_at_the_same_time(
    app, live_server, monkeypatch
):
    """No lock is held through the slow hash: each check waits at a barrier until all of them
    have reached it, which only happens if they run at once (a lock held through the check
    would leave the others queued behind it, and the barrier would break)."""
    users = 4
    with app.app_context():
        for number in range(users):
            factories.user(Role.STAFF, username=f"nguoi.dung{number}")
        db.session.commit()
    barrier = threading.Barrier(users, timeout=10)
    check = authentication.password_matches

    def check_together(password_hash, password):
        barrier.wait()
        return check(password_hash, password)

    monkeypatch.setattr(authentication, "password_matches", check_together)
    clients = [LiveClient(live_server) for _ in range(users)]
    tokens = [client.csrf_token() for client in clients]

    def sign_in(index: int) -> int:
        data = {"username": f"nguoi.dung{index}", "password": factories.PASSWORD,
                "csrf_token": tokens[index]}  # fmt: skip
        return clients[index].request("/login", data)[0]

    with concurrent.futures.ThreadPoolExecutor(users) as pool:
        statuses = list(pool.map(sign_in, range(users)))
    assert statuses == [302] * users


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
