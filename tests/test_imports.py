"""course_utils.imports: platform exports in their real formats become the course's tables."""

import json
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from course_grading.cli import main as course
from course_utils import load
from course_utils.imports import ExportError, import_exports, parse_columns, write_package
from course_utils.imports.readers import decode, parse_datetime, parse_number, roll_over_years

SAMPLES = Path(__file__).resolve().parent.parent / "datasets" / "sample_exports"
META_HEADER = "Post ID,Page name,Publish time,Post type,Date,Views,Reach,Reactions,Comments,Shares"


def _write(tmp_path, name, content: bytes):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


@pytest.fixture(scope="module")
def imported():
    return import_exports(SAMPLES)


# --- readers -----------------------------------------------------------------------------------


def test_numbers_in_every_export_style():
    assert parse_number("1,234") == 1234 and parse_number("1.2K") == 1200
    assert parse_number("12.0") == 12 and parse_number("1 234") == 1234
    for missing in ("undefined", "--", "N/A", "NAN", ""):
        assert parse_number(missing) is None


def test_year_less_dates_in_english_russian_and_kazakh():
    for text in ("16 июля", "July 16", "16 шілде"):
        assert parse_datetime(text, year=2025).date() == pd.Timestamp("2025-07-16").date()


def test_a_year_less_date_without_a_year_anywhere_is_an_error_not_a_guess():
    with pytest.raises(ValueError, match="no year"):
        parse_datetime("16 июля")


def test_december_dates_in_a_january_export_belong_to_the_year_before():
    dates = [parse_datetime("28 декабря", 2026), parse_datetime("2 января", 2026)]
    rolled = roll_over_years(dates, pd.Timestamp("2026-01-03").date())
    assert [d.year for d in rolled] == [2025, 2026]


def test_encodings_are_detected_by_content():
    text = "Дата,Значение"
    assert decode(text.encode("cp1251"), "f") == text
    assert decode(b"\xff\xfe" + text.encode("utf-16-le"), "f") == text
    assert decode(b"\xef\xbb\xbf" + text.encode("utf-8"), "f") == text


# --- Telegram ----------------------------------------------------------------------------------


def _channel(messages):
    return {"name": "Test channel", "type": "public_channel", "id": 7, "messages": messages}


def test_telegram_posts_have_no_views_reach_or_forwards_never_zero(tmp_path):
    data = _channel(
        [
            {"id": 1, "type": "service", "date": "2025-01-01T00:00:00", "action": "create_channel"},
            {
                "id": 2,
                "type": "message",
                "date": "2025-03-01T09:00:00",
                "date_unixtime": "1740801600",
                "text": ["Road works ", {"type": "link", "text": "https://a.kz"}],
                "reactions": [{"type": "emoji", "count": 5}, {"type": "emoji", "count": 2}],
            },
        ]
    )
    result = import_exports(_write(tmp_path, "result.json", json.dumps(data).encode()))
    posts = result["posts"]
    assert len(posts) == 1 and posts.loc[0, "likes"] == 7
    assert posts.loc[0, "content_type"] == "link"
    assert posts.loc[0, "published_at"] == pd.Timestamp("2025-03-01 09:00", tz="Asia/Almaty")
    for column in ("reach", "impressions", "shares"):
        assert pd.isna(posts.loc[0, column])
    assert "no views, forwards or reach" in result.report.text()


def test_a_full_account_export_reads_only_the_chats(tmp_path):
    data = {
        "personal_information": {"phone_number": "+7 700 000 00 00"},
        "contacts": {"list": [{"first_name": "Secret"}]},
        "chats": {
            "list": [
                _channel(
                    [{"id": 1, "type": "message", "date": "2025-01-02T10:00:00", "text": "hi"}]
                )
            ]
        },
    }
    result = import_exports(_write(tmp_path, "result.json", json.dumps(data).encode()))
    assert len(result["posts"]) == 1
    dumped = "".join(t.to_csv() for t in result.tables.values())
    assert "+7 700" not in dumped and "Secret" not in dumped


def test_truncated_json_names_the_file_and_says_what_to_do(tmp_path):
    path = _write(tmp_path, "result.json", b'{"name": "x", "messages": [{"id": 1,')
    result = import_exports(path)
    assert "result.json" in result.report.errors[0] and "Export it again" in result.report.errors[0]


def test_json_that_is_not_a_telegram_export_is_refused_clearly(tmp_path):
    result = import_exports(_write(tmp_path, "data.json", b'{"hello": 1}'))
    assert "not a Telegram Desktop export" in result.report.errors[0]


def test_comment_authors_are_pseudonymised_by_default(imported):
    comments = imported["comments"]
    assert comments["author"].str.startswith("Person ").all()
    assert not comments["author"].str.contains("synthetic").any()


# --- Meta, TikTok, YouTube, X, VK --------------------------------------------------------------


def test_meta_export_with_bom_keeps_16_digit_ids_as_text_and_na_as_missing(tmp_path):
    row = "1810640000000001,Page,01/05/2026 09:42,Photo,Lifetime,N/A,100,5,1,0"
    path = _write(tmp_path, "posts.csv", ("\ufeff" + META_HEADER + "\n" + row).encode())
    posts = import_exports(path)["posts"]
    assert posts.loc[0, "post_id"] == "1810640000000001"
    assert pd.isna(posts.loc[0, "impressions"]) and posts.loc[0, "reach"] == 100
    assert posts.loc[0, "published_at"].month == 1 and posts.loc[0, "published_at"].day == 5


def test_meta_export_resaved_by_excel_imports_with_a_warning(tmp_path):
    row = "1.81064E+16,Page,1/5/2026 9:42,Photo,Lifetime,200,100,5,1,0"
    result = import_exports(_write(tmp_path, "posts.csv", (META_HEADER + "\n" + row).encode()))
    assert len(result["posts"]) == 1
    assert any("1.81064E+16" in w for f in result.report.files for w in f.warnings)


def test_russian_headers_in_utf16_are_recognised(tmp_path):
    header = "Идентификатор публикации,Время публикации,Охват,Реакции,Комментарии,Поделились"
    text = header + "\n" + "1810640000000001,01/05/2026 09:42,100,5,1,2\n"
    posts = import_exports(_write(tmp_path, "p.csv", b"\xff\xfe" + text.encode("utf-16-le")))[
        "posts"
    ]
    assert posts.loc[0, "reach"] == 100 and posts.loc[0, "shares"] == 2


def test_unknown_interface_language_lists_the_columns_and_how_to_map_them(tmp_path):
    text = "Post ID,Publish time,Alcance\n1,01/05/2026 09:42,100\n"
    result = import_exports(_write(tmp_path, "p.csv", text.encode()))
    assert result.report.files[0].rows_imported == 1  # still sound: the id and time are known
    text = "Identificador,Hora de publicación,Alcance\n1,01/05/2026 09:42,100\n"
    result = import_exports(_write(tmp_path, "q.csv", text.encode()))
    error = result.report.errors[0]
    assert "q.csv" in error and "Alcance" in error and "columns=" in error
    mapped = import_exports(
        tmp_path / "q.csv",
        columns=parse_columns(
            "Identificador=post_id,Hora de publicación=published_at,Alcance=reach"
        ),
    )
    assert mapped["posts"].loc[0, "reach"] == 100


def test_a_csv_of_an_unknown_platform_is_refused_naming_the_file(tmp_path):
    result = import_exports(_write(tmp_path, "budget.csv", b"Item,Cost\nPaper,100\n"))
    assert "budget.csv" in result.report.errors[0] and "not an export" in result.report.errors[0]


def test_an_empty_file_and_a_zip_with_nothing_recognisable(tmp_path):
    empty = import_exports(_write(tmp_path, "empty.csv", b""))
    assert "empty" in empty.report.errors[0]
    archive = tmp_path / "misc.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("notes.txt", "hello, world\nsecond, line\n")
    result = import_exports(archive)
    assert any("nothing in this zip" in e for e in result.report.errors)


def test_a_file_where_every_line_is_one_quoted_field_is_unwrapped(tmp_path):
    lines = ['"' + META_HEADER.replace('"', '""') + '"',
             '"1810640000000001,Page,01/05/2026 09:42,Photo,Lifetime,200,100,5,1,0"']  # fmt: skip
    posts = import_exports(_write(tmp_path, "p.csv", "\n".join(lines).encode()))["posts"]
    assert posts.loc[0, "impressions"] == 200


def test_youtube_total_row_is_left_out(imported):
    youtube = imported["posts"][imported["posts"]["platform"] == "youtube"]
    assert len(youtube) == 24


def test_vk_statistics_in_cp1251_become_daily_followers(imported):
    followers = imported["daily_followers"]
    assert (followers["account_id"] == "own-vk").sum() == 365


def test_a_bad_row_is_reported_and_skipped_not_the_whole_file(tmp_path):
    rows = ["1,Page,01/05/2026 09:42,Photo,Lifetime,200,100,5,1,0",
            "2,Page,01/06/2026 09:42,Photo,Lifetime,200,lots,5,1,0",
            "3,Page,01/07/2026 09:42,Photo,Lifetime,50,100,5,1,0"]  # fmt: skip
    result = import_exports(_write(tmp_path, "p.csv", "\n".join([META_HEADER, *rows]).encode()))
    assert list(result["posts"]["post_id"]) == ["1"]
    skipped = result.report.files[0].skipped
    assert any("row 3" in s and "'reach'" in s for s in skipped)
    assert any("row 4" in s and "larger than impressions" in s for s in skipped)


# --- round trip, package, CLI ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("platform", "columns"),
    [
        ("telegram", ["likes", "content_type"]),
        ("facebook", ["reach", "impressions", "likes", "comments", "shares", "content_type"]),
        ("instagram", ["reach", "impressions", "likes", "comments", "shares", "saves"]),
        ("tiktok", ["impressions", "likes", "comments", "shares"]),  # no format in the export
        ("youtube", ["impressions", "likes", "comments", "shares", "content_type"]),
    ],
)
def test_round_trip_equals_the_synthetic_data_in_every_column_the_platform_carries(
    imported, platform, columns
):
    original = load("posts")
    original = original[(original["akimat_id"] == "region_q") & (original["platform"] == platform)]
    back = imported["posts"][imported["posts"]["platform"] == platform]
    assert len(back) == len(original)
    for column in columns:  # TikTok and YouTube give dates without a time: compare as sets
        assert sorted(back[column].astype(str)) == sorted(original[column].astype(str)), column
    assert sorted(back["published_at"].dt.date) == sorted(original["published_at"].dt.date)


def test_the_package_loads_by_name_and_the_raw_exports_are_untouched(tmp_path, imported):
    before = {p: p.read_bytes() for p in sorted(SAMPLES.rglob("*")) if p.is_file()}
    write_package(imported, tmp_path / "my_data")
    posts = load("posts", source=tmp_path / "my_data")
    assert len(posts) == len(imported["posts"])
    assert pd.isna(posts.loc[posts["platform"] == "telegram", "reach"]).all()
    assert {p: p.read_bytes() for p in before} == before
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(tmp_path / "my_data" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]


def test_course_import_prints_the_report_and_writes_the_package(tmp_path, capsys):
    status = course(["import", str(SAMPLES / "youtube"), "--out", str(tmp_path / "o")])
    out = capsys.readouterr().out
    assert status == 0 and "YouTube Studio posts" in out
    assert (tmp_path / "o" / "datapackage.json").exists()


def test_an_unknown_platform_option_is_a_clear_error():
    with pytest.raises(ExportError, match="Unknown platform"):
        import_exports(SAMPLES, platform="myspace")


def test_sample_exports_regenerate_byte_identically(tmp_path):
    from course_utils.synthetic import exports

    for path in exports.write(tmp_path):
        shipped = SAMPLES / path.relative_to(tmp_path)
        assert shipped.read_bytes() == path.read_bytes(), shipped


# --- more export kinds, written here from the platforms' documented formats ------------------


def _xlsx(rows: list[list]) -> bytes:
    """A minimal Office Open XML workbook (one sheet, inline strings): what Excel, TikTok Studio
    and Facebook's later Insights exports produce, without needing a spreadsheet writer."""
    import io
    from xml.sax.saxutils import escape

    def cell(ref, value):
        if isinstance(value, int | float):
            return f'<c r="{ref}"><v>{value}</v></c>'
        return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'

    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    sheet_rows = "".join(
        f'<row r="{r}">'
        + "".join(cell(f"{letters[c]}{r}", v) for c, v in enumerate(row))
        + "</row>"
        for r, row in enumerate(rows, start=1)
    )
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006"
    parts = {
        "[Content_Types].xml": f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{pkg}/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        "</Types>",
        "_rels/.rels": f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{pkg}/relationships">'
        f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" xmlns:r="{rel}">'
        '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{pkg}/relationships">'
        f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{main}">'
        f"<sheetData>{sheet_rows}</sheetData></worksheet>",
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def test_kazakh_interface_headers_are_recognised(tmp_path):
    header = "Жарияланым идентификаторы,Жариялау уақыты,Қамту,Реакциялар,Пікірлер,Бөлісулер"
    text = "\ufeff" + header + "\n1810640000000001,01/05/2026 09:42,340,12,3,4\n"
    posts = import_exports(_write(tmp_path, "жарияланымдар.csv", text.encode()))["posts"]
    row = posts.iloc[0]
    assert (row["reach"], row["likes"], row["comments"], row["shares"]) == (340, 12, 3, 4)
    assert row["post_id"] == "1810640000000001"


def test_an_xlsx_export_is_recognised_by_content_whatever_its_extension(tmp_path):
    rows = [
        ["Post ID", "Page name", "Publish time", "Post type", "Views", "Reach", "Reactions"],
        ["1810640000000001", "Page", "01/05/2026 09:42", "Photo", 220, 150, 9],
        ["1810640000000002", "Page", "01/06/2026 18:05", "Video", 410, 300, 21],
    ]
    path = _write(tmp_path, "Facebook_posts.xls", _xlsx(rows))  # an xlsx saved as .xls
    result = import_exports(path)
    posts = result["posts"]
    assert list(posts["reach"]) == [150, 300] and list(posts["impressions"]) == [220, 410]
    assert posts["post_id"].tolist() == ["1810640000000001", "1810640000000002"]
    assert not result.report.errors


def test_instagram_daily_follows_file_with_sep_line_and_title(tmp_path):
    text = 'sep=,\n"Instagram follows"\n"Date","Primary"\n'
    text += '"2025-12-01T00:00:00","14"\n"2025-12-02T00:00:00","9"\n'
    result = import_exports(_write(tmp_path, "Instagram_follows.csv", text.encode("utf-16")))
    daily = result["daily_followers"]
    assert len(daily) == 2 and not result.report.errors
    assert str(daily["date"].min())[:10] == "2025-12-01"


def test_legacy_x_tweet_activity_metrics(tmp_path):
    header = (
        '"Tweet id","Tweet permalink","Tweet text","time","impressions","engagements",'
        '"engagement rate","retweets","replies","likes","promoted impressions"'
    )
    rows = [
        '"1463547300000000001","https://twitter.com/akimat/status/1463547300000000001",'
        '"Road works on Abay avenue","2021-11-30 16:00 +0000","1520.0","41.0","0.027","3.0",'
        '"2.0","17.0","-"',
    ]
    name = "tweet_activity_metrics_akimat_20211101_20211201_en.csv"
    result = import_exports(_write(tmp_path, name, "\n".join([header, *rows]).encode()))
    post = result["posts"].iloc[0]
    assert post["post_id"] == "1463547300000000001" and post["impressions"] == 1520
    assert (post["shares"], post["comments"], post["likes"]) == (3, 2, 17)
    assert pd.isna(post["reach"])  # X reports impressions, never reach
    # Asia/Almaty, from the time zone database: UTC+6 in 2021 (UTC+5 only since March 2024)
    assert str(post["published_at"]) == "2021-11-30 22:00:00+06:00"


# --- every export kind: TikTok sections as XLSX, YouTube's three files, X's overview, cp1251 ---


def _zip(members: dict[str, bytes]) -> bytes:
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_tiktok_sections_as_xlsx_in_their_zip(tmp_path):
    content = _xlsx(
        [
            ["Video title", "Video link", "Post time", "Video views", "Likes", "Comments",
             "Shares", "Add to Favorites"],
            ["Road repairs: week 3", "https://www.tiktok.com/@akimat/video/7431000000000000001",
             "2025/10/31 18:19:10", "12.4K", "1,030", 45, 12, "undefined"],
            ["Flood warning", "https://www.tiktok.com/@akimat/video/7431000000000000002",
             "2025/10/30 09:05:00", 8100, 410, "--", 9, 3],
        ]
    )  # fmt: skip
    activity = _xlsx([["Date", "Hour", "Active followers"], ["2025-10-30", 9, 310]])
    gender = _xlsx([["Gender", "Distribution"], ["Female", "0.54"], ["Male", "0.46"]])
    path = _write(
        tmp_path,
        "TikTok_2025-10-31.zip",
        _zip(
            {
                "Content.xlsx": content,
                "FollowerActivity.xlsx": activity,
                "FollowerGender.xlsx": gender,
            }
        ),
    )
    result = import_exports(path)
    assert not result.report.errors
    posts = result["posts"].set_index("post_id")
    first = posts.loc["7431000000000000001"]
    assert (first["impressions"], first["likes"], first["comments"]) == (12400, 1030, 45)
    assert pd.isna(first["saves"]) and pd.isna(posts.loc["7431000000000000002", "comments"])
    assert str(first["published_at"]) == "2025-10-31 18:19:10+05:00"
    assert posts["time_known"].all()  # the newer per-video export gives the time
    kinds = {Path(f.name).name.split(" [")[0]: f.recognised_as for f in result.report.files}
    assert "hours when followers are online" in kinds["FollowerActivity.xlsx"]
    assert "followers by gender" in kinds["FollowerGender.xlsx"]


def test_youtube_table_chart_and_totals_together(tmp_path):
    folder = tmp_path / "YouTube_Content_2025"
    _write(
        folder,
        "Table data.csv",
        b"Content,Video title,Video publish time,Duration,Views,Likes\n"
        b'Total,,,,900,40\nabc123XYZ_1,Bridge opening,"Sep 14, 2025",1:02:03,900,40\n',
    )
    _write(
        folder,
        "Chart data.csv",
        b"Date,Content,Video title,Video publish time,Duration,Views\n"
        b'2025-09-14,abc123XYZ_1,Bridge opening,"Sep 14, 2025",3723,610\n'
        b'2025-09-15,abc123XYZ_1,Bridge opening,"Sep 14, 2025",3723,290\n',
    )
    _write(folder, "Totals.csv", b"Date,Views\n2025-09-14,610\n2025-09-15,290\n")
    result = import_exports(folder)
    assert not result.report.errors
    posts = result["posts"]
    assert len(posts) == 1 and posts.iloc[0]["content_type"] == "video"  # 1:02:03 is long
    assert posts.iloc[0]["impressions"] == 900 and not posts.iloc[0]["time_known"]
    said = {Path(f.name).name: f for f in result.report.files}
    assert "daily views per video" in said["Chart data.csv"].recognised_as
    assert "views per day" in said["Totals.csv"].recognised_as
    assert said["Chart data.csv"].rows_imported == said["Totals.csv"].rows_imported == 0


def test_youtube_chart_data_in_russian_is_recognised(tmp_path):
    text = "Дата,Контент,Название видео,Просмотры\n2025-09-14,abc123XYZ_1,Мост,610\n"
    result = import_exports(_write(tmp_path, "Chart data.csv", text.encode("utf-8")))
    assert not result.report.errors
    assert "daily views per video" in result.report.files[0].recognised_as


def test_x_account_overview_is_x_not_tiktok_and_not_imported_as_followers(tmp_path):
    header = (
        "Date,Impressions,Likes,Engagements,Bookmarks,Shares,New follows,Unfollows,Replies,"
        "Reposts,Profile visits,Create Post,Video views,Media views"
    )
    text = header + '\n"Mon, Dec 01, 2025",1697,8,10,0,0,4,2,0,2,0,1,0,0\n'
    result = import_exports(_write(tmp_path, "account_overview_analytics.csv", text.encode()))
    assert not result.report.errors and "daily_followers" not in result.tables
    said = result.report.files[0].recognised_as
    assert said.startswith("X analytics daily follower changes") and "no totals" in said


def test_meta_export_in_cp1251_with_russian_headers(tmp_path):
    header = (
        "Идентификатор публикации,Время публикации,Тип публикации,Охват,Реакции,Комментарии,Репосты"
    )
    text = header + "\n1810640000000007,01/05/2026 09:42,Фото,1 340,12,3,4\n"
    result = import_exports(_write(tmp_path, "Публикации.csv", text.encode("cp1251")))
    assert not result.report.errors, result.report.errors
    post = result["posts"].iloc[0]
    assert post["post_id"] == "1810640000000007" and post["reach"] == 1340
    assert post["content_type"] == "photo" and post["time_known"]


def test_x_legacy_and_new_exports_together_keep_the_time_where_it_was_given(tmp_path):
    from course_utils import own_channel

    legacy = (
        '"Tweet id","Tweet permalink","Tweet text","time","impressions","retweets","replies",'
        '"likes"\n"1463547300000000001","https://twitter.com/a/status/1463547300000000001",'
        '"Road works","2021-11-30 16:00 +0000","1520.0","3.0","2.0","17.0"\n'
    )
    new = (
        "Post id,Date,Post text,Post Link,Impressions,Likes,Replies,Reposts\n"
        '1870000000000000001,"Tue, Dec 02, 2025",Bus routes,https://x.com/a/status/1,900,9,1,2\n'
    )
    _write(tmp_path, "tweet_activity_metrics_a_20211101_20211201_en.csv", legacy.encode())
    _write(tmp_path, "account_analytics_content_2025-12-01_2025-12-31.csv", new.encode())
    posts = import_exports(tmp_path)["posts"].set_index("post_id")
    assert bool(posts.loc["1463547300000000001", "time_known"]) is True
    assert bool(posts.loc["1870000000000000001", "time_known"]) is False
    assert own_channel.date_only_platforms(posts) == []  # some X posts have their time
    assert list(own_channel.with_time(posts).index) == ["1463547300000000001"]


def test_a_line_with_a_stray_delimiter_is_reported_and_the_rest_imported(tmp_path):
    text = META_HEADER + "\n"
    text += "1810640000000001,Page,01/05/2026 09:42,Photo,Lifetime,220,150,9,1,2\n"
    text += "1810640000000002,Page,01/06/2026 10:00,Photo,Lifetime,300,200,5,1,2,extra,cells\n"
    text += "1810640000000003,Page,01/07/2026 11:00,Photo,Lifetime,310,210,6,1,2\n"
    result = import_exports(_write(tmp_path, "Facebook_posts.csv", text.encode()))
    assert result["posts"]["post_id"].tolist() == ["1810640000000001", "1810640000000003"]
    skipped = result.report.files[0].skipped
    assert len(skipped) == 1 and "Facebook_posts.csv, row 3" in skipped[0]


def test_telegram_export_with_a_bom_and_one_cut_off_after_many_messages(tmp_path):
    messages = [
        {"id": n, "type": "message", "date": "2025-01-02T10:00:00", "text": f"post {n}"}
        for n in range(1, 501)
    ]
    text = json.dumps(_channel(messages))
    result = import_exports(_write(tmp_path, "bom/result.json", b"\xef\xbb\xbf" + text.encode()))
    assert len(result["posts"]) == 500 and not result.report.errors
    cut = _write(tmp_path, "cut/result.json", text[: len(text) * 2 // 3].encode())
    result = import_exports(cut)
    assert "posts" not in result.tables or result["posts"].empty  # nothing half-imported
    assert "incomplete or damaged" in result.report.errors[0] and "cut" in result.report.errors[0]
