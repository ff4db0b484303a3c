"""Outage figures in, honest numbers out: readers, validation, metrics and the store."""

__version__ = "0.1.0"
