using System.Text.Json.Serialization;
using EdgeAgent.Core.Admission;
using EdgeAgent.Core.Reporting;
using EdgeAgent.Core.Rollouts;

namespace EdgeAgent.Core.Tests.Reporting;

/// <summary>The open enums on their own, as the wire documents carry them.</summary>
[JsonSerializable(typeof(RejectionReason))]
[JsonSerializable(typeof(RolloutPhase))]
[JsonSerializable(typeof(AgentUpdateResult))]
internal sealed partial class OpenEnumJsonContext : JsonSerializerContext;
