// The fleet fan-out benchmark's driver (tests/benchmarks/fleet-publish.sh starts the brokers and
// calls it): `pki` makes the fleet's certificates, `run` simulates N devices against brokers that
// are already running and prints figures. Asserts nothing.
using System.CommandLine;
using System.Globalization;
using EdgeAgent.FleetBench;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

var workOption = new Option<string>("--work") { Required = true, Description = "The benchmark's directory (pki/, devices.txt)" };
var devicesOption = new Option<int>("--devices") { Required = true, Description = "How many devices" };

var pki = new Command("pki", "Make the fleet CA, broker, operator and device certificates, the trust root and devices.txt") { workOption, devicesOption };
pki.SetAction(async parse => await FleetPki.CreateAsync(parse.GetValue(workOption)!, parse.GetValue(devicesOption)));

var brokerOption = new Option<string[]>("--broker") { Required = true, Description = "A broker node's URL (repeatable)" };
var protocolOption = new Option<string>("--protocol") { DefaultValueFactory = _ => "mqtt5" };
var labelOption = new Option<string>("--label") { DefaultValueFactory = _ => "broker" };
var roundsOption = new Option<int>("--rounds") { DefaultValueFactory = _ => 3 };
var stormOption = new Option<string?>("--storm") { Description = "A shell command that restarts every broker node at once and returns once they listen" };
var refreshOption = new Option<int>("--refresh-seconds") { DefaultValueFactory = _ => 300, Description = "The devices' broker.refreshSeconds" };
var qosOption = new Option<int>("--subscribe-qos") { DefaultValueFactory = _ => 1, Description = "The devices' broker.subscribeQos" };
var rateOption = new Option<int>("--connect-rate") { Description = "Devices started per second (default 0: all at once)" };
var phaseOption = new Option<int>("--phase-minutes") { DefaultValueFactory = _ => 5, Description = "How long one phase may take before the run reports a timeout" };
var pidFileOption = new Option<string[]>("--pid-file") { Description = "A file holding a broker process's pid (repeatable)" };
var run = new Command("run", "Simulate the fleet against running brokers") { workOption, devicesOption, brokerOption, protocolOption, labelOption, roundsOption, stormOption, refreshOption, qosOption, rateOption, pidFileOption, phaseOption };
run.SetAction(async parse =>
{
    // A phase that does not finish is a figure too (the fleet did not converge within the phase limit): one line, no stack trace.
    var settings = new RunSettings(
        parse.GetValue(workOption)!,
        parse.GetValue(labelOption)!,
        parse.GetValue(devicesOption),
        parse.GetValue(brokerOption)!,
        parse.GetValue(protocolOption)!,
        parse.GetValue(roundsOption),
        parse.GetValue(stormOption),
        parse.GetValue(refreshOption),
        parse.GetValue(qosOption),
        parse.GetValue(rateOption),
        parse.GetValue(pidFileOption) ?? [],
        TimeSpan.FromMinutes(parse.GetValue(phaseOption)));
    await using var fleet = new FleetRun(settings);
    try
    {
        await fleet.RunAsync();
        return 0;
    }
    catch (TimeoutException ex)
    {
        Console.WriteLine(ex.Message);
        return 1;
    }
});

return await new RootCommand("EdgeAgent fleet fan-out benchmark") { pki, run }.Parse(args).InvokeAsync();
