"""Interactive explorers: answer "what if" questions without writing code.

Each explorer is two things:
- a plain function that returns an `ExplorerView` (figure, table, message) for given choices —
  testable and usable without a browser;
- a widget (`...explorer()`) with dropdowns and checkboxes that re-draws the same view when a
  choice changes.
"""

from .base import Explorer, ExplorerView
from .channels import account_summary, channel_comparison, channel_dashboard
from .content import content_type_comparison, content_type_explorer
from .kpi import kpi_dashboard, kpi_progress
from .posting_time import posting_time_explorer, posting_time_view

__all__ = [
    "Explorer",
    "ExplorerView",
    "account_summary",
    "channel_comparison",
    "channel_dashboard",
    "content_type_comparison",
    "content_type_explorer",
    "kpi_dashboard",
    "kpi_progress",
    "posting_time_explorer",
    "posting_time_view",
]
