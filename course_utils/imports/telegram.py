"""Telegram Desktop "Export chat history" (JSON): a channel or group, or a whole account.

- A channel's messages become posts (service messages skipped): `date_unixtime` converted to
  Asia/Almaty (older exports: `date`, the exporting computer's local time), media → content type,
  reactions summed into likes, forwarded posts counted in the report.
- The export has **no views, forwards or reach**: `impressions`, `shares` and `reach` are missing,
  never 0, and the report says so.
- A group (a channel's discussion group) becomes comments: messages by people, with a reply from
  the channel or an admin recorded as the press service's reply. Names are pseudonymised.
- A full-account export is read only through `chats.list`; personal information, contacts and
  sessions are never read into any table.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from .readers import ExportError

CHANNEL_TYPES = {"public_channel", "private_channel"}
GROUP_TYPES = {"public_supergroup", "private_supergroup", "private_group"}
ALMATY = dt.timezone(dt.timedelta(hours=5))


def chats(data, name: str) -> list[dict]:
    """The chats of a single-chat or a full-account export; a clear error for anything else."""
    if isinstance(data, dict) and isinstance(data.get("messages"), list):
        return [data]
    if isinstance(data, dict) and isinstance(data.get("chats"), dict):
        return [c for c in data["chats"].get("list", []) if isinstance(c, dict)]
    raise ExportError(
        f"{name}: this JSON is not a Telegram Desktop export (it has no 'messages' and no "
        "'chats'). In Telegram Desktop open the channel, ⋮ → Export chat history, choose "
        "'Machine-readable JSON', and import the result.json it writes."
    )


def _text(value) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "".join(p if isinstance(p, str) else str(p.get("text", "")) for p in value)
    return ""


def _has_link(message: dict) -> bool:
    entities = message.get("text_entities") or (
        message["text"] if isinstance(message.get("text"), list) else []
    )
    return any(isinstance(e, dict) and e.get("type") in ("link", "text_link") for e in entities)


def content_type(message: dict) -> str:
    """photo, short_video, video, link or text, from the message's media fields."""
    if "photo" in message:
        return "photo"
    media = message.get("media_type")
    if media in ("video_file", "video_message", "animation"):
        width, height = message.get("width") or 0, message.get("height") or 0
        duration = message.get("duration_seconds") or 0
        return "short_video" if height > width and duration <= 90 else "video"
    if _has_link(message):
        return "link"
    return "text"


def _when(message: dict) -> dt.datetime | None:
    if message.get("date_unixtime"):
        moment = dt.datetime.fromtimestamp(int(message["date_unixtime"]), ALMATY)
        return moment.replace(tzinfo=None)
    if message.get("date"):
        return dt.datetime.fromisoformat(message["date"])  # the exporting computer's local time
    return None


def _reactions(message: dict):
    reactions = message.get("reactions")
    if reactions is None:
        return pd.NA
    return sum(int(r.get("count", 0)) for r in reactions if isinstance(r, dict))


def parse(data, name: str, file_report, keep_names: bool = False) -> dict[str, pd.DataFrame]:
    posts, comments = [], []
    kinds = []
    for chat in chats(data, name):
        kind = chat.get("type", "")
        messages = chat.get("messages") or []
        if kind in CHANNEL_TYPES:
            kinds.append(f"Telegram channel '{chat.get('name', '')}'")
            posts += _posts(chat, messages, name, file_report)
        elif kind in GROUP_TYPES:
            kinds.append(f"Telegram discussion group '{chat.get('name', '')}'")
            comments += _comments(chat, messages, name, file_report, keep_names)
    if not kinds:
        raise ExportError(
            f"{name}: the Telegram export has no channel or group (only personal chats, which "
            "the course does not import). Export the channel itself, or its discussion group."
        )
    file_report.recognised_as = "; ".join(kinds)
    out = {}
    if posts:
        out["posts"] = pd.DataFrame(posts)
        out["accounts"] = out["posts"][["account_id", "account_name"]].drop_duplicates("account_id")
    if comments:
        out["comments"] = pd.DataFrame(comments)
    return out


def _posts(chat: dict, messages: list, name: str, file_report) -> list[dict]:
    account = f"telegram-{chat.get('id', 'channel')}"
    rows, forwarded = [], 0
    for number, message in enumerate(messages, start=1):
        file_report.rows_read += 1
        if message.get("type") != "message":
            file_report.skipped.append(
                f"{name}, message {message.get('id', number)}: a service message "
                f"({message.get('action', message.get('type'))}), not a post"
            )
            continue
        when = _when(message)
        if when is None:
            file_report.skipped.append(f"{name}, message {message.get('id')}: no date")
            continue
        forwarded += "forwarded_from" in message
        rows.append(
            {
                "post_id": f"tg-{chat.get('id')}-{message.get('id')}",
                "account_id": account,
                "account_name": chat.get("name", ""),
                "platform": "telegram",
                "published_at": when,
                "content_type": content_type(message),
                "likes": _reactions(message),
                "forwarded": "forwarded_from" in message,
                "text": _text(message.get("text")),
                "_source": f"{name}, message {message.get('id')}",
            }
        )
    if forwarded:
        file_report.warnings.append(
            f"{forwarded} posts were forwarded from other channels (kept, marked forwarded)"
        )
    if rows and all(r["likes"] is pd.NA for r in rows):
        file_report.warnings.append(
            "this export has no reactions (older Telegram Desktop): likes are empty"
        )
    file_report.warnings.append(
        "Telegram Desktop exports no views, forwards or reach: those columns are empty, not 0"
    )
    return rows


def _comments(chat: dict, messages: list, name: str, file_report, keep_names: bool) -> list:
    by_id = {m.get("id"): m for m in messages}
    replies: dict = {}
    for m in messages:
        if str(m.get("from_id", "")).startswith("channel") and m.get("reply_to_message_id"):
            replies.setdefault(m["reply_to_message_id"], m)
    people: dict[str, str] = {}
    rows = []
    for m in messages:
        file_report.rows_read += 1
        sender = str(m.get("from_id", ""))
        if m.get("type") != "message" or not sender.startswith("user"):
            continue  # service messages and the channel's own (mirrored posts, replies)
        parent = by_id.get(m.get("reply_to_message_id"))
        root = parent
        while root is not None and root.get("reply_to_message_id") in by_id:
            root = by_id[root["reply_to_message_id"]]
        if root is None:
            file_report.skipped.append(
                f"{name}, message {m.get('id')}: not a reply to a channel post"
            )
            continue
        author = people.setdefault(sender, f"Person {len(people) + 1}")
        owner = str(root.get("from_id", ""))
        channel = owner.removeprefix("channel") if owner.startswith("channel") else chat.get("id")
        reply = replies.get(m.get("id"))
        rows.append(
            {
                "comment_id": f"tgc-{chat.get('id')}-{m.get('id')}",
                "post_id": f"tg-group-{chat.get('id')}-{root.get('id')}",
                "account_id": f"telegram-{channel}",
                "platform": "telegram",
                "commented_at": _when(m),
                "text": _text(m.get("text")),
                "replied": reply is not None,
                "replied_at": _when(reply) if reply is not None else None,
                "author": m.get("from", author) if keep_names else author,
                "_source": f"{name}, message {m.get('id')}",
            }
        )
    file_report.warnings.append(
        f"{len(people)} people wrote comments; their names are replaced by pseudonyms"
        if not keep_names
        else f"{len(people)} people wrote comments; their names were kept, as asked"
    )
    return rows
