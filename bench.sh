#!/usr/bin/env bash
# The dossier benchmark (not a test): durable submissions per second end to end against pgbench running the same
# SQL at 1, 8 and 32 clients, then worklist and statistics latency with 1,000,000 dossiers loaded, then the time the
# citizen portal takes to render a signed-in citizen's /dossiers and /dossiers/{id} (and the platform calls they
# make), then hash signing round trips through the vendor sandbox and the cost of verifying a signature. Release
# builds; starts its own PostgreSQL, Redis, identity server, platform host, citizen portal and vendor sandbox and
# removes them afterwards. Extra arguments go to the benchmark, e.g.
# --seconds 20 --clients 1,8,32 --dossiers 1000000 --samples 500 --only submissions|queries|portal|signing|faults|interlinked
set -euo pipefail
cd "$(dirname "$0")"
. scripts/prerequisites.sh

require_dotnet
install_local_servers
say "Building (Release)"
dotnet build bench/HanoiEgov.Benchmarks -c Release -v quiet -nologo
say "Running the benchmark"
dotnet run -c Release --no-build --project bench/HanoiEgov.Benchmarks -- "$@"
