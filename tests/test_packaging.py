"""The wheel installs one top-level package, ``liangxin``, with every subpackage and data file."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _pyproject():
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_every_source_package_is_listed_under_its_installed_name():
    setuptools = _pyproject()["tool"]["setuptools"]
    folders = setuptools["package-dir"]  # installed name -> source folder
    found = set()
    for name, folder in folders.items():
        if "." in name and name.rsplit(".", 1)[0] in folders and folder.startswith(folders[name.rsplit(".", 1)[0]]):
            continue
        for init in (ROOT / folder).rglob("__init__.py"):
            relative = init.parent.relative_to(ROOT / folder).parts
            found.add(".".join([name, *relative]))
    assert found == set(setuptools["packages"])


def test_one_top_level_name():
    setuptools = _pyproject()["tool"]["setuptools"]
    assert {name.split(".")[0] for name in setuptools["packages"]} == {"liangxin"}
    assert {name.split(".")[0] for name in setuptools["package-dir"]} == {"liangxin"}


def test_the_wheel_holds_only_liangxin_and_its_data(tmp_path):
    """Build the wheel as ``pip install .`` does and look inside it."""
    import subprocess
    import sys
    import zipfile

    import shutil

    had_build = (ROOT / "build").exists()
    try:
        subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(tmp_path), str(ROOT)],
                       check=True, capture_output=True)
    finally:
        if not had_build:  # setuptools leaves build/ in the checkout
            shutil.rmtree(ROOT / "build", ignore_errors=True)
    wheel, = tmp_path.glob("liangxin-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert {name.split("/")[0] for name in names if not name.split("/")[0].endswith(".dist-info")} == {"liangxin"}
    for needed in ("liangxin/cli.py", "liangxin/commands/_click.py", "liangxin/graph/network.py",
                   "liangxin/loaders/validate.py", "liangxin/queries/default_rules.toml", "liangxin/viz/report.py",
                   "liangxin/loaders/districts.toml"):
        assert needed in names
