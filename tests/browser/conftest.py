"""Headless Chromium for the browser tests: found, installed under CI, or a visible skip."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

collect_ignore = ["node_modules"]

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
INSTALL = "bash scripts/install-browser.sh"


def _missing():
    missing = []
    if not os.access(CHROMIUM, os.X_OK):
        missing.append(f"chromium（{CHROMIUM}）")
    if not shutil.which("node"):
        missing.append("node")
    if not (HERE / "node_modules" / "playwright-core").is_dir():
        missing.append("tests/browser/node_modules/playwright-core")
    return missing


def _node(script, *arguments, timeout):
    """Run one of this folder's scripts in Node.js with the browser; its JSON report."""
    command = ["node", str(HERE / script), *map(str, arguments)]
    done = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", timeout=timeout,
                          env={**os.environ, "CHROMIUM": CHROMIUM})
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="session")
def browser():
    """A function running check_page.mjs on a page and returning its JSON report.

    Skips with the reason when the browser tools are absent, except under CI, where they are
    installed first and their absence is a failure.
    """
    missing = _missing()
    if missing and os.environ.get("CI"):
        subprocess.run(["bash", str(ROOT / "scripts" / "install-browser.sh")], check=True, cwd=ROOT)
        missing = _missing()
        if missing:
            pytest.fail(f"CI 上浏览器测试不能跳过，但安装后仍缺少：{'、'.join(missing)}")
    if missing:
        pytest.skip(f"浏览器测试需要 {'、'.join(missing)}：运行 {INSTALL} 安装（CI 上会自动安装，不会跳过）")

    def run(page, *options, timeout=180):
        return _node("check_page.mjs", page, *options, timeout=timeout)

    return run


@pytest.fixture(scope="session")
def drive(browser, tmp_path_factory):
    """A function driving a page step by step with drive_page.mjs (see its header) and returning its JSON report."""
    folder = tmp_path_factory.mktemp("steps")

    def run(page, steps, timeout=300):
        steps_file = folder / f"steps-{len(list(folder.iterdir()))}.json"
        steps_file.write_text(json.dumps(steps, ensure_ascii=False), encoding="utf-8")
        return _node("drive_page.mjs", page, steps_file, timeout=timeout)

    return run


@pytest.fixture(scope="session")
def screenshots():
    """The folder the browser tests leave their screenshots in, for a person to look at (README)."""
    folder = HERE / "screenshots"
    folder.mkdir(exist_ok=True)
    return folder
