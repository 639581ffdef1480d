#!/usr/bin/env bash
# What a realm import cannot set up, done through Keycloak's admin CLI on a running server: our
# "fallback session limits" token mapper on the realm's "roles" client scope, which every client's
# tokens carry (the import creates that scope itself, so the realm JSON cannot add a mapper to it).
# Safe to run again: it adds the mapper only where it is missing.
#
#   docker/configure-realm.sh KEYCLOAK_HOME SERVER_URL REALM ADMIN_USER ADMIN_PASSWORD
set -euo pipefail
if [ $# -ne 5 ]; then sed -n '2,7p' "$0" >&2; exit 2; fi
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
