"""Grading helpers built on nbgrader's own API."""
