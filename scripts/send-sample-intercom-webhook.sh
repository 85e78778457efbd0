#!/usr/bin/env bash
# Posts a signed Intercom-style webhook notification about one conversation to a running sandbox Kairos.
# Usage: scripts/send-sample-intercom-webhook.sh [created|replied|closed] [conversation-id] [base-url]
#        (defaults: created 215467891234567 http://localhost:8080)
# created: Jane Doe starts the conversation (it becomes an enriched Zendesk ticket); replied: she answers (a public
# comment on that ticket); closed: an admin closes it (recorded; the sandbox also solves the ticket).
# The contact is CONTACT_EMAIL / CONTACT_NAME (default jane@acme.example, Jane Doe); the signing secret is
# INTERCOM_CLIENT_SECRET (default: the sandbox profile's sandbox-intercom-secret).
set -euo pipefail

what="${1:-created}"
conversation="${2:-215467891234567}"
base="${3:-http://localhost:8080}"
base="${base%/}"
secret="${INTERCOM_CLIENT_SECRET:-sandbox-intercom-secret}"
email="${CONTACT_EMAIL:-jane@acme.example}"
name="${CONTACT_NAME:-Jane Doe}"

now="$(date +%s)"
uuid="$(cat /proc/sys/kernel/random/uuid 2>/dev/null || uuidgen 2>/dev/null || echo "$now-$$")"
contact="{\"type\":\"user\",\"id\":\"6650a1b2c3d4e5f600000001\",\"name\":\"$name\",\"email\":\"$email\"}"
source="{\"type\":\"conversation\",\"id\":\"3201547896\",\"delivered_as\":\"customer_initiated\",\"subject\":\"\",\"body\":\"<p>Hi, my Widget Pro order still has not arrived. Can you check?</p>\",\"author\":$contact,\"attachments\":[],\"url\":null}"

case "$what" in
  created)
    topic="conversation.user.created"
    parts="[]" ;;
  replied)
    topic="conversation.user.replied"
    parts="[{\"type\":\"conversation_part\",\"id\":\"$now\",\"part_type\":\"comment\",\"body\":\"<p>The order number is 00000123, in case that helps.</p>\",\"created_at\":$now,\"author\":$contact,\"attachments\":[]}]" ;;
  closed)
    topic="conversation.admin.closed"
    parts="[{\"type\":\"conversation_part\",\"id\":\"$now\",\"part_type\":\"close\",\"body\":\"<p>Your order ships today.</p>\",\"created_at\":$now,\"author\":{\"type\":\"admin\",\"id\":\"1\",\"name\":\"Sandbox Admin\",\"email\":\"admin@sandbox.example\"},\"attachments\":[]}]" ;;
  *)
    echo "unknown notification '$what': use created, replied or closed" >&2
    exit 2 ;;
esac

# Compact JSON on one line: the signature covers these exact bytes.
body="{\"type\":\"notification_event\",\"app_id\":\"sandbox\",\"id\":\"notif_$uuid\",\"topic\":\"$topic\",\"data\":{\"type\":\"notification_event_data\",\"item\":{\"type\":\"conversation\",\"id\":\"$conversation\",\"created_at\":$now,\"updated_at\":$now,\"title\":null,\"source\":$source,\"contacts\":{\"type\":\"contact.list\",\"contacts\":[{\"type\":\"contact\",\"id\":\"6650a1b2c3d4e5f600000001\"}]},\"conversation_parts\":{\"type\":\"conversation_part.list\",\"conversation_parts\":$parts}}},\"links\":{},\"delivery_status\":\"pending\",\"delivery_attempts\":1,\"delivered_at\":0,\"first_sent_at\":$now,\"created_at\":$now,\"self\":null}"

# Intercom signs the raw body with HMAC-SHA1 keyed by the app's client secret and sends it as sha1=<hex>.
signature="sha1=$(printf '%s' "$body" | openssl dgst -sha1 -hmac "$secret" | awk '{print $NF}')"

echo "POST $base/webhooks/intercom ($topic, conversation $conversation, notif_$uuid)"
curl -sS -i -X POST "$base/webhooks/intercom" \
  -H 'Content-Type: application/json' \
  -H 'User-Agent: Intercom-Webhooks' \
  -H "X-Hub-Signature: $signature" \
  --data-binary "$body"
echo
echo
echo "To see the Zendesk ticket of the conversation (its comments are at .../tickets/<id>/comments.json):"
echo "  curl -s -u agent@sandbox.example/token:x '$base/sandbox/zendesk/api/v2/tickets.json?external_id=intercom-conversation-$conversation'"
