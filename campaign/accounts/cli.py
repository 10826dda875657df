"""`flask --app campaign users …`: the first administrator, and accounts from the shell."""

import sys

import click
import sqlalchemy as sa
from flask.cli import AppGroup
from flask_babel import gettext as _

from campaign.accounts import services
from campaign.accounts.models import Role, User
from campaign.audit.services import COMMAND_LINE
from campaign.core.dates import utcnow
from campaign.core.errors import DomainError
from campaign.extensions import db
from campaign.places.models import AdministrativeUnit, UnitLevel, UnitScheme

users = AppGroup("users", help="Create, list and deactivate user accounts.")


def _read_password() -> str:
    """Twice at a prompt, or one line from standard input when it is piped."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    return click.prompt(_("Password"), hide_input=True, confirmation_prompt=True)


def _districts(codes: tuple[str, ...]) -> list[AdministrativeUnit]:
    units = list(
        db.session.scalars(
            sa.select(AdministrativeUnit).where(
                AdministrativeUnit.scheme == UnitScheme.PRE_2025,
                AdministrativeUnit.level == UnitLevel.DISTRICT,
                AdministrativeUnit.code.in_(codes),
            )
        )
    )
    unknown = set(codes) - {unit.code for unit in units}
    if unknown:
        raise click.ClickException(
            _("Unknown district code: %(codes)s (run seed-places first?)",
              codes=", ".join(sorted(unknown)))
        )  # fmt: skip
    return units


def _fail(error: DomainError):
    db.session.rollback()
    raise click.ClickException(error.message) from error


@users.command("create")
@click.argument("username")
@click.option("--role", type=click.Choice([role.value for role in Role]), required=True)
@click.option(
    "--district", "districts", multiple=True, help="District code, e.g. 269 (repeatable)."
)
@click.option("--full-name", default=None, help="Defaults to the username.")
def create(username: str, role: str, districts: tuple[str, ...], full_name: str | None) -> None:
    """Create an account; the password is asked twice (or read from a pipe)."""
    units = _districts(districts)
    password = _read_password()
    try:
        user = services.create_user(
            COMMAND_LINE, username, full_name or username, Role(role), units, password,
            must_change_password=False,
        )  # fmt: skip
    except DomainError as error:
        _fail(error)
    db.session.commit()
    click.echo(_("Created %(username)s (%(role)s).", username=user.username, role=role))


@users.command("list")
def list_users() -> None:
    """Every account with its role, status and districts (named, with the code ``--district``
    takes)."""
    for user in db.session.scalars(sa.select(User).order_by(User.username)):
        status = _("active") if user.active else _("deactivated")
        districts = ", ".join(f"{unit.full_name} ({unit.code})" for unit in user.units)
        click.echo(f"{user.username:<24} {user.role.value:<10} {status:<12} {districts}")


@users.command("deactivate")
@click.argument("username")
def deactivate(username: str) -> None:
    """Deactivate an account and end its sessions."""
    user = db.session.scalars(sa.select(User).where(User.username == username.lower())).first()
    if user is None:
        raise click.ClickException(_("No account named %(username)s.", username=username))
    try:
        services.set_active(COMMAND_LINE, user, False, utcnow())
    except DomainError as error:
        _fail(error)
    db.session.commit()
    click.echo(_("Deactivated %(username)s.", username=user.username))
