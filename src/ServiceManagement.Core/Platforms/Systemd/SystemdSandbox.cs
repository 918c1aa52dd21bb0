using ServiceManagement.Model;
using ServiceManagement.Platforms.Freedesktop;

namespace ServiceManagement.Platforms.Systemd;

/// <summary>
/// The sandbox profiles and capabilities as [Service] directives, and back: a unit reads as a profile (and
/// capabilities) only when rendering those gives exactly its sandbox directives, so nothing is lost.
/// </summary>
internal static class SystemdSandbox
{
    /// <summary>
    /// basic: what nearly every daemon tolerates — no new privileges, a private /tmp, /usr, /boot and /etc
    /// read-only, homes read-only, no kernel tuning, modules, logs or clock, no SUID files, real-time or namespaces,
    /// native system calls of the system-service set only, the usual socket families, a 0027 umask.
    /// systemd-analyze security scores a plain daemon with it 4.5 (OK); without any, 9.6 (UNSAFE).
    /// </summary>
    private static readonly (string Key, string Value)[] BasicSandbox =
    {
        ("NoNewPrivileges", "yes"), ("PrivateTmp", "yes"), ("ProtectSystem", "full"), ("ProtectHome", "read-only"),
        ("ProtectKernelTunables", "yes"), ("ProtectKernelModules", "yes"), ("ProtectKernelLogs", "yes"), ("ProtectControlGroups", "yes"),
        ("ProtectClock", "yes"), ("ProtectHostname", "yes"), ("ProtectProc", "invisible"), ("RestrictSUIDSGID", "yes"),
        ("RestrictRealtime", "yes"), ("RestrictNamespaces", "yes"), ("LockPersonality", "yes"), ("SystemCallArchitectures", "native"),
        ("SystemCallFilter", "@system-service"), ("RestrictAddressFamilies", "AF_UNIX AF_INET AF_INET6 AF_NETLINK"),
        ("UMask", "0027"), ("KeyringMode", "private"),
    };

    /// <summary>
    /// strict: basic, and the whole file system read-only but /dev/null and the like, no homes, no devices, no
    /// capabilities, no privileged or resource system calls, only its own processes in /proc, its own user
    /// namespace, IPC and mounts, Internet and local sockets only, a 0077 umask. Scored 1.4 (OK). Not in it:
    /// MemoryDenyWriteExecute, which breaks every JIT (.NET, Java, Node.js) — add it through systemd: extras.
    /// </summary>
    private static readonly (string Key, string Value)[] StrictSandbox = BasicSandbox
        .Where(d => d.Key is not ("SystemCallFilter" or "RestrictAddressFamilies" or "UMask"))
        .Select(d => d.Key switch { "ProtectSystem" => (d.Key, "strict"), "ProtectHome" => (d.Key, "yes"), _ => d })
        .Concat(new[]
        {
            ("PrivateDevices", "yes"), ("DevicePolicy", "closed"), ("PrivateUsers", "yes"), ("PrivateMounts", "yes"), ("ProcSubset", "pid"),
            ("RemoveIPC", "yes"), ("CapabilityBoundingSet", string.Empty), ("SystemCallFilter", "@system-service"),
            ("SystemCallFilter", "~@privileged @resources"), ("RestrictAddressFamilies", "AF_UNIX AF_INET AF_INET6"), ("UMask", "0077"),
        })
        .ToArray();

    /// <summary>Every directive a profile or a capability can write: what reading a sandbox back looks at.</summary>
    private static readonly string[] SandboxKeys = BasicSandbox.Concat(StrictSandbox).Select(d => d.Key)
        .Concat(new[] { "PrivateNetwork", "IPAddressDeny", "IPAddressAllow", "ReadWritePaths", "InaccessiblePaths", "AmbientCapabilities", "DynamicUser" })
        .Distinct(StringComparer.Ordinal)
        .ToArray();

    /// <summary>
    /// The directives of a profile with capabilities over it, each capability replacing what the profile says of
    /// the same thing: network none — PrivateNetwork, only AF_UNIX, every IP denied; local — every IP but localhost
    /// denied; a read-only file system — ProtectSystem=strict (homes read-only unless the profile hides them);
    /// writable and hidden paths — ReadWritePaths, InaccessiblePaths; no devices — PrivateDevices, DevicePolicy=closed;
    /// privileges — CapabilityBoundingSet (and AmbientCapabilities, so that a non-root user has them); a dynamic user.
    /// </summary>
    internal static List<(string Key, string Value)> Directives(SandboxProfile? profile, Confinement? confinement)
    {
        var directives = (profile switch { SandboxProfile.Basic => BasicSandbox, SandboxProfile.Strict => StrictSandbox, _ => Array.Empty<(string Key, string Value)>() }).ToList();
        if (confinement is not { } c)
        {
            return directives;
        }

        void Set(string key, params string[] values)
        {
            var at = directives.FindIndex(d => d.Key == key);
            directives.RemoveAll(d => d.Key == key);
            directives.InsertRange(at < 0 ? directives.Count : at, values.Select(v => (key, v)));
        }

        static string Paths(IEnumerable<string> paths) => string.Join(" ", paths.Select(SystemdSyntax.FormatPlain));

        switch (c.Network)
        {
            case NetworkAccess.None:
                Set("PrivateNetwork", "yes");
                Set("RestrictAddressFamilies", "AF_UNIX");
                Set("IPAddressDeny", "any");
                break;
            case NetworkAccess.Local:
                Set("IPAddressDeny", "any");
                Set("IPAddressAllow", "localhost");
                break;
        }

        if (c.ReadOnlyFileSystem)
        {
            Set("ProtectSystem", "strict");
            if (!directives.Any(d => d.Key == "ProtectHome"))
            {
                Set("ProtectHome", "read-only");
            }
        }

        if (c.WritablePaths.Count > 0)
        {
            Set("ReadWritePaths", Paths(c.WritablePaths));
        }

        if (c.HiddenPaths.Count > 0)
        {
            Set("InaccessiblePaths", Paths(c.HiddenPaths));
        }

        if (c.NoDevices)
        {
            Set("PrivateDevices", "yes");
            Set("DevicePolicy", "closed");
        }

        if (c.Privileges is { } privileges)
        {
            Set("CapabilityBoundingSet", string.Join(" ", privileges));
            Set("AmbientCapabilities", privileges.Count == 0 ? Array.Empty<string>() : new[] { string.Join(" ", privileges) });
        }

        if (c.DynamicUser)
        {
            Set("DynamicUser", "yes");
        }

        return directives;
    }

    /// <summary>
    /// The profile and capabilities that write exactly the unit's sandbox directives, found by writing the
    /// candidates the directives suggest and comparing (a profile already implies some capabilities); none when no
    /// candidate does, so that a hand-made hardening stays as its directives.
    /// </summary>
    internal static (SandboxProfile? Profile, Confinement? Confinement) Read(UnitFile service)
    {
        // One pass over the unit: most units have no sandbox, and then no candidate needs writing to know that.
        var wanted = SandboxKeys.ToDictionary(k => k, _ => new List<string>(), StringComparer.Ordinal);
        var any = false;
        foreach (var entry in service.Sections.Where(s => s.Name == "Service").SelectMany(s => s.Entries))
        {
            if (wanted.TryGetValue(entry.Key, out var values))
            {
                values.Add(entry.Value);
                any = true;
            }
        }

        if (!any)
        {
            return (null, null);
        }

        string? Value(string key) => wanted[key] is { Count: 1 } values ? values[0] : null;
        IEnumerable<T?> Maybe<T>(bool hinted, T value)
            where T : struct => hinted ? new T?[] { null, value } : new T?[] { null };

        var writable = Value("ReadWritePaths") is { } w ? ValueList<string>.From(w.Split(' ')) : ValueList<string>.Empty;
        var hidden = Value("InaccessiblePaths") is { } h ? ValueList<string>.From(h.Split(' ')) : ValueList<string>.Empty;
        var privileges = wanted["CapabilityBoundingSet"] is { Count: 1 } bounding
            ? new ValueList<string>?[] { null, bounding[0].Length == 0 ? ValueList<string>.Empty : ValueList<string>.From(bounding[0].Split(' ')) }
            : new ValueList<string>?[] { null };
        var candidates =
            from profile in new SandboxProfile?[] { SandboxProfile.Strict, SandboxProfile.Basic, null }
            from network in Value("PrivateNetwork") == "yes" ? new NetworkAccess?[] { NetworkAccess.None, null } : Value("IPAddressAllow") == "localhost" ? new NetworkAccess?[] { NetworkAccess.Local, null } : new NetworkAccess?[] { null }
            from readOnly in Maybe(Value("ProtectSystem") == "strict", true)
            from noDevices in Maybe(Value("PrivateDevices") == "yes", true)
            from privilege in privileges
            let confinement = new Confinement
            {
                Network = network, ReadOnlyFileSystem = readOnly == true, WritablePaths = writable, HiddenPaths = hidden,
                NoDevices = noDevices == true, Privileges = privilege, DynamicUser = Value("DynamicUser") == "yes",
            }
            select (Profile: profile, Confinement: confinement);
        foreach (var (profile, confinement) in candidates)
        {
            var rendered = Directives(profile, confinement);
            if (SandboxKeys.All(k => wanted[k].SequenceEqual(rendered.Where(d => d.Key == k).Select(d => d.Value), StringComparer.Ordinal)))
            {
                return (profile, confinement.IsEmpty ? null : confinement);
            }
        }

        return (null, null);
    }
}
