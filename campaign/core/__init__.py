"""Shared building blocks that know nothing of any one domain area."""
