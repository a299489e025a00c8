"""X / Twitter analytics: the legacy tweet_activity_metrics_*.csv (time "2021-11-30 16:00 +0000",
counts sometimes as floats, "-" for promoted columns) and the 2024+ account_analytics_content_*.csv
(Date like "Tue, Jul 14, 2026", no time of day) and account_overview_analytics.csv (daily).

X reports impressions, not reach, and does not say a post's format.
"""

from __future__ import annotations

import re


def period_from_name(name: str):
    """The export period in the file name (..._2026-07-01_2026-07-31.csv), or None."""
    dates = re.findall(r"(20\d{2}-\d{2}-\d{2})", name)
    return (dates[0], dates[-1]) if len(dates) >= 2 else None
