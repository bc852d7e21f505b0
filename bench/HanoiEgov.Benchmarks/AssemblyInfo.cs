// PostgreSQL, Redis and pgbench run as local processes of a Linux machine.
[assembly: System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
