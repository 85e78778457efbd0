#!/usr/bin/env bash
# The README's test command, and what CI runs: installs what the suite needs when it is missing (Debian's chromium
# and chromium-driver for the admin page tests, libfaketime for the clock-ahead run), then runs the whole suite
# twice: once on today's clock, once with the test JVM's clock a year ahead, so that no test passes only because
# its fixtures were written recently.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
faketime_lib() { dpkg -L libfaketime 2>/dev/null | grep -m1 '/libfaketimeMT\.so\.1$' || true; }
[ -n "$(faketime_lib)" ] || missing+=(libfaketime)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "Installing ${missing[*]} (Debian packages the tests need)"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq "${missing[@]}"
fi
lib=$(faketime_lib)
if [ -z "$lib" ] || [ ! -r "$lib" ]; then
  echo "libfaketime is not installed and could not be installed: the clock-ahead run cannot be made" >&2
  exit 1
fi

./mvnw test -Dfaketime.lib="$lib" "$@"
