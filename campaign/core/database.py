"""The old name that ``beneficiaries/import_views.py`` still imports until the district-list
import moves to gifts; every other module imports ``core.engine``."""

from campaign.core.engine import writes_on_read

__all__ = ["writes_on_read"]
