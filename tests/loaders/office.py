"""LibreOffice for the round-trip tests: a workbook opened and saved again as a unit with LibreOffice would.

Found on the machine, installed under CI (``scripts/install-office.sh``), or a visible skip.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent


def office():
    """The LibreOffice executable, installing it under CI; a skip when it is not there."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None and os.environ.get("CI"):
        subprocess.run(["bash", str(ROOT / "scripts" / "install-office.sh")], check=True, cwd=ROOT)
        found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None and os.environ.get("CI"):
        pytest.fail("CI 上不能跳过 LibreOffice 测试，但安装后仍找不到 LibreOffice")
    if found is None:
        pytest.skip("没有 LibreOffice：运行 bash scripts/install-office.sh 安装后可测试")
    return found


def convert(path, to, folder):
    """`path` opened and saved by LibreOffice as `to` (``xlsx``, ``pdf``) in `folder`; the new file."""
    folder = Path(folder)
    subprocess.run([office(), f"-env:UserInstallation=file://{folder}/profile", "--headless", "--convert-to", to,
                    "--outdir", str(folder / "out"), str(path)], check=True, capture_output=True, timeout=240)
    return folder / "out" / f"{Path(path).stem}.{to}"
