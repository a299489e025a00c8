"""Civic Channels course helpers: data, metrics, plots, checks, explorers and grading."""

from .data import describe, list_datasets, load
from .terms import glossary

__all__ = ["describe", "glossary", "list_datasets", "load"]
