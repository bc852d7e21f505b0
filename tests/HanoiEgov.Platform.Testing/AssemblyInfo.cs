// Debian's PostgreSQL and Redis run as local processes.
[assembly: System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
