"""Synthetic citizen comments: a sample of the comments on the year's posts.

Built in two passes so that the relationship the criticism module teaches is really there:
1. each comment gets a category (steered by the post's topic), a language, and whether and when the
   press service replied (steered by the account's reply habits, which improve for some akimats
   from July, and by the category);
2. its sentiment then depends on the category and on how the account replied in the previous
   month: accounts that reply more, and faster, see fewer negative comments later. Accounts that
   hide polite criticism see more.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import texts
from .channels import CRISIS_DAY, DAYS
from .reference import AKIMAT_IDS, CRISIS_AKIMAT

COMMENTS_IN_SAMPLE = 9000
# The four akimats whose pages hide polite complaints (module 5 finds them; module 8's exercise
# writes a brief for one of them, Region C). Fixed rather than drawn, so that the exercise keeps a
# clear case when the data is regenerated.
HIDERS = ("region_c", "region_h", "region_l", "region_n")
PLATFORM_SHARE = {
    "instagram": 0.35,
    "tiktok": 0.18,
    "telegram": 0.25,
    "facebook": 0.16,
    "youtube": 0.03,
    "vk": 0.03,
}
CATEGORIES = texts.CATEGORIES

# Category mix by topic (question, complaint, praise, suggestion, misinformation, abuse_spam).
TOPIC_CATEGORIES: dict[str, tuple[float, ...]] = {
    "official_events": (0.12, 0.22, 0.22, 0.08, 0.06, 0.30),
    "infrastructure": (0.22, 0.45, 0.10, 0.10, 0.04, 0.09),
    "public_services": (0.48, 0.22, 0.10, 0.10, 0.03, 0.07),
    "social_support": (0.38, 0.25, 0.12, 0.08, 0.09, 0.08),
    "emergency_alerts": (0.35, 0.16, 0.12, 0.06, 0.22, 0.09),
    "culture_sport": (0.10, 0.08, 0.58, 0.12, 0.02, 0.10),
    "health_education": (0.30, 0.22, 0.18, 0.14, 0.09, 0.07),
    "economy_jobs": (0.30, 0.18, 0.14, 0.12, 0.08, 0.18),
}
REPLY_LOGIT = {
    "question": 0.7,
    "complaint": 0.4,
    "misinformation": 0.3,
    "suggestion": 0.0,
    "praise": -0.7,
    "abuse_spam": -3.0,
}
NEGATIVE_LOGIT = {
    "question": -0.9,
    "complaint": 2.2,
    "praise": -4.5,
    "suggestion": -1.6,
    "misinformation": 0.6,
    "abuse_spam": 0.3,  # about half abuse (negative), half spam (neutral)
}
POSITIVE_SHARE = {
    "question": 0.08,
    "complaint": 0.0,
    "praise": 0.97,
    "suggestion": 0.45,
    "misinformation": 0.0,
    "abuse_spam": 0.0,
}


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def _next_working_time(t: pd.Series) -> pd.Series:
    """Move times outside 9:00-19:00 on weekdays to the next working morning (plus a little)."""
    t = t.copy()
    for _ in range(3):
        hour = t.dt.hour + t.dt.minute / 60
        after = hour >= 19
        before = hour < 9
        t = t.where(~after, (t + pd.Timedelta(days=1)).dt.normalize() + pd.Timedelta(hours=9))
        t = t.where(~before, t.dt.normalize() + pd.Timedelta(hours=9))
        weekend = t.dt.day_of_week >= 5
        t = t.where(~weekend, (t + pd.Timedelta(days=1)).dt.normalize() + pd.Timedelta(hours=9))
    return t


def generate(rng: np.random.Generator, posts: pd.DataFrame, traits: pd.DataFrame) -> pd.DataFrame:
    accounts = traits.set_index("account_id")
    n_accounts = len(accounts)
    # Reply habits of each account: reply rate (logit) and typical hours to reply.
    reply_logit = pd.Series(rng.normal(-1.4, 0.9, n_accounts), index=accounts.index)
    reply_hours = pd.Series(np.exp(rng.normal(np.log(11), 0.75, n_accounts)), index=accounts.index)
    improves = pd.Series(rng.random(n_accounts) < 0.3, index=accounts.index)  # from July
    # A few akimats hide criticism, polite complaints included (the same akimat on every platform).
    hides = accounts["akimat_id"].isin(HIDERS)

    # Stratified by platform, then in proportion to each post's comments.
    per_platform = (
        posts.groupby("platform", observed=True)["comments"].transform("sum").to_numpy(float)
    )
    weight = (
        posts["comments"].to_numpy(float)
        / per_platform
        * posts["platform"].map(PLATFORM_SHARE).to_numpy(float)
    )
    pick = rng.choice(len(posts), size=COMMENTS_IN_SAMPLE, p=weight / weight.sum())
    pick.sort()
    c = posts.iloc[pick][
        ["post_id", "account_id", "akimat_id", "platform", "published_at", "topic", "language"]
    ]
    c = c.reset_index(drop=True)
    n = len(c)

    delay_min = np.exp(rng.normal(np.log(90), 1.2, n))
    c["commented_at"] = (c["published_at"] + pd.to_timedelta(np.round(delay_min), unit="min")).clip(
        upper=DAYS[-1] + pd.Timedelta(hours=23, minutes=59)
    )
    probs = np.array([TOPIC_CATEGORIES[t] for t in c["topic"]])
    in_crisis = (
        (c["akimat_id"] == CRISIS_AKIMAT)
        & (c["published_at"] >= DAYS[CRISIS_DAY])
        & (c["published_at"] < DAYS[CRISIS_DAY] + pd.Timedelta(days=5))
    ).to_numpy()
    probs[in_crisis] = [0.40, 0.18, 0.06, 0.04, 0.27, 0.05]
    u = rng.random(n)[:, None]
    category = (u > np.cumsum(probs, axis=1)).sum(axis=1)
    c["category"] = np.array(CATEGORIES)[np.minimum(category, len(CATEGORIES) - 1)]

    kk = c["account_id"].map(accounts["kazakh_share"]).to_numpy()
    p_kk = np.select([c["language"] == "kk", c["language"] == "ru"], [0.85, 0.15], kk)
    c["language"] = np.where(rng.random(n) < p_kk, "kk", "ru")

    # Pass 1: replies.
    month = c["commented_at"].dt.month.to_numpy()
    logit = c["account_id"].map(reply_logit).to_numpy() + c["category"].map(REPLY_LOGIT).to_numpy()
    better = c["account_id"].map(improves).to_numpy() & (month >= 7)
    logit = logit + np.where(better, 1.3, 0.0)
    replied = rng.random(n) < _sigmoid(logit)
    hours = c["account_id"].map(reply_hours).to_numpy() * np.where(better, 0.35, 1.0)
    hours = hours * np.exp(rng.normal(0, 0.7, n))
    reply_time = c["commented_at"] + pd.to_timedelta(np.round(hours * 60), unit="min")
    reply_time = _next_working_time(reply_time) + pd.to_timedelta(
        rng.integers(0, 50, n), unit="min"
    )
    c["replied"] = replied
    c["replied_at"] = reply_time.where(replied)

    # Pass 2: sentiment, steered by how the account replied in the previous month (its reply
    # habits then, which citizens saw), and by whether the page hides criticism.
    improved_before = c["account_id"].map(improves).to_numpy() & (month - 1 >= 7)
    rate = _sigmoid(
        c["account_id"].map(reply_logit).to_numpy() + np.where(improved_before, 1.3, 0.0)
    )
    med = c["account_id"].map(reply_hours).to_numpy() * np.where(improved_before, 0.35, 1.0)
    climate = (
        3.0 * (0.20 - rate)
        + 0.6 * np.log(med / 14.0)
        + np.where(c["account_id"].map(hides), 0.6, 0.0)
    )
    neg_p = _sigmoid(c["category"].map(NEGATIVE_LOGIT).to_numpy() + climate)
    negative = rng.random(n) < neg_p
    positive = ~negative & (rng.random(n) < c["category"].map(POSITIVE_SHARE).to_numpy())
    c["sentiment"] = np.where(negative, "negative", np.where(positive, "positive", "neutral"))

    # The drawn sentiment, kept where the category's templates allow it (a complaint is always
    # negative, praise positive, spam neutral, abuse negative); then the text comes from a template
    # with exactly these labels, so that label and text agree. Negative comments from a worse
    # climate are more often hostile.
    sentiment = [
        texts.allowed_sentiment(cat, sent)
        for cat, sent in zip(c["category"], c["sentiment"], strict=True)
    ]
    c["sentiment"] = sentiment
    hostile_p = _sigmoid(-1.2 + 1.2 * climate)
    akimat_index = {a: i for i, a in enumerate(AKIMAT_IDS)}
    tones, text, gloss = [], [], []
    for i, (cat, sent, topic, lang, akimat) in enumerate(
        zip(c["category"], sentiment, c["topic"], c["language"], c["akimat_id"], strict=True)
    ):
        hostile = bool(rng.random() < hostile_p[i])
        pool = texts.candidates(cat, sent, topic, bool(in_crisis[i]), hostile)
        template = pool[int(rng.integers(len(pool)))]
        places = texts.places_for(akimat_index[akimat])
        t, g = texts.render(template, lang, places[int(rng.integers(len(places)))], rng)
        tones.append(template.tone)
        text.append(t)
        gloss.append(g)
    c["tone"], c["text"], c["text_en"] = tones, text, gloss

    # Policy: trolls are monitored, not answered (module 5's response flow).
    troll = (c["category"] == "abuse_spam").to_numpy()
    c["replied"] = c["replied"].to_numpy() & ~troll
    c["replied_at"] = c["replied_at"].where(c["replied"])

    hide_p = np.select(
        [c["category"] == "abuse_spam", c["category"].isin(["complaint", "misinformation"])],
        [0.55, np.where(c["account_id"].map(hides), 0.30, 0.02)],
        0.0,
    )
    c["hidden_by_page"] = rng.random(n) < hide_p

    c = c.sort_values(["commented_at", "post_id"], kind="stable").reset_index(drop=True)
    c.insert(0, "comment_id", [f"C{i + 1:05d}" for i in range(n)])
    return c[
        [
            "comment_id",
            "post_id",
            "account_id",
            "akimat_id",
            "platform",
            "commented_at",
            "category",
            "sentiment",
            "tone",
            "language",
            "text",
            "text_en",
            "hidden_by_page",
            "replied",
            "replied_at",
        ]
    ]
