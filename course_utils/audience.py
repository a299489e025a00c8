"""Audience behaviour (m03): sort posts into the time slots a press service can plan for.

A weekday × hour heatmap has 168 cells; a posting schedule needs fewer, plainer choices. The
four time slots here answer "should we post in office hours, in the evening or at the weekend?"
"""

from __future__ import annotations

import numpy as np
import pandas as pd

EARLY = "weekday before 9:00"
OFFICE_HOURS = "weekday 9:00-18:00"
EVENING = "weekday after 18:00"
WEEKEND = "weekend"
TIME_SLOTS: tuple[str, ...] = (EARLY, OFFICE_HOURS, EVENING, WEEKEND)


def time_slot(timestamps: pd.Series) -> pd.Series:
    """The time slot of each timestamp, in the timestamps' own time zone (Asia/Almaty in the course).

    - "weekday before 9:00": Monday-Friday, 0:00-8:59
    - "weekday 9:00-18:00": Monday-Friday, 9:00-17:59 (office hours)
    - "weekday after 18:00": Monday-Friday, 18:00-23:59
    - "weekend": Saturday or Sunday, any hour

    The result is an ordered category with the slots in that order (so tables and charts keep
    it), with the same index as `timestamps`; a missing timestamp gives a missing slot.

    >>> t = pd.to_datetime(pd.Series(["2025-03-03 08:30", "2025-03-03 09:00", "2025-03-07 18:00", "2025-03-08 12:00"]))
    >>> time_slot(t).tolist()  # Monday 8:30, Monday 9:00, Friday 18:00, Saturday noon
    ['weekday before 9:00', 'weekday 9:00-18:00', 'weekday after 18:00', 'weekend']
    """
    timestamps = pd.Series(timestamps)
    weekday = timestamps.dt.day_of_week.to_numpy(dtype=float, na_value=np.nan)
    hour = timestamps.dt.hour.to_numpy(dtype=float, na_value=np.nan)
    labels = np.select(
        [weekday >= 5, hour < 9, hour < 18, hour >= 18],
        [WEEKEND, EARLY, OFFICE_HOURS, EVENING],
        default=None,
    )
    dtype = pd.CategoricalDtype(TIME_SLOTS, ordered=True)
    return pd.Series(labels, index=timestamps.index, name="time_slot").astype(dtype)
