// The tests start Debian's PostgreSQL and Redis as local processes.
[assembly: System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
