namespace ServiceManagement.Platforms.Systemd;

/// <summary>How a job's name follows from its service unit's.</summary>
internal static class SystemdUnitNames
{
    /// <summary>
    /// NAME of <c>NAME.service</c>; also of the template <c>NAME@.service</c> when <c>NAME.socket</c> exists and
    /// <c>NAME.service</c> does not: such a socket accepts each connection and starts an instance of the template
    /// named after it, one per connection, so the two are one job (see <see cref="SystemdTranslator.ServiceUnit"/>).
    /// Any other template is a job of its own, <c>NAME@</c> (systemd-journald@.service beside systemd-journald.service
    /// and .socket is one).
    /// </summary>
    public static string JobName(string serviceUnit, Func<string, bool> unitExists)
    {
        var stem = serviceUnit.Substring(0, serviceUnit.Length - ".service".Length);
        var name = stem.Substring(0, Math.Max(0, stem.Length - 1));
        return name.Length > 0 && stem.EndsWith("@", StringComparison.Ordinal) && unitExists(name + ".socket") && !unitExists(name + ".service") ? name : stem;
    }
}
