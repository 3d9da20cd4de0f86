// edgectl writes key files with Unix permissions.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
