"""User accounts, roles and district scope."""
