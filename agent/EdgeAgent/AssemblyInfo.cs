// The agent runs on Linux devices only (systemd, unix sockets, fsync semantics).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
