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
- The JSON is streamed with ijson (its C backend): messages are turned into rows one at a time,
  so a 50 MB export holds about 2.5 times its size in memory where `json.loads` held 8 times.
"""

from __future__ import annotations

import datetime as dt
import io

import ijson
import pandas as pd

from ..i18n import _
from .readers import ExportError

CHANNEL_TYPES = {"public_channel", "private_channel"}
GROUP_TYPES = {"public_supergroup", "private_supergroup", "private_group"}
ALMATY = dt.timezone(dt.timedelta(hours=5))


NOT_TELEGRAM = (
    "this JSON is not a Telegram Desktop export (it has no 'messages' and no 'chats'). In "
    "Telegram Desktop open the channel, ⋮ → Export chat history, choose 'Machine-readable JSON', "
    "and import the result.json it writes."
)
DAMAGED = (
    "the JSON is incomplete or damaged ({err}). Export it again from Telegram Desktop and wait "
    "until the export says it is finished."
)
# what the course keeps of a discussion group's message (the rest is never held)
GROUP_FIELDS = ("id", "type", "from", "from_id", "reply_to_message_id", "date", "date_unixtime")


def _stream(raw: bytes) -> io.BytesIO:
    stream = io.BytesIO(raw)  # shares the bytes, no copy
    if raw.startswith(b"\xef\xbb\xbf"):
        stream.seek(3)
    return stream


def _shape(raw: bytes, name: str) -> tuple[str, dict]:
    """'chat' (a single chat: its name, type and id) or 'account' (a full-account export).

    Reads JSON events only up to the message list (Telegram writes name, type and id first), so
    even a 50 MB export is decided in a moment.
    """
    header: dict = {}
    seen_messages = False
    for prefix, event, value in ijson.parse(_stream(raw)):
        if prefix == "" and event not in ("start_map", "map_key", "end_map"):
            break  # the top level is not an object
        if prefix in ("name", "type", "id") and event in ("string", "number"):
            header[prefix] = value
        elif prefix == "" and event == "map_key":
            if value == "chats":
                return "account", {}
            seen_messages = seen_messages or value == "messages"
            if seen_messages and "type" in header:
                return "chat", header
    if seen_messages:
        return "chat", header
    raise ExportError(f"{name}: {NOT_TELEGRAM}")


def chats(raw: bytes, name: str):
    """(chat's name/type/id, its messages one at a time) for each chat of the export.

    A single-chat export streams its messages (ijson), never holding the whole file as Python
    objects; a full-account export is read one chat of `chats.list` at a time, and nothing else
    of it (personal information, contacts, sessions) is read at all.
    """
    try:
        shape, header = _shape(raw, name)
        if shape == "chat":
            yield header, ijson.items(_stream(raw), "messages.item")
            return
        for chat in ijson.items(_stream(raw), "chats.list.item"):
            if isinstance(chat, dict):
                yield chat, iter(chat.get("messages") or [])
    except ijson.JSONError as err:
        raise ExportError(f"{name}: " + DAMAGED.format(err=err)) from err


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


def parse(raw: bytes, name: str, file_report, keep_names: bool = False):
    """The posts (channels) and comments (discussion groups) of a Telegram Desktop export."""
    posts, comments = [], []
    kinds = []
    try:
        for chat, messages in chats(raw, name):
            kind = chat.get("type", "")
            if kind in CHANNEL_TYPES:
                kinds.append(_("Telegram channel '{name}'", name=chat.get("name", "")))
                posts += _posts(chat, messages, name, file_report)
            elif kind in GROUP_TYPES:
                kinds.append(_("Telegram discussion group '{name}'", name=chat.get("name", "")))
                slim = [
                    {k: m[k] for k in (*GROUP_FIELDS, "text") if k in m}
                    if str(m.get("from_id", "")).startswith("user")
                    else {k: m[k] for k in GROUP_FIELDS if k in m}
                    for m in messages
                ]
                comments += _comments(chat, slim, name, file_report, keep_names)
    except ijson.JSONError as err:
        raise ExportError(f"{name}: " + DAMAGED.format(err=err)) from err
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


def _posts(chat: dict, messages, name: str, file_report) -> list[dict]:
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
                "time_known": True,
                "content_type": content_type(message),
                "likes": _reactions(message),
                "forwarded": "forwarded_from" in message,
                "text": _text(message.get("text")),
                "_source": f"{name}, message {message.get('id')}",
            }
        )
    if forwarded:
        file_report.warnings.append(
            _(
                "{count} posts were forwarded from other channels (kept, marked forwarded)",
                count=forwarded,
            )
        )
    if rows and all(r["likes"] is pd.NA for r in rows):
        file_report.warnings.append(
            _("this export has no reactions (older Telegram Desktop): likes are empty")
        )
    file_report.warnings.append(
        _("Telegram Desktop exports no views, forwards or reach: those columns are empty, not 0")
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
        _(
            "{count} people wrote comments; their names are replaced by pseudonyms",
            count=len(people),
        )
        if not keep_names
        else _("{count} people wrote comments; their names were kept, as asked", count=len(people))
    )
    return rows
