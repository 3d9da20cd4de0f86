using EdgeAgent.Core.Desired;

namespace EdgeAgent.Core.Planning;

public sealed record CreateContainerStep(DesiredApp App) : PlanStep
{
    public override string Target => App.Name;
    public override string Action => "create";
    public override string Describe() => $"create {App.Name} from {App.Spec.Image} ({App.Resources})";
}
