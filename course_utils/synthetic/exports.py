"""Sample platform exports, written from the course's synthetic data (one akimat: Region Q).

    python -m course_utils.synthetic.exports [OUT_DIR]   # default: datasets/sample_exports/

Each file follows the platform's documented export format (../shared/EXPORT_FORMATS.md in the
project; the module docs of course_utils.imports) so that module 9 and the tests can import them
back. Deterministic: no randomness, fixed order, so the files are byte-identical on every run.
Everything in them is synthetic; the X account is invented from the Facebook page's posts.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pandas as pd

from . import build

AKIMAT = "region_q"
RU_MONTHS = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
]
ZIP_TIME = (2025, 12, 31, 9, 0, 0)


def _csv(rows: list[list], quote_all: bool = False) -> str:
    buffer = io.StringIO()
    writer = csv.writer(
        buffer, lineterminator="\r\n", quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL
    )
    writer.writerows(rows)
    return buffer.getvalue()


def _unix(ts: pd.Timestamp) -> int:
    return int((ts - pd.Timedelta(hours=5) - pd.Timestamp("1970-01-01")).total_seconds())


def telegram_channel(posts: pd.DataFrame) -> dict:
    """A Telegram Desktop single-channel export (result.json) of the akimat's channel."""
    messages = [
        {
            "id": 1,
            "type": "service",
            "date": "2025-01-01T00:00:00",
            "date_unixtime": str(_unix(pd.Timestamp("2025-01-01"))),
            "actor": "Region Q akimat (synthetic)",
            "actor_id": "channel1000000001",
            "action": "create_channel",
            "title": "Region Q akimat (synthetic)",
            "text": "",
            "text_entities": [],
        }
    ]
    for number, post in enumerate(posts.itertuples(), start=2):
        ts = post.published_at
        message = {
            "id": number,
            "type": "message",
            "date": ts.strftime("%Y-%m-%dT%H:%M:%S"),
            "date_unixtime": str(_unix(ts)),
            "from": "Region Q akimat (synthetic)",
            "from_id": "channel1000000001",
        }
        text = f"Synthetic post {post.post_id} about {post.topic.replace('_', ' ')}."
        entities = [{"type": "plain", "text": text}]
        if post.content_type == "photo":
            message["photo"] = f"photos/photo_{number}.jpg"
            message["width"], message["height"] = 1280, 960
        elif post.content_type in ("video", "short_video"):
            message["file"] = f"video_files/video_{number}.mp4"
            message["media_type"] = "video_file"
            message["mime_type"] = "video/mp4"
            short = post.content_type == "short_video"
            message["duration_seconds"] = 45 if short else 240
            message["width"], message["height"] = (720, 1280) if short else (1280, 720)
        elif post.content_type == "link":
            entities.append({"type": "link", "text": "https://example.kz/news"})
        message["text"] = (
            [text, {"type": "link", "text": "https://example.kz/news"}]
            if post.content_type == "link"
            else text
        )
        message["text_entities"] = entities
        likes = int(post.likes)
        message["reactions"] = [
            {"type": "emoji", "count": likes - likes // 3, "emoji": "👍"},
            {"type": "emoji", "count": likes // 3, "emoji": "❤"},
        ]
        messages.append(message)
    return {
        "name": "Region Q akimat (synthetic)",
        "type": "public_channel",
        "id": 1000000001,
        "messages": messages,
    }


def telegram_group(comments: pd.DataFrame, posts: pd.DataFrame) -> dict:
    """The channel's discussion group: mirrored posts, comments by people, the akimat's replies."""
    messages, next_id, mirror = [], 1, {}
    commented = posts[posts["post_id"].isin(set(comments["post_id"]))]
    events = []
    for post in commented.itertuples():
        events.append((post.published_at, 0, "post", post))
    for comment in comments.itertuples():
        events.append((comment.commented_at, 1, "comment", comment))
        if comment.replied:
            events.append((comment.replied_at, 2, "reply", comment))
    events.sort(key=lambda e: (e[0], e[1], str(getattr(e[3], "post_id", ""))))
    comment_ids: dict[str, int] = {}
    people: dict[str, int] = {}
    for ts, _, kind, row in events:
        base = {
            "id": next_id,
            "type": "message",
            "date": ts.strftime("%Y-%m-%dT%H:%M:%S"),
            "date_unixtime": str(_unix(ts)),
        }
        if kind == "post":
            mirror[row.post_id] = next_id
            base.update(
                {
                    "from": "Region Q akimat (synthetic)",
                    "from_id": "channel1000000001",
                    "forwarded_from": "Region Q akimat (synthetic)",
                    "text": f"Synthetic post {row.post_id}.",
                }
            )
        elif kind == "comment":
            person = people.setdefault(row.comment_id[-3:], len(people) + 1)
            comment_ids[row.comment_id] = next_id
            base.update(
                {
                    "from": f"Resident {person} (synthetic)",
                    "from_id": f"user{2000000000 + person}",
                    "reply_to_message_id": mirror[row.post_id],
                    "text": row.text,
                }
            )
        else:
            base.update(
                {
                    "from": "Region Q akimat (synthetic)",
                    "from_id": "channel1000000001",
                    "reply_to_message_id": comment_ids[row.comment_id],
                    "text": "Спасибо, ответили в личных сообщениях. (synthetic)",
                }
            )
        messages.append(base)
        next_id += 1
    return {
        "name": "Region Q akimat chat (synthetic)",
        "type": "public_supergroup",
        "id": 1000000002,
        "messages": messages,
    }


META_FB = ["Post ID", "Page ID", "Page name", "Title", "Description", "Duration (sec)",
           "Publish time", "Caption type", "Permalink", "Is crosspost", "Is share", "Post type",
           "Languages", "Custom labels", "Funded content status", "Data comment", "Date", "Views",
           "Reach", "Reactions, Comments and Shares", "Reactions", "Comments", "Shares",
           "Total clicks", "Link clicks"]  # fmt: skip
FB_TYPES = {"photo": "Photo", "carousel": "Album", "video": "Video", "short_video": "Reel",
            "text": "Text", "link": "Link"}  # fmt: skip
IG_TYPES = {"photo": "IG image", "carousel": "IG carousel", "video": "IG video",
            "short_video": "IG reel"}  # fmt: skip


def _meta_id(number: int, base: int) -> str:
    return str(base + number)


def meta_facebook(posts: pd.DataFrame) -> str:
    rows = [META_FB]
    for n, p in enumerate(posts.itertuples(), start=1):
        pid = _meta_id(n, 1810640000000000)
        total = int(p.likes + p.comments + p.shares)
        rows.append([
            pid, "100000000000001", "Region Q akimat (synthetic)", "",
            f"Synthetic post {p.post_id}.\nSecond line of the caption.", "",
            p.published_at.strftime("%m/%d/%Y %H:%M"), "", f"https://www.facebook.com/{pid}",
            "No", "No", FB_TYPES[p.content_type], "", "", "", "", "Lifetime",
            str(p.impressions), str(p.reach), str(total), str(p.likes), str(p.comments),
            str(p.shares), "N/A", "N/A",
        ])  # fmt: skip
    return _csv(rows)


META_IG = ["Post ID", "Account ID", "Account username", "Account name", "Description",
           "Duration (sec)", "Publish time", "Permalink", "Post type", "Data comment", "Date",
           "Views", "Reach", "Likes", "Shares", "Follows", "Comments", "Saves"]  # fmt: skip


def meta_instagram(posts: pd.DataFrame) -> str:
    rows = [META_IG]
    for n, p in enumerate(posts.itertuples(), start=1):
        pid = _meta_id(n, 1790000000000000)
        rows.append([
            pid, "17841400000000001", "region_q_akimat_synthetic", "Region Q akimat (synthetic)",
            f"Synthetic post {p.post_id}.", "", p.published_at.strftime("%m/%d/%Y %H:%M"),
            f"https://www.instagram.com/p/{pid}/", IG_TYPES[p.content_type], "", "Lifetime",
            str(p.impressions), str(p.reach), str(p.likes), str(p.shares), "N/A", str(p.comments),
            str(int(p.saves)),
        ])  # fmt: skip
    return _csv(rows)


def meta_daily(followers: pd.DataFrame, title: str) -> bytes:
    rows = [[title], ["Date", "Primary"]] + [
        [d.strftime("%Y-%m-%dT%H:%M:%S"), str(v)]
        for d, v in zip(followers["date"], followers["followers"], strict=True)
    ]
    text = "sep=,\r\n" + _csv(rows, quote_all=True)
    return b"\xff\xfe" + text.encode("utf-16-le")


def facebook_insights_xml(posts: pd.DataFrame) -> str:
    """Legacy Facebook Insights post export: SpreadsheetML 2003, saved with a .xls name."""
    header = ["Post ID", "Permalink", "Post Message", "Type", "Posted",
              "Lifetime Post Total Reach", "Lifetime Post Total Impressions"]  # fmt: skip
    described = ["", "", "", "", "",
                 "Lifetime: The number of people who had your Page's post enter their screen.",
                 "Lifetime: The number of times your Page's post entered a person's screen."]  # fmt: skip
    body = [header, described]
    for n, p in enumerate(posts.itertuples(), start=1):
        pid = f"100000000000001_{_meta_id(n, 1810640000000000)}"
        body.append([pid, f"https://www.facebook.com/{pid}", f"Synthetic post {p.post_id}.",
                     FB_TYPES[p.content_type], p.published_at.strftime("%m/%d/%Y %H:%M"),
                     str(p.reach), str(p.impressions)])  # fmt: skip
    rows = "".join(
        "<Row>"
        + "".join(f'<Cell><Data ss:Type="String">{escape(v)}</Data></Cell>' for v in row)
        + "</Row>\n"
        for row in body
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
        'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">\n'
        f'<Worksheet ss:Name="Key Metrics"><Table>\n{rows}</Table></Worksheet>\n</Workbook>\n'
    )


def _ru_date(ts: pd.Timestamp) -> str:
    return f"{ts.day} {RU_MONTHS[ts.month - 1]}"


def tiktok_zip(posts: pd.DataFrame, followers: pd.DataFrame) -> bytes:
    """TikTok Studio, Russian interface: Content.csv, FollowerHistory.csv and Overview.csv (year-less
    dates; in Overview each video's totals are credited to the day it was posted)."""
    content = [["Time", "Video title", "Video link", "Post time", "Total likes",
                "Total comments", "Total shares", "Total views"]]  # fmt: skip
    for n, p in enumerate(posts.itertuples(), start=1):
        content.append(["2025-12-31", f"Synthetic video {p.post_id}, Region Q",
                        f"https://www.tiktok.com/@region_q_synthetic/video/{7400000000000000000 + n}",
                        _ru_date(p.published_at), f"{int(p.likes):,}", str(p.comments),
                        str(p.shares), f"{int(p.impressions):,}"])  # fmt: skip
    history = [["Дата", "Подписчики", "Изменение числа подписчиков по сравнению с предыдущим днем"]]
    previous = None
    for d, v in zip(followers["date"], followers["followers"], strict=True):
        history.append([_ru_date(d), str(v), "--" if previous is None else str(v - previous)])
        previous = v
    # Overview: December's days, each video's totals credited to the day it was posted
    december = posts[posts["published_at"] >= "2025-12-01"]
    by_day = december.groupby(december["published_at"].dt.normalize())
    sums = by_day[["impressions", "likes", "comments", "shares"]].sum()
    overview = [["Дата", "Просмотры видео", "Просмотры профиля", "Отметки «Нравится»",
                 "Комментарии", "Репосты"]]  # fmt: skip
    for day in pd.date_range("2025-12-01", "2025-12-31", tz=posts["published_at"].dt.tz):
        row = sums.loc[day] if day in sums.index else None
        overview.append([_ru_date(day)] + (["0", "--", "0", "0", "0"] if row is None else [
            f"{int(row.impressions):,}", "--", f"{int(row.likes):,}", str(int(row.comments)),
            str(int(row.shares))]))  # fmt: skip
    buffer = io.BytesIO()
    sections = (("Content.csv", content), ("FollowerHistory.csv", history),
                ("Overview.csv", overview))  # fmt: skip
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, rows in sections:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, "\ufeff" + _csv(rows, quote_all=True))
    return buffer.getvalue()


def youtube_table(posts: pd.DataFrame) -> str:
    rows = [["Content", "Video title", "Video publish time", "Duration", "Views",
             "Watch time (hours)", "Subscribers", "Impressions",
             "Impressions click-through rate (%)", "Likes", "Comments added", "Shares"]]  # fmt: skip
    rows.append(["Total", "", "", "", str(int(posts["impressions"].sum())), "", "", "", "",
                 str(int(posts["likes"].sum())), str(int(posts["comments"].sum())),
                 str(int(posts["shares"].sum()))])  # fmt: skip
    for n, p in enumerate(posts.itertuples(), start=1):
        duration = 45 if p.content_type == "short_video" else 300
        rows.append([f"yt{n:09d}", f"Synthetic video {p.post_id}",
                     p.published_at.strftime("%b %d, %Y").replace(" 0", " "), str(duration),
                     str(p.impressions), "", "", "", "", str(p.likes), str(p.comments),
                     str(p.shares)])  # fmt: skip
    return _csv(rows)


def youtube_totals(followers: pd.DataFrame) -> str:
    """Totals.csv of the Subscribers metric: the net change per day (YouTube gives no totals)."""
    rows = [["Date", "Subscribers"]]
    change = followers["followers"].diff()
    for d, v in zip(followers["date"].iloc[1:], change.iloc[1:], strict=True):
        rows.append([d.strftime("%Y-%m-%d"), str(int(v))])
    return _csv(rows)


def x_overview(posts: pd.DataFrame, followers: pd.DataFrame) -> str:
    """account_overview_analytics.csv for December: the day's posts' totals, and new follows and
    unfollows from the (invented) account's daily change."""
    rows = [["Date", "Impressions", "Likes", "Engagements", "Bookmarks", "Shares", "New follows",
             "Unfollows", "Replies", "Reposts", "Profile visits", "Create Post", "Video views",
             "Media views"]]  # fmt: skip
    sums = posts.groupby(posts["published_at"].dt.normalize())[
        ["impressions", "likes", "comments", "shares"]
    ].sum()
    change = followers.set_index(followers["date"].dt.normalize())["followers"].diff()
    for day in pd.date_range("2025-12-01", "2025-12-31", tz=posts["published_at"].dt.tz):
        n = sums.loc[day] if day in sums.index else pd.Series(0, index=sums.columns)
        delta = int(change.get(day, 0))
        rows.append([day.strftime("%a, %b %d, %Y"), str(int(n.impressions)), str(int(n.likes)),
                     str(int(n.likes + n.comments + n.shares)), "0", "0", str(max(delta, 0)),
                     str(max(-delta, 0)), str(int(n.comments)), str(int(n.shares)), "0",
                     str(int((posts["published_at"].dt.normalize() == day).sum())), "0",
                     "0"])  # fmt: skip
    return _csv(rows)


def x_content(posts: pd.DataFrame) -> str:
    rows = [["Post id", "Date", "Post text", "Post Link", "Impressions", "Likes", "Engagements",
             "Bookmarks", "Shares", "New follows", "Replies", "Reposts", "Profile visits"]]  # fmt: skip
    for n, p in enumerate(posts.itertuples(), start=1):
        pid = str(1870000000000000000 + n)
        rows.append([pid, p.published_at.strftime("%a, %b %d, %Y"), f"Synthetic post {p.post_id}",
                     f"https://x.com/region_q_synth/status/{pid}", str(p.impressions),
                     str(p.likes), str(int(p.likes + p.comments + p.shares)), "0", "0", "0",
                     str(p.comments), str(p.shares), "0"])  # fmt: skip
    return _csv(rows)


def vk_statistics(followers: pd.DataFrame) -> bytes:
    rows = [["Дата", "Критерий", "Парам. №1", "Парам. №2", "Значение"]] + [
        [d.strftime("%d.%m.%Y"), "members", "", "", str(v)]
        for d, v in zip(followers["date"], followers["followers"], strict=True)
    ]
    return _csv(rows).replace(",", ";").encode("cp1251")


def exports(frames: dict[str, pd.DataFrame] | None = None) -> dict[str, bytes]:
    """Relative path → file content of every sample export."""
    frames = frames or build()
    posts = frames["posts"]
    posts = posts[posts["akimat_id"] == AKIMAT]
    followers = frames["daily_followers"]
    comments = frames["comments"]

    def own(platform):
        return posts[posts["platform"] == platform].reset_index(drop=True)

    def audience(platform):
        return followers[followers["account_id"] == f"{AKIMAT}-{platform}"].reset_index(drop=True)

    tg_comments = comments[comments["account_id"] == f"{AKIMAT}-telegram"]
    facebook = own("facebook")
    december = facebook[facebook["published_at"] >= "2025-12-01"]
    out = {
        "telegram/ChatExport_2026-01-03/result.json": json.dumps(
            telegram_channel(own("telegram")), ensure_ascii=False, indent=1
        ).encode("utf-8"),
        "telegram/discussion_group/result.json": json.dumps(
            telegram_group(tg_comments, own("telegram")), ensure_ascii=False, indent=1
        ).encode("utf-8"),
        "meta/Facebook_posts_2025.csv": b"\xef\xbb\xbf" + meta_facebook(facebook).encode("utf-8"),
        "meta/Instagram_posts_2025.csv": b"\xef\xbb\xbf"
        + meta_instagram(own("instagram")).encode("utf-8"),
        "meta/Facebook_follows_2025.csv": meta_daily(audience("facebook"), "Facebook follows"),
        "tiktok/TikTok_Studio_2025-12-31.zip": tiktok_zip(own("tiktok"), audience("tiktok")),
        "youtube/Table data.csv": youtube_table(own("youtube")).encode("utf-8"),
        "x/account_analytics_content_2025-12-01_2025-12-31.csv": x_content(december).encode(
            "utf-8"
        ),
        "youtube/Totals.csv": youtube_totals(audience("youtube")).encode("utf-8"),
        "x/account_overview_analytics.csv": x_overview(december, audience("facebook")).encode(
            "utf-8"
        ),
        "vk/vk_statistics_2025.csv": vk_statistics(audience("vk")),
        "legacy/facebook_insights_2025.xls": facebook_insights_xml(facebook.head(40)).encode(
            "utf-8"
        ),
    }
    return out


def write(out_dir: Path | str, frames=None) -> list[Path]:
    out_dir = Path(out_dir)
    written = []
    for relative, content in exports(frames).items():
        path = out_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        written.append(path)
    return written


if __name__ == "__main__":  # pragma: no cover
    import sys

    from ..paths import COURSE_ROOT

    target = sys.argv[1] if len(sys.argv) > 1 else COURSE_ROOT / "datasets" / "sample_exports"
    for path in write(target):
        print(f"wrote {path}")
