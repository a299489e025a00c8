"""Channel analysis (m02): do two measures agree on who is best, how audiences grew, and
whether posting more pays.

Pure functions over the course tables (`accounts`, `daily_followers`, and the one-row-per-account
`account_summary()` of `course_utils.explorers.channels`). Percentages are 0-100.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import metrics

POSTING_HALVES = ("post less", "post more")


def rank_agreement(first: pd.Series, second: pd.Series) -> float:
    """Rank agreement of two measures of the same accounts (Spearman's rank correlation).

    Rank each measure (1 = smallest; tied values share their average rank), then take the
    ordinary (Pearson) correlation of the two columns of ranks. The result runs from −1 to +1:
    +1 = both measures put the accounts in exactly the same order, 0 = the orders are unrelated,
    −1 = one order is the other turned upside down. Pairs where either value is missing are left
    out; with fewer than 3 pairs the answer is NaN.

    >>> rank_agreement(pd.Series([1, 2, 3, 4]), pd.Series([10, 20, 40, 30]))
    0.8
    """
    return metrics.rank_correlation(first, second)


def rank_agreement_by(
    table: pd.DataFrame, first: str, second: str, by: str = "platform"
) -> pd.Series:
    """`rank_agreement` of two columns of `table`, computed separately within each group of `by`.

    Example: ``rank_agreement_by(summary, "er_by_reach", "er_by_followers")`` gives one number per
    platform: how far the two engagement rates agree on which akimat does best there.
    """
    groups = table.groupby(by, observed=True)
    agreement = {name: rank_agreement(rows[first], rows[second]) for name, rows in groups}
    return pd.Series(agreement, name="rank_agreement").rename_axis(by)


def follower_index(
    daily_followers: pd.DataFrame, accounts: pd.DataFrame, by: str = "platform"
) -> pd.DataFrame:
    """Total followers of each group, day by day, as an index where the first day = 100.

    index on a day = followers of all the group's accounts that day / on the first day × 100.
    A value of 138 on 31 December means the group's accounts together have 38% more followers
    than on 1 January. Rows: dates; columns: the groups (platforms by default).
    """
    groups = accounts.set_index("account_id")[by]
    frame = daily_followers.assign(group=daily_followers["account_id"].map(groups))
    totals = frame.pivot_table(
        index="date", columns="group", values="followers", aggfunc="sum", observed=True
    )
    totals = totals.sort_index()
    index = totals / totals.iloc[0] * 100
    index.columns = index.columns.astype(str)
    index.columns.name = by
    return index


def posting_halves(summary: pd.DataFrame, platform: str) -> pd.DataFrame:
    """Split one platform's accounts at the median posts per week and compare the two halves.

    "post less" = accounts at or below the platform's median posts per week, "post more" = above.
    Each column is the median over the accounts of that half:

    - accounts: how many accounts are in the half (a count, not a median);
    - posts_per_week;
    - er_by_reach (%): engagements / reach × 100, the response to an average post;
    - engagements_per_week_per_1000_followers = engagements per post × posts per week
      / average followers × 1,000: all the response an account collects in a week, scaled to
      its audience so that big and small accounts can be compared.

    `summary` is the table of `account_summary()` (one row per account).
    """
    rows = summary[summary["platform"] == platform]
    if rows.empty:
        raise ValueError(f"There are no {platform!r} accounts in the summary table.")
    per_post = metrics.ratio(rows["engagements"], rows["posts"])
    per_week = per_post * rows["posts_per_week"]
    rows = rows.assign(
        engagements_per_week_per_1000_followers=metrics.ratio(
            per_week, rows["followers_mean"], 1000
        ),
        half=np.where(
            rows["posts_per_week"] > rows["posts_per_week"].median(), *POSTING_HALVES[::-1]
        ),
    )
    grouped = rows.groupby("half")
    table = grouped[
        ["posts_per_week", "er_by_reach", "engagements_per_week_per_1000_followers"]
    ].median()
    table.insert(0, "accounts", grouped.size())
    return table.reindex(list(POSTING_HALVES)).rename_axis(None)
