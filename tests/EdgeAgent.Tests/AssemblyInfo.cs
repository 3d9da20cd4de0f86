// The daemon's adapters are Linux's (unix sockets, journald, realpath).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
