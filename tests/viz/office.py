"""LibreOffice for the print tests: converts a workbook or document to PDF as a person prints it.

Found on the machine, installed under CI (``scripts/install-office.sh``), or a visible skip.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent


def _missing():
    return [tool for tool in ("soffice", "pdftotext") if not shutil.which(tool)]


@pytest.fixture(scope="session")
def to_pdf(tmp_path_factory):
    """A function: ``to_pdf(path) -> (pdf path, pages, text)``."""
    missing = _missing()
    if missing and os.environ.get("CI"):
        subprocess.run(["bash", str(ROOT / "scripts" / "install-office.sh")], check=True, cwd=ROOT)
        missing = _missing()
    if missing:
        pytest.skip(f"没有 {'、'.join(missing)}：运行 bash scripts/install-office.sh 安装 LibreOffice 后可测试打印效果")
    profile = tmp_path_factory.mktemp("lo-profile")

    def convert(path):
        out = tmp_path_factory.mktemp("pdf")
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(out), str(path)], check=True, capture_output=True, timeout=240)
        pdf = out / (Path(path).stem + ".pdf")
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        return pdf, text.count("\f"), text

    return convert
