#!/usr/bin/env bash
# Runs the whole test suite against real PostgreSQL, Redis, Orleans silos and identity server that the tests start
# themselves, and Debian's Chromium for the single sign-on tests.
# Extra arguments go to 'dotnet test', e.g. --filter "FullyQualifiedName~Unit"
set -euo pipefail
cd "$(dirname "$0")"
. scripts/prerequisites.sh

require_dotnet
install_fonts
install_local_servers with-browser

results="artifacts/test-results"
rm -rf "$results"
say "Restoring and building"
dotnet build HanoiEgov.Platform.sln -c Debug -v quiet -nologo
say "Checking the format (.editorconfig)"
format_status=0
dotnet format HanoiEgov.Platform.sln --verify-no-changes --no-restore -v quiet || format_status=$?
if [ "$format_status" -ne 0 ]; then
  say "The code is not formatted as .editorconfig says (above); 'dotnet format HanoiEgov.Platform.sln' fixes it"
fi
say "Running the tests"
status=0
dotnet test HanoiEgov.Platform.sln -c Debug --no-build --results-directory "$results" \
  --logger "trx;LogFilePrefix=tests" --logger "console;verbosity=normal" "$@" || status=$?

passed=0 failed=0 skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  n=$(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})) failed=$((failed + ${f:-0})) skipped=$((skipped + ${n:-0}))
done
if [ "$failed" -gt 0 ] && command -v python3 >/dev/null; then
  # CI keeps only the end of the output: repeat each failure's name and message here.
  python3 scripts/failed-tests.py "$results"/*.trx
fi
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$status" -eq 0 ] && [ "$passed" -eq 0 ]; then
  fail "no test ran."
fi
if [ "$format_status" -ne 0 ]; then
  fail "the format check failed (see above)."
fi
exit "$status"
