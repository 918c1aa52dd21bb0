using System.Text;
using ServiceManagement.Cli;
using ServiceManagement.Configuration;
using ServiceManagement.Errors;
using ServiceManagement.Validation;
using Xunit;

namespace ServiceManagement.Tests.Configuration;

/// <summary>
/// Input crafted to break things: injection characters, traversal names, alias bombs, wrong types and
/// huge strings. Each must give a typed error, and converting it must write nothing.
/// </summary>
public class HostileInputTests
{
    private const string Head = "jobs:\n  - name: com.example.job\n    kind: daemon\n    program: /usr/bin/job\n";

    private static readonly string Megabyte = new('x', 1 << 20);

    public static TheoryData<string, string> Inputs()
    {
        var data = new TheoryData<string, string>();
        void Job(string label, string name = "com.example.job", string program = "/usr/bin/job", string extra = "") =>
            data.Add(label, $"jobs:\n  - name: {name}\n    kind: daemon\n    program: {program}\n{extra}");
        void Extra(string label, string extra) => data.Add(label, Head + extra);

        // Injection characters.
        Job("shell metacharacters in the name", name: "\"a;rm -rf /\"");
        Job("command substitution in the name", name: "\"$(reboot)\"");
        Job("backticks in the name", name: "\"`id`\"");
        Job("newline and directive in the name", name: "\"a\\nExecStart=/bin/sh\"");
        Job("pipe in the name", name: "\"a|b\"");
        Job("ampersand in the name", name: "\"a&b\"");
        Job("redirection in the name", name: "\"a>b\"");
        Job("newline and section in the program", program: "\"/bin/sh\\n[Service]\"");
        Job("NUL in the program", program: "\"/usr/bin/x\\0y\"");
        Extra("CRLF and directive in an argument", "    arguments: [\"ok\", \"\\r\\nExecStartPost=/bin/evil\"]\n");
        Extra("newline in an environment value", "    environment: { A: \"1\\nB=2\" }\n");
        Extra("equals sign in an environment name", "    environment: { \"A=B\": x }\n");
        Extra("semicolon in an environment name", "    environment: { \"PATH;rm\": x }\n");
        Extra("terminal escape in the description", "    description: \"\\e]0;title\\a\"\n");
        Extra("newline in the working directory", "    workingDirectory: \"/srv\\nX\"\n");
        Extra("carriage return in a log path", "    standardOutputPath: \"/var/log/x\\r\"\n");
        Extra("newline in a raw systemd key", "    systemd: { \"Service\\n\": { Nice: \"5\" } }\n");
        Extra("NUL in a raw launchd value", "    launchd: { Label: \"a\\0b\" }\n");
        Extra("newline in a dependency", "    dependencies: [\"a\\nb\"]\n");
        Extra("unicode line separator in the description", "    description: \"a\\u2028b\\u0085c\"\n");

        // Traversal.
        Job("parent traversal in the name", name: "../../etc/x");
        Job("dot-dot name", name: "..");
        Job("dot-slash name", name: "./x");
        Job("absolute path as the name", name: "/etc/passwd");
        Job("embedded traversal in the name", name: "x/../../y");
        Job("windows traversal in the name", name: "'..\\..\\windows\\system32\\x'");
        Job("drive path as the name", name: "'C:\\Windows\\x'");
        Job("relative traversal as the program", program: "../../bin/sh");
        Job("dot-dot segments in the program", program: "/usr/../../etc/shadow");
        Extra("relative working directory", "    workingDirectory: ../\n");
        Extra("relative socket path", "    sockets: [{ name: s, protocol: unix, path: run/x.sock }]\n");
        data.Add("traversal in the user", "jobs:\n  - { name: a, kind: agent, scope: user, user: ../root, program: /bin/a }\n");

        // Alias bombs and structure.
        data.Add("billion laughs in lists", Bomb("[", "]"));
        data.Add("billion laughs in mappings", BombMappings());
        data.Add("alias to an undefined anchor", "jobs: *nothing\n");
        data.Add("alias to its own anchor", "jobs: &a [*a]\n");
        data.Add("ten thousand nested lists", "jobs: " + new string('[', 10000) + new string(']', 10000) + "\n");
        data.Add("a thousand nested mappings", string.Concat(Enumerable.Repeat("{a: ", 1000)) + "b" + new string('}', 1000) + "\n");
        data.Add("merge key", "base: &b { kind: daemon }\njobs:\n  - <<: *b\n    name: a\n    program: /a\n");

        // Wrong types.
        data.Add("kind as a number", "jobs: [{ name: a, kind: 5, program: /a }]\n");
        data.Add("kind as a list", "jobs: [{ name: a, kind: [daemon], program: /a }]\n");
        data.Add("name as a mapping", "jobs: [{ name: { a: b }, kind: daemon, program: /a }]\n");
        data.Add("program as a list", "jobs: [{ name: a, kind: daemon, program: [/a] }]\n");
        Extra("arguments as a mapping", "    arguments: { a: b }\n");
        Extra("environment as a string", "    environment: FOO=bar\n");
        Extra("schedule as a string", "    schedule: every 5m\n");
        Extra("restart as a boolean", "    restart: true\n");
        Extra("sockets as a mapping", "    sockets: { name: x }\n");
        Extra("port as a word", "    sockets: [{ name: s, protocol: tcp, port: eighty }]\n");
        Extra("negative open files", "    resourceLimits: { openFiles: -1 }\n");
        Extra("ensure as an unknown word", "    ensure: maybe\n");
        data.Add("jobs as a string", "jobs: all\n");
        data.Add("binary tag", "jobs: !!binary aGVsbG8=\n");
        data.Add("language-specific tag", "jobs: !!python/object/apply:os.system [\"id\"]\n");
        Extra("huge integer", "    resourceLimits: { openFiles: 99999999999999999999999 }\n");

        // One-megabyte strings.
        Job("1 MB name", name: Megabyte);
        Job("1 MB program", program: "/" + Megabyte);
        Extra("1 MB description", $"    description: {Megabyte}\n");
        Extra("1 MB argument", $"    arguments: [{Megabyte}]\n");
        Extra("1 MB environment value", $"    environment: {{ A: {Megabyte} }}\n");
        Extra("1 MB cron expression", $"    schedule: {{ cron: \"{Megabyte}\" }}\n");
        Extra("1 MB unknown key", $"    \"{Megabyte}\": 1\n");

        // Documents that are not configurations.
        data.Add("empty file", string.Empty);
        data.Add("only a comment", "# nothing here\n");
        data.Add("two documents", Head + "---\n" + Head);
        data.Add("duplicate job names", Head + Head.Substring("jobs:\n".Length));
        data.Add("raw NUL byte", "jobs: []\n\0\n");
        return data;
    }

    private static string Bomb(string open, string close)
    {
        var yaml = new StringBuilder($"a0: &a0 {open}lol, lol, lol, lol, lol, lol, lol, lol, lol{close}\n");
        for (var i = 1; i < 10; i++)
        {
            yaml.Append($"a{i}: &a{i} {open}").Append(string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 9))).Append(close).Append('\n');
        }

        return yaml.Append("jobs: *a9\n").ToString();
    }

    private static string BombMappings()
    {
        var yaml = new StringBuilder("a0: &a0 { k: lol }\n");
        for (var i = 1; i < 10; i++)
        {
            yaml.Append($"a{i}: &a{i} {{ ").Append(string.Join(", ", Enumerable.Range(0, 9).Select(k => $"k{k}: *a{i - 1}"))).Append(" }\n");
        }

        return yaml.Append("jobs: [*a9]\n").ToString();
    }

    [Fact]
    public void There_are_at_least_fifty_hostile_inputs()
    {
        Assert.True(Inputs().Count >= 50);
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Gives_a_typed_error_and_writes_nothing(string label, string yaml)
    {
        var directory = Directory.CreateTempSubdirectory("sm-hostile-").FullName;
        try
        {
            var input = Path.Combine(directory, "input.yaml");
            File.WriteAllText(input, yaml);

            var error = Assert.Throws<InvalidDefinitionException>(() => ConfigurationLoader.Load(input));
            Assert.Equal(ErrorKind.InvalidInput, error.Kind);
            Assert.Contains(error.Findings, f => f.Severity == FindingSeverity.Error && f.Location is not null);

            var output = Path.Combine(directory, "output.yaml");
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            var exitCode = SvcmgmtApp.Run(new[] { "convert", input, "--to", "yaml", "--output", output }, stdout, stderr);
            Assert.True(exitCode == 2, $"{label}: exit code {exitCode}\n{stderr}");
            Assert.Equal(new[] { input }, Directory.GetFiles(directory));
            Assert.Empty(stdout.ToString());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
