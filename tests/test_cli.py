import re

import sqlalchemy as sa

from campaign.accounts.models import User
from campaign.campaigns.models import Campaign
from campaign.extensions import db


def test_seed_commands_load_places_then_demo_and_print_passwords_once(app):
    runner = app.test_cli_runner()
    places = runner.invoke(args=["seed-places"])
    assert places.exit_code == 0, places.output
    assert re.search(r"14\.?165", places.output)

    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    printed = dict(re.findall(r"^\s+(demo\.\w+)\s+(\S+)$", first.output, re.MULTILINE))
    assert set(printed) == {"demo.admin", "demo.organizer", "demo.official", "demo.staff"}

    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0, second.output
    assert not any(password in second.output for password in printed.values())
    assert "--new-passwords" in second.output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Campaign)) == 1
        assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 4


def test_seed_demo_without_places_fails_with_a_clear_message_and_writes_nothing(app):
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code != 0
    assert "seed-places" in result.output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0
