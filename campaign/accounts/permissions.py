"""What each role may do: the one place that says it (docs/architecture.md, "Roles").

Views declare the permission they need with :func:`requires` (or :func:`public` for the few
pages a signed-out visitor may open); ``accounts.access`` refuses every other request, so a
view that declares nothing is closed to everyone.
"""

import enum
from collections.abc import Callable

from campaign.accounts.models import Role


class Permission(enum.StrEnum):
    VIEW_CAMPAIGNS = "view_campaigns"
    VIEW_REFERENCE_DATA = "view_reference_data"
    VIEW_BENEFICIARIES = "view_beneficiaries"
    SEE_SENSITIVE_CIRCUMSTANCES = "see_sensitive_circumstances"
    SEE_FULL_NATIONAL_ID = "see_full_national_id"
    MANAGE_BENEFICIARIES = "manage_beneficiaries"  # register, correct, import
    ERASE_PERSONAL_DATA = "erase_personal_data"  # a woman's, on her request
    NOMINATE_BENEFICIARIES = "nominate_beneficiaries"
    APPROVE_NOMINATIONS = "approve_nominations"
    RECORD_HANDOVERS = "record_handovers"  # and void a wrong one
    REPORT_PROGRESS = "report_progress"  # on the activities of one's units; correct, withdraw
    PLAN_ACTIVITIES = "plan_activities"  # plan, set targets, review reports, reopen reporting
    MANAGE_CAMPAIGNS = "manage_campaigns"  # campaigns, events, officials, programmes
    MANAGE_ORGANIZATIONS = "manage_organizations"
    MANAGE_USERS = "manage_users"
    VIEW_AUDIT_LOG = "view_audit_log"


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.ORGANIZER: frozenset(
        {
            Permission.MANAGE_CAMPAIGNS,
            Permission.MANAGE_ORGANIZATIONS,
            Permission.VIEW_CAMPAIGNS,
            Permission.VIEW_REFERENCE_DATA,
            Permission.VIEW_BENEFICIARIES,
            Permission.SEE_SENSITIVE_CIRCUMSTANCES,
            Permission.SEE_FULL_NATIONAL_ID,
            Permission.MANAGE_BENEFICIARIES,
            Permission.ERASE_PERSONAL_DATA,
            Permission.NOMINATE_BENEFICIARIES,
            Permission.APPROVE_NOMINATIONS,
            Permission.RECORD_HANDOVERS,
            Permission.REPORT_PROGRESS,
            Permission.PLAN_ACTIVITIES,
        }
    ),
    Role.OFFICIAL: frozenset(
        {
            Permission.VIEW_CAMPAIGNS,
            Permission.VIEW_REFERENCE_DATA,
            Permission.VIEW_BENEFICIARIES,
            Permission.SEE_FULL_NATIONAL_ID,
            Permission.MANAGE_BENEFICIARIES,
            Permission.NOMINATE_BENEFICIARIES,
            Permission.RECORD_HANDOVERS,
            Permission.REPORT_PROGRESS,
        }
    ),
    Role.STAFF: frozenset(
        {Permission.VIEW_CAMPAIGNS, Permission.VIEW_REFERENCE_DATA, Permission.VIEW_BENEFICIARIES}
    ),
}

ROLES_WITH_SCOPE = frozenset({Role.OFFICIAL})
"""Roles that see and change only the records of the units in their scope (either map)."""


def role_may(role: Role, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[role]


def requires(permission: Permission) -> Callable:
    """Declare the permission a view needs; checked before the view runs."""

    def declare(view: Callable) -> Callable:
        view.required_permission = permission
        return view

    return declare


def public(view: Callable) -> Callable:
    """Declare a view open to signed-out visitors (sign-in, health check, language)."""
    view.is_public = True
    return view


def signed_in(view: Callable) -> Callable:
    """Declare a view every signed-in user may open, whatever the role (own password, sign-out)."""
    view.any_signed_in_user = True
    return view
