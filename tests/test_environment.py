"""environment.yml (conda, Binder) must ask for the same packages and versions as pyproject.toml."""

import re
import tomllib
from pathlib import Path

import yaml  # PyYAML comes with jupyter-events

ROOT = Path(__file__).resolve().parent.parent
CONDA_NAMES = {"tzdata": "python-tzdata"}  # PyPI name -> conda-forge name where they differ


def _split(requirement: str) -> tuple[str, str]:
    match = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", requirement)
    name, spec = match.group(1).lower().replace("_", "-"), match.group(2).replace(" ", "")
    return name, spec


def _pyproject_requirements() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        requirements += extra
    return dict(_split(r) for r in requirements)


def _conda_requirements() -> tuple[dict[str, str], list]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda, pip = {}, []
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip += dep.get("pip", [])
        else:
            name, spec = _split(dep)
            conda[name] = spec
    return conda, pip


def _with_pip_only(conda: dict, pip: list) -> dict:
    """conda's packages plus those environment.yml installs with pip (PyPI-only packages)."""
    return {**conda, **dict(_split(r) for r in pip if not r.startswith("-"))}


def test_environment_yml_has_every_pyproject_package_with_the_same_versions():
    wanted = {CONDA_NAMES.get(n, n): spec for n, spec in _pyproject_requirements().items()}
    conda, pip = _conda_requirements()
    conda = _with_pip_only(conda, pip)
    missing = sorted(set(wanted) - set(conda))
    assert not missing, f"environment.yml lacks {missing} (listed in pyproject.toml)"
    differ = {n: (wanted[n], conda[n]) for n in wanted if wanted[n] != conda[n]}
    assert not differ, f"versions differ between pyproject.toml and environment.yml: {differ}"


def test_environment_yml_has_no_package_that_pyproject_lacks():
    wanted = {CONDA_NAMES.get(n, n) for n in _pyproject_requirements()}
    conda, pip = _conda_requirements()
    conda = _with_pip_only(conda, pip)
    extra = sorted(set(conda) - wanted - {"python", "pip"})
    assert not extra, f"environment.yml has {extra}, which pyproject.toml does not list"


def test_environment_yml_installs_course_utils_with_pip_and_the_same_python():
    conda, pip = _conda_requirements()
    assert "-e ." in pip, "environment.yml should install course_utils with `pip install -e .`"
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert conda["python"] == requires
