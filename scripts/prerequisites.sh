#!/usr/bin/env bash
# Shared by run.sh and test.sh: checks the .NET SDK and installs Debian's PostgreSQL and Redis when they are missing.

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
fail() { printf '\033[31mERROR: %s\033[0m\n' "$*" >&2; exit 1; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

require_dotnet() {
  command -v dotnet >/dev/null 2>&1 \
    || fail "the .NET SDK is not installed. Install the .NET SDK 10.0.401 or newer, then run this command again."
  local version
  version=$(dotnet --version 2>/dev/null) || fail "'dotnet --version' failed; the .NET SDK looks broken."
  case "$version" in
    10.*|1[1-9].*) ;;
    *) fail "the .NET SDK $version is too old: this platform needs 10.0.401 or newer." ;;
  esac
}

container_runtime_answers() {
  local runtime="${ASPIRE_CONTAINER_RUNTIME:-docker}"
  command -v "$runtime" >/dev/null 2>&1 && timeout 10 "$runtime" info >/dev/null 2>&1
}

postgres_installed() { compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || command -v initdb >/dev/null 2>&1; }
redis_installed() { command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ]; }

# Installs, with apt, what is missing of Debian's PostgreSQL and Redis, and of Chromium and openssl when asked
# ("with-browser": what the tests need besides).
install_local_servers() {
  local missing=()
  postgres_installed || missing+=(postgresql)
  redis_installed || missing+=(redis-server)
  if [ "${1:-}" = "with-browser" ] && [ ! -x /usr/bin/chromium ]; then missing+=(chromium); fi
  # The vendor tests check the sandbox's signatures with openssl cms -verify, as a relying party would.
  if [ "${1:-}" = "with-browser" ] && ! command -v openssl >/dev/null 2>&1; then missing+=(openssl); fi
  [ ${#missing[@]} -eq 0 ] && return 0

  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 \
      || fail "missing ${missing[*]}, and this user cannot install packages. Run: apt-get install -y ${missing[*]} (as root)."
    sudo="sudo"
  fi
  command -v apt-get >/dev/null 2>&1 \
    || fail "missing ${missing[*]} and apt-get is not available. Install them with your system's package manager."
  say "Installing ${missing[*]} with apt-get"
  $sudo apt-get update -qq || fail "apt-get update failed; install ${missing[*]} by hand: apt-get install -y ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" \
    || fail "apt-get could not install ${missing[*]}."
  # Where systemd runs, Debian also starts system-wide servers on 5432 and 6379; the platform's own use other ports.
  postgres_installed && redis_installed || fail "installed ${missing[*]}, but the server programs are still not found."
}
