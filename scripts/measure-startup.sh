#!/usr/bin/env bash
# Measures, with a warm build and no containers: the time from the run command to every resource healthy, and the
# platform host's memory at idle. Prints figures; asserts nothing. Usage: scripts/measure-startup.sh [idle-seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/prerequisites.sh
require_dotnet
install_local_servers

idle="${1:-30}"
state=$(mktemp -d /tmp/hanoi-egov-measure-XXXXXX)
chmod 755 "$state"
platform_port=5080
log="$state/apphost.log"
say "Warm build"
dotnet build AppHost/HanoiEgov.AppHost.csproj -c Debug -v quiet -nologo >/dev/null

apphost=""
trap '[ -n "$apphost" ] && kill $apphost 2>/dev/null; wait 2>/dev/null; rm -rf "$state"' EXIT

# Starts the AppHost and waits until every resource is healthy: PostgreSQL and Redis answer, the identity server
# and both portals say Healthy, and the platform's load-balanced endpoint says Healthy ten times in a row (the
# proxy spreads those calls over both replicas).
start_and_wait() {
  start=$(date +%s.%N)
  dotnet run --project AppHost/HanoiEgov.AppHost.csproj --no-build --launch-profile http -- \
    --Infrastructure:Mode=LocalProcesses --Infrastructure:StateDirectory="$state" >"$log" 2>&1 &
  apphost=$!
  local deadline=$(( $(date +%s) + 300 )) streak=0
  while [ "$streak" -lt 10 ]; do
    [ "$(date +%s)" -lt "$deadline" ] || { tail -n 40 "$log"; fail "not healthy within 300 s"; }
    if [ "$(curl -s -m 2 "http://localhost:$platform_port/health" || true)" = "Healthy" ] \
      && [ "$(curl -s -m 2 http://localhost:8080/health || true)" = "Healthy" ] \
      && [ "$(curl -s -m 2 http://localhost:5101/health || true)" = "Healthy" ] \
      && [ "$(curl -s -m 2 http://localhost:5102/health || true)" = "Healthy" ]; then
      streak=$((streak + 1))
    else
      streak=0
      sleep 0.2
    fi
  done
  ready=$(date +%s.%N)
  pg_isready -q -h localhost -p 15432 || fail "PostgreSQL does not answer"
  redis-cli -p 16379 -a "$(cat "$state/redis/password")" --no-auth-warning ping | grep -q PONG || fail "Redis does not answer"
  elapsed=$(echo "$ready - $start" | bc)
}

stop() {
  kill "$apphost"
  wait "$apphost" 2>/dev/null || true
  apphost=""
  while pgrep -f "$state" >/dev/null; do sleep 0.5; done
}

say "First start on an empty state folder (includes initdb and the catalogue import)"
start_and_wait
first=$elapsed
# What the first run stored: catalogue rows in PostgreSQL, and the Redis keys (grain state, reminders, membership).
stored() {
  PGPASSWORD=$(cat "$state/postgres/password") psql -h localhost -p 15432 -U postgres -d egov -tAc \
    'SELECT count(*) FROM catalogue.administrative_units'
  redis-cli -p 16379 -a "$(cat "$state/redis/password")" --no-auth-warning --scan | sort
}
before=$(stored)
say "Idling ${idle}s before reading memory"
sleep "$idle"
rss_of() {
  for pid in $(pgrep -f "bin/Debug/net10.0/HanoiEgov.$1\$" || true); do
    awk '/VmRSS/ {printf "%.0f MiB\n", $2 / 1024}' "/proc/$pid/status"
  done
}
memory=$(rss_of PlatformHost)
identity_memory=$(rss_of IdentityServer)
portal_memory="$(rss_of CitizenPortal) $(rss_of OfficialsPortal)"
stop

say "Second start on the same state folder"
start_and_wait
second=$elapsed
after=$(stored)

printf 'run command to every resource healthy, first start:  %.1f s\n' "$first"
printf 'run command to every resource healthy, second start: %.1f s\n' "$second"
printf 'platform host replica RSS at idle (%ss): %s\n' "$idle" "$(echo $memory)"
printf 'identity server RSS at idle: %s; portals: %s\n' "$(echo $identity_memory)" "$(echo $portal_memory)"
# A restart adds its own cluster's membership key; everything stored before must still be there.
if [ -z "$(comm -23 <(echo "$before") <(echo "$after" | sort))" ]; then
  echo "data survived the restart: $(head -n 1 <<<"$before") catalogue rows and all $(($(wc -l <<<"$before") - 1)) Redis keys kept"
else
  echo "data did NOT survive the restart; lost: $(comm -23 <(echo "$before") <(echo "$after" | sort) | tr '\n' ' ')"
fi
