#!/usr/bin/env bash
# What a realm import cannot set up, done through Keycloak's admin CLI on a running server: our
# "fallback session limits" token mapper on the realm's "roles" client scope, which every client's
# tokens carry (the import creates that scope itself, so the realm JSON cannot add a mapper to it);
# and, for a realm that existed before the pack, our event listeners beside the ones it has.
# Safe to run again: it adds only what is missing.
#
#   docker/configure-realm.sh KEYCLOAK_HOME SERVER_URL REALM ADMIN_USER ADMIN_PASSWORD
set -euo pipefail
if [ $# -ne 5 ]; then sed -n '2,8p' "$0" >&2; exit 2; fi
kc=$1 server=$2 realm=$3 user=$4 password=$5
cfg=$(mktemp)
trap 'rm -f "$cfg"' EXIT
kcadm() { "$kc/bin/kcadm.sh" "$@" --config "$cfg"; }

kcadm config credentials --server "$server" --realm master --user "$user" --password "$password" >/dev/null
# bash alone below (no awk or grep): the official Keycloak image, where compose runs this, has neither
scope=""
while IFS=, read -r id name; do
  if [ "$name" = roles ]; then scope=$id; fi
done < <(kcadm get client-scopes -r "$realm" --fields id,name --format csv --noquotes)
if [ -z "$scope" ]; then echo "realm $realm has no 'roles' client scope" >&2; exit 1; fi
present=no
while read -r mapper; do
  if [ "$mapper" = pkf-fallback-session-mapper ]; then present=yes; fi
done < <(kcadm get "client-scopes/$scope/protocol-mappers/models" -r "$realm" --fields protocolMapper --format csv --noquotes)
if [ "$present" = yes ]; then
  echo "realm $realm: fallback session limits already in place"
else
  kcadm create "client-scopes/$scope/protocol-mappers/models" -r "$realm" \
    -s name="pkf fallback session limits" -s protocol=openid-connect -s protocolMapper=pkf-fallback-session-mapper
  echo "realm $realm: fallback session limits added to the 'roles' client scope"
fi

# the listeners: fallback sessions cannot keep an identity-provider link; removals are notified
have=()
IFS=, read -r -a have < <(kcadm get "realms/$realm" --fields eventsListeners --format csv --noquotes) || true
missing=()
for wanted in pkf-fallback-limits pkf-passkey-notices; do
  found=no
  for h in "${have[@]}"; do [ "$h" = "$wanted" ] && found=yes; done
  [ "$found" = yes ] || missing+=("$wanted")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "realm $realm: event listeners already in place"
else
  json=""
  for l in "${have[@]}" "${missing[@]}"; do [ -n "$l" ] && json+="\"$l\","; done
  kcadm update "realms/$realm" -s "eventsListeners=[${json%,}]"
  echo "realm $realm: event listeners ${missing[*]} added"
fi
