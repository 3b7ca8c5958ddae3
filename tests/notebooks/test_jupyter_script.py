"""scripts/jupyter.sh starts a Jupyter server on loopback that answers with the printed token.

Run with LIANGXIN_JUPYTER_SKIP_SETUP=1 (no pip), on a free port, with Jupyter's folders in a
temporary directory; the server is stopped at the end. Skipped when JupyterLab is not
installed in .venv (``bash scripts/jupyter.sh`` installs it).
"""

import json
import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "jupyter.sh"
STARTUP_SECONDS = 90


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url, timeout=5):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.status, response.read()


def test_script_is_valid_bash():
    subprocess.run(["bash", "-n", str(SCRIPT)], check=True)


@pytest.mark.slow
def test_jupyter_script_starts_a_server_on_loopback(tmp_path):
    if not (ROOT / ".venv" / "bin" / "jupyter-lab").exists():
        pytest.skip("JupyterLab is not installed in .venv (bash scripts/jupyter.sh installs it)")
    port = _free_port()
    environ = {**os.environ, "LIANGXIN_JUPYTER_SKIP_SETUP": "1", "JUPYTER_PORT": str(port),
               "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"), "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
               "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "workspaces"), "IPYTHONDIR": str(tmp_path / "ipython")}
    environ.pop("JUPYTER_TOKEN", None)
    environ.pop("DISPLAY", None)
    environ.pop("WAYLAND_DISPLAY", None)
    log = open(tmp_path / "server.log", "wb")
    process = subprocess.Popen(["bash", str(SCRIPT)], cwd=str(tmp_path), env=environ, stdout=subprocess.PIPE,
                               stderr=log, stdin=subprocess.DEVNULL, text=True, start_new_session=True)
    try:
        url = None
        for line in process.stdout:
            found = re.search(r"(http://127\.0\.0\.1:\d+/lab\?token=\w+)", line)
            if found:
                url = found.group(1)
                break
        assert url, f"no URL printed; log:\n{(tmp_path / 'server.log').read_text(errors='replace')[-2000:]}"
        assert f":{port}/" in url
        base, token = url.split("/lab?token=")
        deadline = time.monotonic() + STARTUP_SECONDS
        status = None
        while time.monotonic() < deadline:
            assert process.poll() is None, (tmp_path / "server.log").read_text(errors="replace")[-2000:]
            try:
                status, body = _get(f"{base}/api/status?token={token}")
                break
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.5)
        assert status == 200, "the server did not answer in time"
        assert "started" in json.loads(body)
        status, body = _get(f"{base}/api/contents?token={token}")
        names = {item["name"] for item in json.loads(body)["content"]}
        assert "01_快速上手.ipynb" in names, "the notebooks folder is open"
        status, body = _get(f"{base}/api/kernelspecs?token={token}")
        specs = json.loads(body)
        argv = specs["kernelspecs"][specs["default"]]["spec"]["argv"]
        assert Path(argv[0]).parent == ROOT / ".venv" / "bin", f"the kernel must be .venv's Python: {argv}"
        with pytest.raises(urllib.error.HTTPError):
            _get(f"{base}/api/contents")  # no token, no access
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)
        process.stdout.close()
        log.close()
