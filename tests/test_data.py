"""course_utils.data: every dataset loads with the types its schema documents."""

import json
import shutil

import pandas as pd
import pytest

from course_utils.data import DatasetError, describe, list_datasets, load
from course_utils.paths import datasets_dir

PACKAGE = json.loads((datasets_dir() / "datapackage.json").read_text(encoding="utf-8"))
FIELDS = [(r["name"], f) for r in PACKAGE["resources"] for f in r["schema"]["fields"]]


def test_list_datasets_names_every_resource_in_order():
    assert list_datasets() == [r["name"] for r in PACKAGE["resources"]]
    assert {
        "survey",
        "accounts",
        "daily_followers",
        "posts",
        "comments",
        "crisis_timeline",
        "crisis_events",
        "format_experiment",
        "peer_agencies",
    } <= set(list_datasets())


def test_unknown_name_lists_the_available_datasets():
    with pytest.raises(DatasetError) as info:
        load("postz")
    assert "'postz'" in str(info.value)
    for name in list_datasets():
        assert name in str(info.value)


@pytest.mark.parametrize(("dataset", "field"), FIELDS, ids=[f"{d}.{f['name']}" for d, f in FIELDS])
def test_each_column_has_its_documented_type(dataset, field):
    column = load(dataset)[field["name"]]
    kind = field["type"]
    if kind == "datetime":
        assert str(column.dt.tz) == "Asia/Almaty"
    elif kind == "date":
        assert str(column.dt.tz) == "Asia/Almaty" and (column.dropna().dt.hour == 0).all()
    elif kind == "integer":
        assert pd.api.types.is_integer_dtype(column)
    elif kind == "number":
        assert column.dtype == "float64"
    elif kind == "boolean":
        assert pd.api.types.is_bool_dtype(column)
    elif field.get("categorical"):
        assert isinstance(column.dtype, pd.CategoricalDtype)
        assert list(column.cat.categories) == field["constraints"]["enum"]
        assert column.cat.ordered == field.get("categoriesOrdered", False)
    else:
        assert pd.api.types.is_string_dtype(column)


def test_columns_with_missing_values_keep_integers_as_nullable_integers():
    saves = load("posts")["saves"]
    assert str(saves.dtype) == "Int64" and saves.isna().any() and saves.notna().any()


def test_timestamps_are_local_time_in_city_y():
    first = load("posts")["published_at"].min()
    assert first.utcoffset() == pd.Timedelta(hours=5)
    assert first.year == 2025


def test_load_returns_a_fresh_copy_each_time():
    posts = load("posts")
    posts["reach"] = 0
    assert load("posts")["reach"].max() > 0


def test_describe_explains_every_column():
    table = describe("comments")
    assert list(table.index) == list(load("comments").columns)
    assert table["description"].str.len().min() > 5


@pytest.fixture
def broken_datasets(tmp_path, monkeypatch):
    folder = tmp_path / "datasets"
    shutil.copytree(datasets_dir(), folder)
    monkeypatch.setenv("CIVIC_CHANNELS_DATA", str(folder))
    return folder


def test_a_changed_data_package_is_read_again_without_restarting(broken_datasets):
    # regenerating the datasets in a running kernel must not leave load() on the old schema
    describe("accounts")  # read and cached
    package = broken_datasets / "datapackage.json"
    text = json.loads(package.read_text(encoding="utf-8"))
    text["resources"][0]["schema"]["fields"][0]["description"] = "A new description."
    package.write_text(json.dumps(text, indent=1), encoding="utf-8")
    name = text["resources"][0]["name"]
    assert describe(name)["description"].iloc[0] == "A new description."


def test_a_bad_value_names_the_file_and_the_column(broken_datasets):
    path = broken_datasets / "accounts.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(lines[1].split(",")[-1], "nineteen")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DatasetError) as info:
        load("accounts")
    assert "accounts.csv" in str(info.value) and "opened_year" in str(info.value)


def test_a_missing_column_is_reported_with_the_file(broken_datasets):
    path = broken_datasets / "accounts.csv"
    frame = pd.read_csv(path).drop(columns=["platform"])
    frame.to_csv(path, index=False)
    with pytest.raises(DatasetError) as info:
        load("accounts")
    assert "accounts.csv" in str(info.value) and "platform" in str(info.value)


def test_a_missing_file_says_how_to_recreate_it(broken_datasets):
    (broken_datasets / "peer_agencies.csv").unlink()
    with pytest.raises(DatasetError) as info:
        load("peer_agencies")
    assert "python -m course_utils.synthetic" in str(info.value)
