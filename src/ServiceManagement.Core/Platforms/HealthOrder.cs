namespace ServiceManagement.Platforms;

/// <summary>How a health listing is ordered: by name, or by memory or CPU time, largest first.</summary>
public enum HealthOrder
{
    Name,
    Memory,
    Cpu,
}
