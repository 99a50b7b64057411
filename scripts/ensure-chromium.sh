#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (puppeteer-core never downloads a browser).
# Installs it when missing and this user may; otherwise says exactly what to do.
set -euo pipefail
browser="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$browser" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "Installing Chromium for the browser tests (apt-get install chromium)…"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
	exit 0
fi
echo "The browser tests need Chromium at $browser: run 'sudo apt-get install -y chromium', or set CHROMIUM_PATH." >&2
exit 1
