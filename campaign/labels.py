"""The names ``beneficiaries/imports.py`` reads until the district-list import moves to gifts with
a vocabulary of its own; every other caller uses ``campaign.core.labels``."""

from campaign.core.labels import LABELS, label

__all__ = ["LABELS", "label"]
