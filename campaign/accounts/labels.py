"""What the choices of this area are called on screen (registered in ``campaign.core.labels``)."""

from flask_babel import lazy_gettext as _l

from campaign.accounts.models import Role

LABELS = {
    Role.ADMIN: _l("Administrator"),
    Role.ORGANIZER: _l("Organizer"),
    Role.OFFICIAL: _l("District official"),
    Role.STAFF: _l("Reports staff"),
}
