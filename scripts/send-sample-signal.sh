#!/usr/bin/env bash
# Raises a sample KNOWN_ISSUE signal (KI-0042, Sync App) by hand on a running sandbox Kairos.
# Usage: scripts/send-sample-signal.sh [base-url]    (default: http://localhost:8080)
# The bearer token comes from KAIROS_API_TOKEN (default: the sandbox profile's sandbox-api-token).
set -euo pipefail

base="${1:-http://localhost:8080}"
base="${base%/}"
token="${KAIROS_API_TOKEN:-sandbox-api-token}"

body='{"type":"KNOWN_ISSUE","recordId":"KI-0042","severity":"HIGH","title":"Sync fails on Android 14","body":"The Sync App stops syncing a few minutes after the Android 14 update. A fix ships this week; until then, reopening the app resumes syncing.","product":"Sync App"}'

echo "POST $base/api/signals (KNOWN_ISSUE KI-0042 on Sync App)"
curl -sS -i -X POST "$base/api/signals" \
  -H 'Content-Type: application/json' \
  -H "Authorization: Bearer $token" \
  --data-binary "$body"
echo
echo
echo "Kairos finds the contacts of accounts that own Sync App in the simulated Salesforce and plans one message each."
echo "To see what the simulated Intercom received (a moment later; this sandbox-only list needs no token):"
echo "  curl -s $base/sandbox/intercom/messages"
