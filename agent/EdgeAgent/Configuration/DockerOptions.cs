namespace EdgeAgent.Configuration;

internal sealed class DockerOptions
{
    public string Endpoint { get; set; } = "unix:///var/run/docker.sock";
}
