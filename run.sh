#!/usr/bin/env bash
# Runs the whole platform: the Aspire AppHost with its dashboard, PostgreSQL, Redis, the Orleans cluster and
# two replicas of the platform host. Extra arguments go to the AppHost, e.g. --Infrastructure:Mode=LocalProcesses
set -euo pipefail
cd "$(dirname "$0")"
. scripts/prerequisites.sh

require_dotnet
install_fonts
if container_runtime_answers; then
  say "A container runtime answers: PostgreSQL and Redis will run as containers"
else
  say "No container runtime answers: PostgreSQL and Redis will run as local processes"
  install_local_servers
fi

say "Restoring and building"
dotnet build AppHost/HanoiEgov.AppHost.csproj -c Debug -v quiet -nologo
say "Starting the AppHost; the dashboard's login link follows (Ctrl+C stops everything)"
exec dotnet run --project AppHost/HanoiEgov.AppHost.csproj --no-build --launch-profile http -- "$@"
