#!/usr/bin/env bash
# Install what the browser tests (tests/browser/) need: Debian's chromium, a CJK font and playwright-core.
#
# Only what is missing is installed. playwright-core drives the system chromium (/usr/bin/chromium);
# never run `npx playwright install`: it downloads its own browser, which fails without internet.
# apt-get needs root (or sudo); set SKIP_APT=1 to install only the npm part.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_packages=()
[ -x /usr/bin/chromium ] || apt_packages+=(chromium)
if ! fc-list :lang=zh 2>/dev/null | grep -qi "noto"; then
  apt_packages+=(fonts-noto-cjk)
fi
command -v node >/dev/null 2>&1 || apt_packages+=(nodejs)
command -v npm >/dev/null 2>&1 || apt_packages+=(npm)

if [ "${#apt_packages[@]}" -gt 0 ] && [ "${SKIP_APT:-}" != "1" ]; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
  fi
  echo "安装系统软件包：${apt_packages[*]}"
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${apt_packages[@]}"
fi

if [ ! -d tests/browser/node_modules/playwright-core ]; then
  echo "安装 playwright-core（只用系统的 chromium，不下载浏览器）"
  (cd tests/browser && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-audit --no-fund)
fi

/usr/bin/chromium --version
node --version
