#!/usr/bin/env bash
# Set up .venv (liangxin + Jupyter) and start JupyterLab on it, with notebooks/ open.
#
#   bash scripts/jupyter.sh                      # prints http://127.0.0.1:<port>/lab?token=...
#   JUPYTER_PORT=9000 bash scripts/jupyter.sh    # a fixed port (default: the first free one from 8888)
#   bash scripts/jupyter.sh --ServerApp.xxx=...  # further options go to `jupyter lab`
#
# The server listens on 127.0.0.1 only and runs the notebooks on .venv's Python (kernel
# "python3" of this environment). It opens a browser only where there is a display. Stop it
# with Ctrl+C. LIANGXIN_JUPYTER_SKIP_SETUP=1 skips the installation steps (the tests use it).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${LIANGXIN_JUPYTER_SKIP_SETUP:-}" != "1" ]; then
  bash scripts/setup.sh
  # Jupyter and the kernel: the "notebook" extra of pyproject.toml.
  .venv/bin/python -m pip install --quiet -e ".[notebook]"
fi

# Kernel "python3" inside .venv runs .venv's Python, whatever other kernels the user has
# (also when the setup is skipped: a fresh test environment has ipykernel but no kernel spec yet).
.venv/bin/python -m ipykernel install --sys-prefix --name python3 \
  --display-name "Python 3 (liangxin .venv)" >/dev/null

if [ ! -x .venv/bin/jupyter-lab ]; then
  echo "未找到 .venv/bin/jupyter-lab：请不带 LIANGXIN_JUPYTER_SKIP_SETUP 运行 bash scripts/jupyter.sh 以安装 Jupyter" >&2
  exit 1
fi

PORT="${JUPYTER_PORT:-}"
if [ -z "$PORT" ]; then
  PORT="$(.venv/bin/python - <<'PY'
import socket
for port in range(8888, 8988):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            continue
        print(port)
        break
PY
)"
fi
if [ -z "$PORT" ]; then
  echo "8888–8987 之间没有空闲端口：请用 JUPYTER_PORT=端口 指定" >&2
  exit 1
fi

# The token is passed through the environment (not the command line, which other users can see).
JUPYTER_TOKEN="${JUPYTER_TOKEN:-$(.venv/bin/python -c 'import secrets; print(secrets.token_hex(24))')}"
export JUPYTER_TOKEN
# Prefer .venv's Jupyter folders (its kernel) over the user's and the system's.
export JUPYTER_PREFER_ENV_PATH=1

EXTRA=()
if [ "$(uname -s)" != "Darwin" ] && [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  EXTRA+=(--no-browser)
fi
if [ "$(id -u)" = "0" ]; then
  EXTRA+=(--allow-root)  # containers and CI machines run as root; Jupyter refuses it otherwise
fi

URL="http://127.0.0.1:${PORT}/lab?token=${JUPYTER_TOKEN}"
echo "Jupyter 地址（仅本机可访问）：${URL}"
echo "笔记本文件夹：$(pwd)/notebooks（从 01_快速上手.ipynb 开始）；按 Ctrl+C 停止。"
exec .venv/bin/jupyter lab --notebook-dir notebooks --ip 127.0.0.1 --port "$PORT" \
  --ServerApp.port_retries=0 ${EXTRA[@]+"${EXTRA[@]}"} "$@"
