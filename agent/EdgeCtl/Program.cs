using System.CommandLine;

// The operator CLI. Signing, verification and publishing arrive with issues B and C; the command
// tree is in place so that `edgectl --version` and `--help` already work.
var root = new RootCommand("edgectl: sign, verify and publish EdgeAgent desired state");
var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors)
    {
        Console.Error.WriteLine($"edgectl: {error.Message}");
    }

    return 2;
}

return await parse.InvokeAsync();
