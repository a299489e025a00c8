"""VK community statistics export, in the long format an older parser documents:
`Дата, Критерий, Парам. №1, Парам. №2, Значение` with criteria such as views, visitors, reach,
reach_subscribers, members. Only `members` (subscribers) becomes daily followers; the current
VK format is unconfirmed, so anything else gives a clear error naming the columns.
"""

from __future__ import annotations

FOLLOWER_CRITERIA = {"members", "subscribers", "участники", "подписчики"}
