import os
import re
import subprocess
from pathlib import Path

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
    assert set(printed) == {
        "demo.admin", "demo.organizer", "demo.official", "demo.ward", "demo.staff",
    }  # fmt: skip

    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0, second.output
    assert not any(password in second.output for password in printed.values())
    assert "--new-passwords" in second.output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Campaign)) == 2
        assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 5


def test_seed_demo_without_places_fails_with_a_clear_message_and_writes_nothing(app):
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code != 0
    assert "seed-places" in result.output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


def test_the_new_passwords_command_works_as_printed_from_make_run(app):
    """``make run`` sets CAMPAIGN_ENV=development for its own commands only, and the ``flask`` on
    a newcomer's PATH is not the virtual environment's: the printed command must carry both."""
    runner = app.test_cli_runner()
    assert runner.invoke(args=["seed-places"]).exit_code == 0
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    again = runner.invoke(args=["seed-demo"], env={"CAMPAIGN_ENV": "development"})
    command = re.search(r"(CAMPAIGN_ENV=development \S+/flask --app campaign .+)$", again.output)
    assert command, again.output

    shell = {name: value for name, value in os.environ.items() if not name.startswith("CAMPAIGN_")}
    shell |= {
        "PATH": "/usr/bin:/bin",
        "CAMPAIGN_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "CAMPAIGN_SECRET_KEY": app.config["SECRET_KEY"],
    }
    renewed = subprocess.run(
        command.group(1), shell=True, env=shell, capture_output=True, text=True, timeout=120
    )
    assert renewed.returncode == 0, renewed.stderr
    assert re.search(r"^\s+demo\.admin\s+\S+$", renewed.stdout, re.MULTILINE)


def test_make_run_serves_on_the_port_and_address_asked_for():
    planned = subprocess.run(
        ["make", "--dry-run", "run", "PORT=5050", "HOST=0.0.0.0"],
        cwd=Path(__file__).parents[1], capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert "run --host 0.0.0.0 --port 5050" in planned.stdout
