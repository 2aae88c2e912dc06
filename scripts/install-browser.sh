#!/usr/bin/env bash
# Installs Debian's chromium for the browser tests when it is missing (Playwright cannot download
# its own browser here). Without root or apt, it says so and the browser tests skip visibly.
set -u
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "install-browser: /usr/bin/chromium is missing and apt-get is not usable here; browser tests will skip" >&2
  exit 0
fi
echo "install-browser: installing Debian chromium for the browser tests" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null && apt-get install -y -qq chromium >/dev/null || {
  echo "install-browser: apt-get install chromium failed; browser tests will skip" >&2
}
exit 0
