BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'Common.ps1')
    & bash -c 'ln -sf /dev/null /etc/systemd/system/sm-pester-masked.service && mkdir -p /home/smtest/.config/systemd/user && printf "[Service]\nExecStart=/bin/sleep 1000\n" > /home/smtest/.config/systemd/user/sm-pester-shared.service && printf "[Service]\nExecStart=/bin/sleep 1000\n" > /etc/systemd/system/sm-pester-shared.service && chown -R smtest:smtest /home/smtest/.config && systemctl daemon-reload'
}

AfterAll {
    & bash -c 'rm -f /etc/systemd/system/sm-pester-masked.service /etc/systemd/system/sm-pester-shared.service /home/smtest/.config/systemd/user/sm-pester-shared.service && systemctl daemon-reload'
}

Describe 'Get-BackgroundJobDefinition' {
    It 'lists every job of the machine, vendor units and templates included' {
        $jobs = Get-BackgroundJobDefinition
        $files = @(& bash -c 'ls /lib/systemd/system/*.service /etc/systemd/system/*.service | xargs -n1 basename | sort -u').Count
        $jobs.Count | Should -BeGreaterOrEqual ($files - 5)
        ($jobs | Where-Object Name -eq 'getty@').Kind | Should -Be 'Daemon'
    }

    It 'matches wildcards and selects by kind and user' {
        @(Get-BackgroundJobDefinition -Name 'getty*').Name | ForEach-Object { $_ | Should -BeLike 'getty*' }
        @(Get-BackgroundJobDefinition -Name sm-pester-shared).Count | Should -Be 2
        $agent = Get-BackgroundJobDefinition -Name sm-pester-shared -Kind Agent -User smtest
        $agent.Scope | Should -Be 'User'
        $agent.SourcePath | Should -Be '/home/smtest/.config/systemd/user/sm-pester-shared.service'
    }

    It 'binds names from the pipeline by property name' {
        ([pscustomobject]@{ Name = 'sm-pester-shared'; Kind = 'Daemon' } | Get-BackgroundJobDefinition).SourcePath | Should -Be '/etc/systemd/system/sm-pester-shared.service'
    }

    It 'reports a masked unit as disabled, with no warning (information goes to the verbose stream)' {
        $output = Get-BackgroundJobDefinition -Name sm-pester-masked -Verbose 3>&1 4>&1
        @($output | Where-Object { $_ -is [System.Management.Automation.WarningRecord] }).Count | Should -Be 0
        @($output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -match 'masked' }).Count | Should -Be 1
        ($output | Where-Object { $_.PSObject.TypeNames -contains 'ServiceManagement.Model.BackgroundJobDefinition' }).StartupType | Should -Be 'Disabled'
        (Get-UnitProperty -Unit sm-pester-masked.service -Property LoadState) | Should -Be 'masked'
    }

    It 'reads a macOS volume with -Root and -Platform MacOS, read-only, and refuses -Platform without -Root' {
        $volume = Join-Path $TestDrive 'macos'
        $plist = { param($path, $label, $entries)
            $file = Join-Path $volume $path
            New-Item -ItemType Directory -Force -Path (Split-Path $file) | Out-Null
            Set-Content -Path $file -Value "<?xml version=`"1.0`" encoding=`"UTF-8`"?><plist version=`"1.0`"><dict><key>Label</key><string>$label</string>$entries</dict></plist>"
        }
        & $plist 'Library/LaunchDaemons/com.vendor.helper.plist' 'com.vendor.helper' '<key>ProgramArguments</key><array><string>/opt/vendor/helper</string></array><key>KeepAlive</key><true/>'
        & $plist 'Users/alice/Library/LaunchAgents/com.alice.sync.plist' 'com.alice.sync' '<key>ProgramArguments</key><array><string>/usr/local/bin/sync</string></array><key>StartInterval</key><integer>600</integer>'
        $before = Get-ChildItem -Recurse -File $volume | ForEach-Object { "$($_.FullName) $($_.Length) $($_.LastWriteTimeUtc.Ticks)" }

        $jobs = Get-BackgroundJobDefinition -Root $volume -Platform MacOS
        $daemon = $jobs | Where-Object Name -eq 'com.vendor.helper'
        ($daemon.Kind, $daemon.Scope, $daemon.Program) | Should -Be @('Daemon', 'System', '/opt/vendor/helper')
        $agent = $jobs | Where-Object Name -eq 'com.alice.sync'
        ($agent.Kind, $agent.Scope, $agent.User, $agent.Schedule.Every.TotalSeconds) | Should -Be @('Agent', 'User', 'alice', 600)
        (Get-ChildItem -Recurse -File $volume | ForEach-Object { "$($_.FullName) $($_.Length) $($_.LastWriteTimeUtc.Ticks)" }) | Should -Be $before

        $yaml = Export-BackgroundJobConfiguration -Root $volume -Platform MacOS -Name com.vendor.helper
        $yaml | Should -Match 'name: com.vendor.helper'
        $yaml | Should -Match 'program: /opt/vendor/helper'

        { Get-BackgroundJobDefinition -Platform MacOS -ErrorAction Stop } | Should -Throw -ErrorId 'GetBackgroundJobDefinitionPlatformWithoutRoot,ServiceManagement.PowerShell.Commands.GetBackgroundJobDefinitionCommand'
        { Get-BackgroundJobDefinition -Root $volume -Platform Windows } | Should -Throw -ErrorId 'ParameterArgumentValidationError,ServiceManagement.PowerShell.Commands.GetBackgroundJobDefinitionCommand'
    }

    It 'shows with -BackgroundTaskDump what Login Items says of each job of a macOS volume, and lists what applications registered' {
        $volume = Join-Path $TestDrive 'macos-btm'
        $file = Join-Path $volume 'Users/alice/Library/LaunchAgents/com.alice.sync.plist'
        New-Item -ItemType Directory -Force -Path (Split-Path $file) | Out-Null
        Set-Content -Path $file -Value '<?xml version="1.0" encoding="UTF-8"?><plist version="1.0"><dict><key>Label</key><string>com.alice.sync</string><key>ProgramArguments</key><array><string>/usr/local/bin/sync</string></array><key>RunAtLoad</key><true/></dict></plist>'
        $dump = Join-Path $TestDrive 'btm.txt'
        Set-Content -Path $dump -Value @(
            '========================'
            ' Records for UID 501 : 0B3F57C1-8D7E-4C52-9E55-0D1A3B7C2F00'
            '========================'
            ''
            ' Items:'
            ''
            ' #1:'
            '                 Name: sync'
            '       Developer Name: (null)'
            '                 Type: legacy agent (0x10008)'
            '          Disposition: [enabled, disallowed, notified] (0x9)'
            '           Identifier: 8.com.alice.sync'
            '                  URL: file:///Users/alice/Library/LaunchAgents/com.alice.sync.plist'
            ''
            ' #2:'
            '                 Name: Bar'
            '       Developer Name: Bar Software'
            '                 Type: app (0x2)'
            '          Disposition: [enabled, allowed, notified] (0xb)'
            '           Identifier: 2.com.bar.app'
            '                  URL: file:///Applications/Bar.app/'
            '    Bundle Identifier: com.bar.app')

        $jobs = Get-BackgroundJobDefinition -Root $volume -Platform MacOS -BackgroundTaskDump $dump -WarningVariable warned -WarningAction SilentlyContinue
        $agent = $jobs | Where-Object Name -eq 'com.alice.sync'
        ($agent.BackgroundTask.Verdict, $agent.BackgroundTask.Identifier) | Should -Be @('disallowed', '8.com.alice.sync')
        @($warned | Where-Object { "$_" -match 'com.alice.sync: warning: .*Switched off in System Settings' }).Count | Should -Be 1
        $bar = $jobs | Where-Object Name -eq 'com.bar.app'
        ($bar.Kind, $bar.SourcePath, $bar.BackgroundTask.Developer) | Should -Be @('LoginItem', 'Background Task Management', 'Bar Software')
        @($warned | Where-Object { "$_" -match 'com.bar.app: warning: .*which is not there' }).Count | Should -Be 1

        $exported = Export-BackgroundJobConfiguration -Root $volume -Platform MacOS -BackgroundTaskDump $dump -WarningAction SilentlyContinue
        $exported | Should -Match 'name: com.bar.app'
        $exported | Should -Match 'kind: loginItem'
        { Get-BackgroundJobDefinition -BackgroundTaskDump $dump -ErrorAction Stop } | Should -Throw -ErrorId 'GetBackgroundJobDefinitionBackgroundTaskDumpWithoutTree,ServiceManagement.PowerShell.Commands.GetBackgroundJobDefinitionCommand'
        Set-Content -Path $dump -Value @(' #1:', '           Identifier: 8.com.alice.sync', '                 Type: legacy agent (0x10008)', '          Disposition: [enabled, disall')
        $failure = { Get-BackgroundJobDefinition -Root $volume -Platform MacOS -BackgroundTaskDump $dump -ErrorAction Stop } | Should -Throw -ErrorId 'GetBackgroundJobDefinitionBackgroundTaskDumpInvalid,ServiceManagement.PowerShell.Commands.GetBackgroundJobDefinitionCommand' -PassThru
        $failure.CategoryInfo.Category | Should -Be 'InvalidData'
        $failure.Exception.Message | Should -BeLike '*btm.txt:4: *'
    }

    It 'asks sfltool dumpbtm on the PATH for the Mac''s own database (a fake one here), through the cmdlet and svcmgmt, and says once when it is refused' {
        $bin = Join-Path $TestDrive 'fake-sfltool'
        New-Item -ItemType Directory -Force -Path $bin | Out-Null
        $answer = Join-Path $TestDrive 'live-btm.txt'
        # The uDeck record as a guest running macOS 27 printed it (Samples/btm/udeck-macos27.txt).
        Set-Content -Path $answer -Value @(
            '========================'
            ' Records for UID 501 : 11112222-3333-4444-5555-666677778888'
            '========================'
            ''
            ' Items:'
            ''
            ' #1:'
            '                 UUID: CFCA1AB8-A002-498C-BDD0-24C6E2802585'
            '                 Name: uDeck'
            '       Developer Name: (null)'
            '                 Type: app (0x2)'
            '                Flags: [  ] (0)'
            '          Disposition: [enabled, allowed, notified] (0xb)'
            '           Identifier: 2.place.unicorns.udeck'
            '                  URL: /Applications/uDeck.app'
            '           Generation: 1'
            '    Bundle Identifier: place.unicorns.udeck')
        $sfltool = Join-Path $bin 'sfltool'
        Set-Content -Path $sfltool -Value "#!/bin/sh`n[ `"`$*`" = dumpbtm ] || exit 64`necho `"`$*`" >> '$bin/calls'`ncat '$answer'`n"
        & chmod +x $sfltool
        $path = $env:PATH
        $env:PATH = "${bin}:$path"
        try {
            $udeck = Get-BackgroundJobDefinition -Root / -Platform MacOS -WarningAction SilentlyContinue | Where-Object Name -eq 'place.unicorns.udeck'
            ($udeck.Kind, $udeck.SourcePath, $udeck.Program, $udeck.BackgroundTask.Verdict) | Should -Be @('LoginItem', 'Background Task Management', '/Applications/uDeck.app', 'allowed')
            $listed = & /run/svcmgmt/svcmgmt list --root / --platform macos --json 2>$null | ConvertFrom-Json
            ($listed | Where-Object name -eq 'place.unicorns.udeck').backgroundTask.verdict | Should -Be 'allowed'
            (Get-Content -Path (Join-Path $bin 'calls')) | Should -Be @('dumpbtm', 'dumpbtm')

            Set-Content -Path $sfltool -Value "#!/bin/sh`necho 'sfltool[915:7291] authorization failed' >&2`nexit 1`n"
            Get-BackgroundJobDefinition -Root / -Platform MacOS -WarningVariable warned -WarningAction SilentlyContinue | Out-Null
            @($warned | Where-Object { "$_" -match 'Background Task Management was not read \(sfltool dumpbtm: exited with 1: sfltool\[915:7291\] authorization failed\)' }).Count | Should -Be 1
            $said = & /run/svcmgmt/svcmgmt list --root / --platform macos 2>&1 | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] } | ForEach-Object { "$_" }
            @($said | Where-Object { $_ -match '^warning: Background Task Management was not read' }).Count | Should -Be 1
        }
        finally {
            $env:PATH = $path
        }
    }

    It 'writes an ObjectNotFound error naming a missing job, and goes on' {
        $found = Get-BackgroundJobDefinition -Name sm-pester-absent, getty@ -ErrorAction SilentlyContinue -ErrorVariable failed
        $found.Name | Should -Be 'getty@'
        $failed[0].FullyQualifiedErrorId | Should -Be 'GetBackgroundJobDefinitionJobNotFound,ServiceManagement.PowerShell.Commands.GetBackgroundJobDefinitionCommand'
        $failed[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failed[0].TargetObject | Should -Be 'sm-pester-absent'
    }
}
