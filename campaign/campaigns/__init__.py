"""Campaigns: a Month of Action at one administrative level, in a tree across levels."""
