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
from campaign.places.maps import PICKED_LEVELS, words
from campaign.places.models import AdministrativeUnit, UnitLevel, UnitScheme

users = AppGroup("users", help="Create, list and deactivate user accounts.")


def _read_password() -> str:
    """Twice at a prompt, or one line from standard input when it is piped."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    return click.prompt(_("Password"), hide_input=True, confirmation_prompt=True)


def _units_by_code(
    codes: tuple[str, ...], scheme: UnitScheme, levels: tuple[UnitLevel, ...], takes
) -> list[AdministrativeUnit]:
    """The units of ``scheme`` at ``levels`` with these codes; an unknown code, or one of
    another level, is refused with a message that says what the option ``takes``."""
    found = db.session.scalars(
        sa.select(AdministrativeUnit).where(
            AdministrativeUnit.scheme == scheme, AdministrativeUnit.code.in_(codes)
        )
    ).all()
    wanted = [unit for unit in found if unit.level in levels]
    for code in dict.fromkeys(codes):
        if any(unit.code == code for unit in wanted):
            continue
        other = next((unit for unit in found if unit.code == code), None)
        if other is None:
            raise click.ClickException(
                _("Unknown code on %(map)s: %(code)s (run seed-places first?)",
                  map=words(scheme).map_name, code=code)
            )  # fmt: skip
        raise click.ClickException(
            _("%(code)s is %(unit)s on %(map)s; this option takes %(takes)s.",
              code=code, unit=other.full_name, map=words(scheme).map_name, takes=takes)
        )  # fmt: skip
    return wanted


def _fail(error: DomainError):
    db.session.rollback()
    raise click.ClickException(error.message) from error


@users.command("create")
@click.argument("username")
@click.option("--role", type=click.Choice([role.value for role in Role]), required=True)
@click.option(
    "--district",
    "districts",
    multiple=True,
    help="A district of the map before 1 July 2025, by code, e.g. 269 (repeatable).",
)
@click.option(
    "--unit",
    "units",
    multiple=True,
    help="A province, or a commune or ward of the map from 1 July 2025 (with --map pre2025:"
    " a province or a district of the old map), by code, e.g. 09955 (repeatable).",
)
@click.option(
    "--map",
    "scheme",
    type=click.Choice([scheme.value for scheme in UnitScheme]),
    default=UnitScheme.POST_2025.value,
    show_default=True,
    help="The map of the --unit codes.",
)
@click.option("--full-name", default=None, help="Defaults to the username.")
def create(
    username: str,
    role: str,
    districts: tuple[str, ...],
    units: tuple[str, ...],
    scheme: str,
    full_name: str | None,
) -> None:
    """Create an account; the password is asked twice (or read from a pipe)."""
    old = UnitScheme.PRE_2025
    scope = _units_by_code(districts, old, (UnitLevel.DISTRICT,), words(old).in_sentence)
    scheme = UnitScheme(scheme)
    scope += _units_by_code(
        units,
        scheme,
        PICKED_LEVELS[scheme],
        _("a province or %(local)s", local=words(scheme).in_sentence),
    )
    password = _read_password()
    try:
        user = services.create_user(
            COMMAND_LINE, username, full_name or username, Role(role), scope, password,
            must_change_password=False,
        )  # fmt: skip
    except DomainError as error:
        _fail(error)
    db.session.commit()
    click.echo(_("Created %(username)s (%(role)s).", username=user.username, role=role))


@users.command("list")
def list_users() -> None:
    """Every account with its role, status and scope: the units named, with the code
    ``--district`` or ``--unit`` takes, after the map they are on."""
    for user in db.session.scalars(sa.select(User).order_by(User.username)):
        status = _("active") if user.active else _("deactivated")
        click.echo(f"{user.username:<24} {user.role.value:<10} {status:<12} {_scope(user)}")


def _scope(user: User) -> str:
    maps = {}
    for unit in user.units:
        maps.setdefault(unit.scheme, []).append(f"{unit.full_name} ({unit.code})")
    return "; ".join(
        f"{words(scheme).map_name}: {', '.join(names)}" for scheme, names in maps.items()
    )


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
