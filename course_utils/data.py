"""Load the course datasets as typed pandas DataFrames.

    >>> from course_utils import load, list_datasets
    >>> list_datasets()[:3]
    ['survey', 'accounts', 'daily_followers']
    >>> posts = load("posts")

Types follow datasets/datapackage.json: integers stay integers (nullable where a value may be
missing), yes/no columns are booleans, dates and times are time-zone aware (Asia/Almaty), and
columns with a fixed set of values are pandas categories (ordered where the order means something,
such as age groups).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pandas as pd

from .paths import MY_DATA, datasets_dir

TIMEZONE = "Asia/Almaty"

# Where data came from, remembered on every table `load` returns (`frame.attrs["source"]`) so
# charts can say "synthetic data" on the course's invented data and not on a participant's own.
SYNTHETIC = "synthetic"
OWN = "own"
_SEEN: set[str] = set()


def provenance(folder: Path | None = None) -> str:
    """SYNTHETIC for the course datasets and for packages written from the sample exports (their
    datapackage.json says `"synthetic": true`), OWN for a participant's imported data."""
    if folder is None or Path(folder).resolve() == datasets_dir().resolve():
        return SYNTHETIC
    return SYNTHETIC if _package(str(folder)).get("synthetic") else OWN


def remember(frame: pd.DataFrame, source: str) -> pd.DataFrame:
    """Mark a table's provenance (SYNTHETIC or OWN) and note it was seen in this session."""
    frame.attrs["source"] = source
    _SEEN.add(source)
    return frame


def sources_seen() -> frozenset[str]:
    """The provenances of all data loaded or imported in this Python session."""
    return frozenset(_SEEN)


class DatasetError(Exception):
    """A dataset is unknown, missing, or does not match its description."""


def _package(folder: str) -> dict:
    """The data package description, re-read when the file changes (datasets regenerated)."""
    path = Path(folder) / "datapackage.json"
    stat = path.stat() if path.exists() else None
    return _package_version(
        folder, stat.st_mtime_ns if stat else None, stat.st_size if stat else None
    )


@cache
def _package_version(folder: str, mtime_ns: int | None, size: int | None) -> dict:
    path = Path(folder) / "datapackage.json"
    if not path.exists():
        raise DatasetError(
            f"{path} not found. The course datasets should be in {folder}; "
            "run `python -m course_utils.synthetic` to create them."
        )
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise DatasetError(f"{path} is not valid JSON ({err}).") from err


def _resources(folder: Path | None = None) -> dict[str, dict]:
    folder = Path(folder) if folder else datasets_dir()
    return {r["name"]: r for r in _package(str(folder))["resources"]}


def source_dir(source: str | Path | None = None) -> Path:
    """The folder of a data source: the course datasets (None), "my_data" (the participant's
    own imported data, `my_data/` in the course folder), or any folder with a datapackage.json."""
    if source is None:
        return datasets_dir()
    if str(source) == "my_data":
        return MY_DATA
    return Path(source).expanduser()


def list_datasets(source: str | Path | None = None) -> list[str]:
    """Names of every dataset, in the order of datapackage.json."""
    return list(_resources(source_dir(source)))


def _resource(name: str, folder: Path | None = None) -> dict:
    if folder is not None and not (Path(folder) / "datapackage.json").exists():
        raise DatasetError(
            f"There is no imported data in {folder}. Import your exports first: in module 9, or "
            "`course import PATH...` (it writes my_data/ by default)."
        )
    resources = _resources(folder)
    if name not in resources:
        available = ", ".join(resources)
        raise DatasetError(f"There is no dataset called {name!r}. Available datasets: {available}.")
    return resources[name]


def describe(name: str) -> pd.DataFrame:
    """What each column of a dataset means: name, type and description."""
    fields = _resource(name)["schema"]["fields"]
    return pd.DataFrame(
        {
            "column": [f["name"] for f in fields],
            "type": [f["type"] for f in fields],
            "description": [f["description"] for f in fields],
        }
    ).set_index("column")


def _typed(series: pd.Series, field: dict, path: Path) -> pd.Series:
    kind = field["type"]
    name = field["name"]
    try:
        if kind == "integer":
            values = pd.to_numeric(series, errors="raise").astype("Int64")
            return values.astype("int64") if not values.isna().any() else values
        if kind == "number":
            return pd.to_numeric(series, errors="raise").astype("float64")
        if kind == "boolean":
            mapped = series.map({"true": True, "false": False})
            bad = series.notna() & mapped.isna()
            if bad.any():
                raise ValueError(f"expected true or false, found {series[bad].iloc[0]!r}")
            values = mapped.astype("boolean")
            return values.astype(bool) if not values.isna().any() else values
        if kind == "datetime":
            return pd.to_datetime(series, format="ISO8601", utc=True).dt.tz_convert(TIMEZONE)
        if kind == "date":
            return pd.to_datetime(series, format="%Y-%m-%d").dt.tz_localize(TIMEZONE)
        if field.get("categorical"):
            categories = field["constraints"]["enum"]
            unknown = set(series.dropna()) - set(map(str, categories))
            if unknown:
                raise ValueError(f"unexpected values {sorted(unknown)[:5]}; allowed: {categories}")
            dtype = pd.CategoricalDtype(categories, ordered=field.get("categoriesOrdered", False))
            return series.astype(dtype)
        return series.astype("str")
    except (ValueError, TypeError) as err:
        raise DatasetError(f"{path}, column {name!r} ({kind}): {err}") from err


def load(name: str, source: str | Path | None = None) -> pd.DataFrame:
    """Load one course dataset by name, with the column types of datapackage.json.

    Example: ``posts = load("posts")``. ``load("posts", source="my_data")`` loads your own
    channel's posts, imported from platform exports (module 9, or ``course import``). Unknown
    names raise an error that lists the available datasets; ``describe(name)`` says what every
    column means. Each call returns a fresh copy: changing it does not change what the next
    ``load`` returns.
    """
    folder = source_dir(source)
    resource = _resource(name, folder if source is not None else None)
    path = folder / resource["path"]
    stat = path.stat() if path.exists() else None
    key = (str(path), stat.st_mtime_ns if stat else None, stat.st_size if stat else None)
    frame = _read(key, name, str(folder) if source is not None else None).copy()
    return remember(frame, provenance(folder if source is not None else None))


@cache
def _read(key: tuple, name: str, folder: str | None = None) -> pd.DataFrame:
    """Parse a dataset once per file version (path, modification time, size)."""
    resource = _resource(name, Path(folder) if folder else None)
    path = Path(key[0])
    if not path.exists():
        raise DatasetError(
            f"{path} not found. Run `python -m course_utils.synthetic` to recreate the datasets."
        )
    fields = resource["schema"]["fields"]
    expected = [f["name"] for f in fields]
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
    if list(raw.columns) != expected:
        missing = [c for c in expected if c not in raw.columns]
        extra = [c for c in raw.columns if c not in expected]
        raise DatasetError(
            f"{path} does not match its description in datapackage.json: "
            f"missing columns {missing}, unexpected columns {extra}."
        )
    return pd.DataFrame({f["name"]: _typed(raw[f["name"]], f, path) for f in fields})
