// These tests drive the Linux agent against a real Docker engine.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
