"""What both demo scenarios look up: the organizations of one map and the demo accounts."""

import sqlalchemy as sa
from flask_babel import gettext as _

from campaign.accounts.models import User
from campaign.core.errors import DomainError
from campaign.extensions import db
from campaign.places.models import AdministrativeUnit, Organization, UnitScheme


def organizations_of(scheme: UnitScheme) -> dict[str, Organization]:
    """The organizations with a short name, by short name: the central bodies and those serving
    a unit of ``scheme`` (namesakes on the other map are other bodies)."""
    return {
        org.short_name: org
        for org in db.session.scalars(
            sa.select(Organization)
            .outerjoin(AdministrativeUnit, Organization.unit)
            .where(
                Organization.short_name.is_not(None),
                sa.or_(Organization.unit_id.is_(None), AdministrativeUnit.scheme == scheme),
            )
            .order_by(Organization.id)
        )
    }


def demo_users() -> dict[str, User]:
    """The demo accounts, by user name."""
    return {
        user.username: user
        for user in db.session.scalars(sa.select(User).where(User.username.like("demo.%")))
    }


def places_missing() -> DomainError:
    return DomainError(
        "places_missing",
        _("The administrative units are not loaded: run `flask --app campaign seed-places`."),
    )
