"""Civic Channels course helpers: data, metrics, plots, checks, explorers and grading."""

from .data import describe, list_datasets, load

__all__ = ["describe", "list_datasets", "load"]
