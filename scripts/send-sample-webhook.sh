#!/usr/bin/env bash
# Posts a signed Zendesk event-subscription webhook (ticket.created) to a running sandbox Kairos.
# Usage: scripts/send-sample-webhook.sh [ticket-id] [base-url]    (defaults: 35436 http://localhost:8080)
# The signing secret comes from ZENDESK_WEBHOOK_SECRET (default: the sandbox profile's sandbox-webhook-secret).
set -euo pipefail

ticket_id="${1:-35436}"
base="${2:-http://localhost:8080}"
base="${base%/}"
secret="${ZENDESK_WEBHOOK_SECRET:-sandbox-webhook-secret}"

case "$ticket_id" in
  35436) requester_id=9001 ;;
  35437) requester_id=9002 ;;
  35438) requester_id=9003 ;;
  *) requester_id="${REQUESTER_ID:-9001}" ;;
esac

now="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
event_id="$(cat /proc/sys/kernel/random/uuid 2>/dev/null || uuidgen 2>/dev/null || echo "sample-$(date +%s)-$$")"

# Compact JSON on one line: the signature covers these exact bytes.
body="$(printf '{"type":"zen:event-type:ticket.created","account_id":88888888,"id":"%s","time":"%s","zendesk_event_version":"2022-11-06","subject":"zen:ticket:%s","detail":{"id":"%s","requester_id":"%s","status":"OPEN","tags":["web"],"via":{"channel":"web"},"created_at":"%s","updated_at":"%s"},"event":{}}' \
  "$event_id" "$now" "$ticket_id" "$ticket_id" "$requester_id" "$now" "$now")"

# Zendesk signs timestamp + body with the secret used as a plain UTF-8 key, and sends the raw digest in base64.
signature="$(printf '%s%s' "$now" "$body" | openssl dgst -sha256 -hmac "$secret" -binary | base64)"

echo "POST $base/webhooks/zendesk (ticket $ticket_id, event $event_id)"
curl -sS -i -X POST "$base/webhooks/zendesk" \
  -H 'Content-Type: application/json' \
  -H 'User-Agent: Zendesk Webhook' \
  -H "X-Zendesk-Webhook-Id: 01SAMPLEWEBHOOK" \
  -H "X-Zendesk-Webhook-Signature-Timestamp: $now" \
  -H "X-Zendesk-Webhook-Signature: $signature" \
  --data-binary "$body"
echo
echo
echo "To see what Kairos wrote on the ticket:"
echo "  curl -s -u agent@sandbox.example/token:x $base/sandbox/zendesk/api/v2/tickets/$ticket_id/comments.json"
