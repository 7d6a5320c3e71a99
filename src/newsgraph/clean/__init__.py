"""Cleaning: remove scraper junk (deletion-only) and keep a map back to the input."""

from newsgraph.clean.cleaner import Cleaned, Rules, clean, load_rules

__all__ = ["Cleaned", "Rules", "clean", "load_rules"]
