#!/usr/bin/env bash
# What public monitoring scripts for the real Enterprise Manager do (Grafana/InfluxDB/Telegraf
# collectors: jorgedlcruz/veeam-enterprise_manager-grafana veeam_enterprisemanager.sh,
# javadmohebbi/Veeam-EnterpriseManager-api-Grafana get-veeam-ent.sh), against emsec:
#   log on with JSON, strip a UTF-8 BOM, read SessionId, token = base64(SessionId) sent as header
#   and cookie, read /api/security/roles (200), log out through the logon's Location (204), 401 after;
#   then the XML flavour: log on with an empty form body, grep <SessionId>, header only.
# Usage: EMSEC_API=http://127.0.0.1:9399/api EMSEC_USER='EMSEC\Administrator' EMSEC_PASSWORD=… monitoring.sh
set -euo pipefail

api="${EMSEC_API:?EMSEC_API is required}"
auth=$(echo -ne "$EMSEC_USER:$EMSEC_PASSWORD" | base64 -w0)
headers=$(mktemp)
trap 'rm -f "$headers"' EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }
status() { curl -s -o /dev/null -w '%{http_code}' "$@"; }

# 1. JSON logon, as veeam_enterprisemanager.sh writes it (BOM stripped with awk, then the field).
body=$(curl -s -X POST "$api/sessionMngr/?v=latest" -H "Authorization:Basic $auth" -H "Content-Length: 0" -H "Accept: application/json" -D "$headers" \
  | awk 'NR==1{sub(/^\xef\xbb\xbf/,"")}1')
session_id=$(printf '%s' "$body" | sed -n 's/.*"SessionId":"\([^"]*\)".*/\1/p')
[ -n "$session_id" ] || fail "no SessionId in the logon body: $body"
token=$(echo -ne "$session_id" | base64 -w0)
# Clients that grep the headers case-sensitively, as written by the product.
location=$(grep '^Location: ' "$headers" | cut -d' ' -f2- | tr -d '\r')
sent=$(grep '^X-RestSvcSessionId: ' "$headers" | cut -d' ' -f2- | tr -d '\r')
[ -n "$location" ] || fail "no 'Location:' header on the logon: $(cat "$headers")"
[ "$sent" = "$token" ] || fail "X-RestSvcSessionId '$sent' is not base64 of the SessionId '$session_id'"

code=$(status "$api/security/roles" -H "Accept:application/json" -H "X-RestSvcSessionId: $token" -H "Cookie: X-RestSvcSessionId=$token" -H "Content-Length: 0")
[ "$code" = 200 ] || fail "GET /security/roles with header and cookie: $code"
code=$(status "$api/security/roles" -H "Cookie: X-RestSvcSessionId=$token")
[ "$code" = 200 ] || fail "GET /security/roles with the cookie alone: $code"

code=$(status -X DELETE "$location" -H "X-RestSvcSessionId: $token")
[ "$code" = 204 ] || fail "DELETE $location: $code"
code=$(status "$api/security/roles" -H "Accept:application/json" -H "X-RestSvcSessionId: $token")
[ "$code" = 401 ] || fail "GET /security/roles after logout: $code"

# 2. XML logon, as get-veeam-ent.sh writes it: an empty form-encoded body, SessionId grepped from XML.
xml=$(curl --silent -d "" -X POST "$api/sessionMngr/?v=latest" -H "Content-Type: application/x-www-form-urlencoded" -H "Authorization: Basic $auth")
session_id=$(printf '%s' "$xml" | grep -o '<SessionId>[^<]*' | head -n1 | sed 's/<SessionId>//')
[ -n "$session_id" ] || fail "no <SessionId> in the XML logon body: $xml"
code=$(curl --silent -o /dev/null -w '%{http_code}' -d "" -X GET "$api/security/roles" -H "Accept: application/json" -H "X-RestSvcSessionId: $(echo -n "$session_id" | base64 -w0)")
[ "$code" = 200 ] || fail "GET /security/roles (XML logon, GET with an empty form body): $code"

echo "ok"
