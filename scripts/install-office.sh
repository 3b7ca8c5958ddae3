#!/usr/bin/env bash
# Install what the print tests (tests/viz/test_printing.py) need: LibreOffice Calc and Writer (to
# convert report.xlsx, trend.xlsx and the bulletin to PDF as a person would print them), pdftotext
# and pdftoppm (poppler-utils) and a CJK font. Only what is missing is installed; needs root or sudo.
set -euo pipefail
packages=()
command -v soffice >/dev/null 2>&1 || packages+=(libreoffice-calc libreoffice-writer)
command -v pdftotext >/dev/null 2>&1 || packages+=(poppler-utils)
fc-list :lang=zh 2>/dev/null | grep -qi "noto" || packages+=(fonts-noto-cjk)
if [ "${#packages[@]}" -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "安装系统软件包：${packages[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${packages[@]}"
fi
soffice --version
