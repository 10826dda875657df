"""User accounts, roles and scope."""
