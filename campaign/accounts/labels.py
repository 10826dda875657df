"""What the choices of this area are called on screen (registered in ``campaign.core.labels``)."""

from flask_babel import lazy_gettext as _l

from campaign.accounts.models import Role

# Pairs, not a dict: the members are strings, so two enums' namesake members would clash.
LABELS = (
    (Role.ADMIN, _l("Administrator")),
    (Role.ORGANIZER, _l("Organizer")),
    (Role.OFFICIAL, _l("Local official")),
    (Role.STAFF, _l("Reports staff")),
)

AUDITED = {("user", "role"): Role}
"""The fields whose stored choices the audit log shows by their labels."""
