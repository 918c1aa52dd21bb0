using ServiceManagement.Errors;
using ServiceManagement.Platforms;
using ServiceManagement.Platforms.Launchd;
using ServiceManagement.Tests.Support;
using Xunit;

namespace ServiceManagement.Tests.Platforms.Launchd;

/// <summary>
/// The reader of <c>sfltool dumpbtm</c> over what real Macs printed (Samples/btm, with SOURCES.md saying where each
/// came from and which macOS printed it): every item with every field, then damaged and cut-short dumps.
/// </summary>
public sealed class BackgroundTaskDumpTests
{
    private static IReadOnlyList<BackgroundTaskItem> Read(string name) =>
        BackgroundTaskDump.Parse(File.ReadAllText(Repo.PathOf("tests", "ServiceManagement.Core.Tests", "Samples", "btm", name)), name);

    /// <summary>An item as one line of its fields, so that a test states every field of every item.</summary>
    private static string Line(BackgroundTaskItem i) => string.Join(" | ",
        i.UserId?.ToString() ?? "-", i.Kind, i.Type, i.Legacy ? "legacy" : "-", i.Identifier, i.Label, i.Name ?? "-", i.Developer ?? "-", i.Team ?? "-",
        i.Disposition?.ToString() ?? "-", i.DispositionText ?? "-", i.Verdict, i.Url ?? "-", i.ExecutablePath ?? "-", i.BundleIdentifier ?? "-", i.Parent ?? "-",
        "[" + string.Join(",", i.AssociatedBundleIdentifiers) + "]", "[" + string.Join(",", i.EmbeddedItems) + "]");

    [Fact]
    public void Reads_the_macOS_13_era_dump_of_the_Art_of_Mac_Malware_in_decimal_without_headings()
    {
        Assert.Equal(new[]
        {
            "- | Daemon | legacy daemon | legacy | com.apple.softwareupdate | com.apple.softwareupdate | softwareupdate | - | - | 11 | enabled, allowed, visible, notified | allowed | file:///Library/LaunchDaemons/com.apple.softwareupdate.plist | /Users/User/.local/softwareupdate | - | Unknown Developer | [] | []",
            "- | Daemon | curated legacy daemon | legacy | org.wireshark.ChmodBPF | org.wireshark.ChmodBPF | ChmodBPF | Wireshark | 7Z6EMTD2C6 | 11 | enabled, allowed, visible, notified | allowed | file:///Library/LaunchDaemons/org.wireshark.ChmodBPF.plist | /Library/Application Support/Wireshark/ChmodBPF/ChmodBPF | - | Wireshark | [org.wireshark.Wireshark] | []",
        }, Read("wardle-art-of-mac-malware-2.txt").Select(Line));
    }

    [Fact]
    public void Reads_an_application_its_daemon_inside_the_bundle_and_a_tombstone_of_a_copy_in_the_Trash()
    {
        Assert.Equal(new[]
        {
            "- | App | app | - | 2.sh.gyorgy.keepresso | sh.gyorgy.keepresso | Keepresso | pueev OU | 8SY98BT8RV | 11 | enabled, allowed, notified | allowed | file:///Applications/Keepresso.app/ | - | sh.gyorgy.keepresso | - | [] | [16.sh.gyorgy.keepresso.helper]",
            "- | Daemon | daemon | - | 16.sh.gyorgy.keepresso.helper | sh.gyorgy.keepresso.helper | keepresso-helper | - | - | 2 | disabled, allowed, not notified | off | Contents/Library/LaunchDaemons/sh.gyorgy.keepresso.helper.plist | Contents/MacOS/keepresso-helper | - | 2.sh.gyorgy.keepresso | [] | []",
            "- | App | app | - | 2.com.logi.cp-dev-mgr | com.logi.cp-dev-mgr | Logi Options+ | - | QED4VVPZWA | 2 | disabled, allowed, not notified | off | file:///Library/Application%20Support/Logitech.localized/LogiOptionsPlus/logioptionsplus_agent.app/ | - | com.logi.cp-dev-mgr | - | [] | []",
            "- | App | app | - | 2.sh.gyorgy.keepresso | sh.gyorgy.keepresso | Keepresso | pueev OU | 8SY98BT8RV | 10 | disabled, allowed, notified | off | file:///Users/gyorgy/.Trash/Keepresso%2016.43.20.app/ | - | sh.gyorgy.keepresso | - | [] | []",
        }, Read("keepresso.txt").Select(Line));
    }

    [Fact]
    public void Reads_the_agents_and_daemon_a_user_switched_off_under_their_uid()
    {
        Assert.Equal(new[]
        {
            "501 | Agent | legacy agent | legacy | 8.com.idefeng.disk-cleanup | com.idefeng.disk-cleanup | osascript | - | - | 9 | enabled, disallowed, notified | disallowed | file:///Users/idefeng/Library/LaunchAgents/com.idefeng.disk-cleanup.plist | /usr/bin/osascript | - | Unknown Developer | [] | []",
            "501 | Daemon | legacy daemon | legacy | 16.com.teamviewer.UninstallerWatcher | com.teamviewer.UninstallerWatcher | TeamViewer Uninstaller | TeamViewer Germany GmbH | - | 9 | enabled, disallowed, notified | disallowed | file:///Library/LaunchDaemons/com.teamviewer.UninstallerWatcher.plist | /Library/Application Support/TeamViewer/TeamViewerUninstaller.app/Contents/Helpers/com.teamviewer.UninstallerStarter | - | TeamViewer Germany GmbH | [] | []",
            "501 | Agent | legacy agent | legacy | 8.com.youqu.todesk.client.startup | com.youqu.todesk.client.startup | ToDesk | Hainan Youqu Technology Co., Ltd. | - | 9 | enabled, disallowed, notified | disallowed | file:///Library/LaunchAgents/com.youqu.todesk.startup.plist | /Applications/ToDesk.app/Contents/MacOS/ToDesk | - | Hainan Youqu Technology Co., Ltd. | [] | []",
            "501 | Agent | legacy agent | legacy | 8.com.youqu.todesk.desktop | com.youqu.todesk.desktop | ToDesk | Hainan Youqu Technology Co., Ltd. | - | 9 | enabled, disallowed, notified | disallowed | file:///Library/LaunchAgents/com.youqu.todesk.session.plist | /Applications/ToDesk.app/Contents/MacOS/ToDesk_Session_Proxy | - | Hainan Youqu Technology Co., Ltd. | [] | []",
        }, Read("disk-cleanup-login-items.txt").Select(Line));
    }

    [Fact]
    public void Reads_the_database_lines_flags_a_developer_row_and_an_empty_developer_name()
    {
        Assert.Equal(new[]
        {
            "-2 | Developer | developer | - | Unknown Developer | Unknown Developer | - | - | - | 2 | disabled, allowed, not notified | off | - | - | - | - | [] | [com.apple.amsdstat]",
            "-2 | Daemon | legacy daemon | legacy | 16.com.zerotier.one | com.zerotier.one | launch.sh | - | - | 11 | enabled, allowed, notified | allowed | file:///Library/LaunchDaemons/com.zerotier.one.plist | /Library/Application Support/ZeroTier/One/launch.sh | - | Unknown Developer | [] | []",
            "-2 | Daemon | legacy daemon | legacy | 16.homebrew.mxcl.php@8.2 | homebrew.mxcl.php@8.2 | php-fpm | - | - | 11 | enabled, allowed, notified | allowed | file:///Library/LaunchDaemons/homebrew.mxcl.php@8.2.plist | /opt/homebrew/opt/php@8.2/sbin/php-fpm | - | Unknown Developer | [] | []",
            "-2 | App | app | - | 2.com.adguard.mac.adguard | com.adguard.mac.adguard | AdGuard | - | TC3Q7MAJXF | 10 | disabled, allowed, notified | off | file:///Applications/Adguard.app/ | - | com.adguard.mac.adguard | - | [] | [16.com.adguard.mac.adguard.helper]",
        }, Read("macos-config-notes.txt").Select(Line));
    }

    [Fact]
    public void Reads_macOS_27_with_records_of_two_uids_and_a_main_application_registration()
    {
        Assert.Equal(new[]
        {
            "-2 | Developer | developer | - | Docker | Docker | Docker | Docker | - | 2 | disabled, allowed, not notified | off | - | - | - | - | [] | [16.com.docker.vmnetd]",
            "501 | App | app | - | 2.place.unicorns.udeck | place.unicorns.udeck | uDeck | - | - | 11 | enabled, allowed, notified | allowed | /Applications/uDeck.app | - | place.unicorns.udeck | - | [] | []",
        }, Read("udeck-macos27.txt").Select(Line));
    }

    [Fact]
    public void Reads_macOS_27_a_curated_daemon_disallowed_with_its_associated_application()
    {
        Assert.Equal(new[]
        {
            "-2 | Developer | developer | - | AutoCAD | AutoCAD | AutoCAD | AutoCAD | - | 2 | disabled, allowed, not notified | off | - | - | - | - | [] | [16.com.autodesk.adskaccessservicehost,16.com.autodesk.other]",
            "-2 | Daemon | legacy daemon | legacy | 16.com.autodesk.adskaccessservicehost | com.autodesk.adskaccessservicehost | AdskAccessServiceHost | AutoCAD | XXKJ396S2Y | 9 | enabled, disallowed, notified | disallowed | file:///Library/LaunchDaemons/com.autodesk.adskaccessservicehost.plist | /Library/Application Support/Autodesk/AdODIS/V1/Setup/AdskAccessServiceHost | - | AutoCAD | [com.autodesk.AutoCAD2022] | []",
        }, Read("autocad-macos27.txt").Select(Line));
    }

    [Fact]
    public void Reads_macOS_26_as_captured_with_its_deeper_indentation()
    {
        Assert.Equal(new[]
        {
            "-2 | Daemon | legacy daemon | legacy | 16.de.example.automount-guard | de.example.automount-guard | automount-guard.sh | - | - | 2 | disabled, allowed, not notified | off | file:///Library/LaunchDaemons/de.example.automount-guard.plist | /usr/local/bin/automount-guard.sh | - | - | [] | [16.com.apple.PackageKit.DeferredInstallFixup]",
        }, Read("automount-guard-macos26.txt").Select(Line));
    }

    [Fact]
    public void Reads_last_use_items_without_uuid_a_login_item_inside_its_application_and_an_extension_without_disposition()
    {
        Assert.Equal(new[]
        {
            "-2 | Daemon | legacy daemon | legacy | 16.com.macpaw.CleanMyMac5.Agent | com.macpaw.CleanMyMac5.Agent | com.macpaw.CleanMyMac5.Agent | MacPaw Inc. | S8EX82NJP6 | 11 | enabled, allowed, notified | allowed | /Library/LaunchDaemons/com.macpaw.CleanMyMac5.Agent.plist | /Library/PrivilegedHelperTools/com.macpaw.CleanMyMac5.Agent | - | MacPaw Inc. | [] | []",
            "501 | App | app | - | 2.com.macpaw.CleanMyMac5 | com.macpaw.CleanMyMac5 | CleanMyMac | MacPaw Inc. | - | 11 | enabled, allowed, notified | allowed | /Applications/CleanMyMac.app | - | - | - | [] | [4.com.macpaw.CleanMyMac5.Menu]",
            "501 | Agent | legacy agent | legacy | 8.homebrew.mxcl.ollama | homebrew.mxcl.ollama | ollama | - | - | 11 | enabled, allowed, notified | allowed | /Users/501/Library/LaunchAgents/homebrew.mxcl.ollama.plist | /opt/homebrew/opt/ollama/bin/ollama | - | Unknown Developer | [] | []",
            "501 | LoginItem | login item | - | 4.com.macpaw.CleanMyMac5.Menu | com.macpaw.CleanMyMac5.Menu | CleanMyMac Menu | MacPaw Inc. | - | 10 | disabled, allowed, notified | off | Contents/Library/LoginItems/CleanMyMac_5_Menu.app | - | com.macpaw.CleanMyMac5.Menu | 2.com.macpaw.CleanMyMac5 | [] | []",
            "501 | Agent | legacy agent | legacy | 8.com.google.GoogleUpdater.wake | com.google.GoogleUpdater.wake | GoogleUpdater | Google LLC | - | 3 | enabled, allowed, not notified | allowed | /Users/501/Library/LaunchAgents/com.google.GoogleUpdater.wake.plist | /Users/501/Library/Application Support/Google/GoogleUpdater/Current/GoogleUpdater.app/Contents/MacOS/GoogleUpdater | - | - | [] | []",
            "501 | Other | quicklook | - | 2048.com.canva.affinity.quicklook | com.canva.affinity.quicklook | QuickLookShareExtension (Global).appex | - | - | - | - | unknown | - | - | - | - | [] | []",
        }, Read("cleanmymac-last-use.txt").Select(Line));
    }

    public static TheoryData<string, int, string> Damaged => new()
    {
        // sfltool's refusal (it exits 1 and says so) read as if it were a dump must not be an empty database.
        { "sfltool[915:7291] authorization failed\n", 1, "neither a heading" },
        { "sfltool: not permitted\n #1:\n Name: orphan\n", 1, "before any item" },
        // Cut short inside a field, inside a number, and right after an item began.
        { " #1:\n           Identifier: 16.org.wireshark.ChmodBPF\n                 Type: curated legacy dae", 3, "without its number" },
        { " #1:\n           Identifier: 16.a\n                 Type: daemon (0x10)\n          Disposition: [enabled, allowed, notif", 4, "without its number" },
        { " #1:\n           Identifier: 16.a\n                 Type: daemon (0x10)\n #2:\n", 4, "has no Identifier" },
        // Two items run together without their #N: line, and a line that is no field.
        { " #1:\n           Identifier: 16.a\n                 Type: daemon (0x10)\n           Identifier: 16.b\n", 4, "second 'Identifier'" },
        { " #1:\n           Identifier: 16.a\n                 Type: daemon (0x10)\n\u0000\u0001garbage\n", 4, "neither a heading" },
        { "========================\n Records for UID 99999999999999 : X\n", 2, "is not a user id" },
        { " #1:\n           Identifier: 16.a\n                 Type: daemon (0x999999999999)\n", 3, "out of range" },
        { " #1:\n           Identifier: 16.a\n                 Type: daemon (0x10)\n          Disposition: enabled (0x1)\n", 4, "not [words] (number)" },
        { " #1:\n    #1: 16.a\n", 2, "neither a heading" },
    };

    [Theory]
    [MemberData(nameof(Damaged))]
    public void A_damaged_or_cut_short_dump_is_a_typed_error_naming_the_line(string text, int line, string why)
    {
        var error = Assert.Throws<BackgroundTaskDumpException>(() => BackgroundTaskDump.Parse(text, "dump.txt"));
        Assert.StartsWith($"dump.txt:{line}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(why, error.Message, StringComparison.Ordinal);
        Assert.Equal("BackgroundTaskDumpInvalid", error.Reason);
    }

    [Fact]
    public void A_line_or_a_dump_far_larger_than_any_database_is_refused_before_it_is_read()
    {
        Assert.Contains("characters long", Assert.Throws<BackgroundTaskDumpException>(() => BackgroundTaskDump.Parse(" #1:\n Name: " + new string('x', 70_000) + "\n", "d")).Message, StringComparison.Ordinal);
        Assert.Contains("far smaller", Assert.Throws<BackgroundTaskDumpException>(() => BackgroundTaskDump.Parse(new string(' ', BackgroundTaskDump.MaxLength + 1), "d")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fields_a_later_macOS_adds_are_skipped_and_an_empty_dump_has_no_items()
    {
        var items = BackgroundTaskDump.Parse(" #1:\n           Identifier: 8.a\n                 Type: agent (0x8)\n        Something New: whatever it says\n", "d");
        Assert.Equal("a", Assert.Single(items).Label);
        Assert.Empty(BackgroundTaskDump.Parse(string.Empty, "d"));
    }
}
