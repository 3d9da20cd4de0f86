namespace EdgeAgent.Core.Reporting;

/// <summary>What a line of a pass report tells.</summary>
public enum PassLineKind
{
    /// <summary>A change the Open vSwitch stage made (or, in a dry run, would make).</summary>
    SwitchChange,

    /// <summary>The Open vSwitch stage's cost: changes, OVSDB round trips, wall time.</summary>
    SwitchStage,

    /// <summary>A step that succeeded.</summary>
    Step,

    /// <summary>A step that failed (or was skipped because one it depends on failed).</summary>
    StepFailed,

    /// <summary>Something the planner cannot converge (an app or a bridge).</summary>
    Problem,

    /// <summary>The Open vSwitch stage failed before planning.</summary>
    SwitchError,

    /// <summary>The desired network was rolled back by commit-confirm, or an app's new version failed its probation.</summary>
    RolledBack,

    /// <summary>Apps whose new version is on probation.</summary>
    Probation,

    /// <summary>A state document of the agent's own could not be used and was set aside.</summary>
    StateSetAside,
}
