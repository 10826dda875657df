"""The old name that ``beneficiaries/imports.py`` and ``import_views.py`` still import until the
district-list import moves to gifts; every other module imports ``core.dates``."""

from campaign.core.dates import utcnow

__all__ = ["utcnow"]
