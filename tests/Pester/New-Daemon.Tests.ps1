BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'Common.ps1')
}

AfterAll {
    Remove-TestJob sm.pester.daemon, sm.pester.timer, sm.pester.socket, sm.pester.secret, sm.pester.confined, sm.pester.restarts
}

Describe 'New-Daemon' {
    It 'creates and starts a daemon that systemd runs, enabled, reading back as automatic' {
        $created = New-Daemon -Name sm.pester.daemon -Program /bin/sleep -Arguments 1000 -Description 'Pester daemon' -Start -PassThru
        $created.Name | Should -Be 'sm.pester.daemon'
        $created.Managed | Should -BeTrue
        Get-UnitProperty -Unit sm.pester.daemon.service -Property ActiveState | Should -Be 'active'
        Get-UnitProperty -Unit sm.pester.daemon.service -Property UnitFileState | Should -Be 'enabled'
        Get-UnitProperty -Unit sm.pester.daemon.service -Property Description | Should -Be 'Pester daemon'
        (Get-BackgroundJobDefinition -Name sm.pester.daemon).StartupType | Should -Be 'Automatic'
    }

    It 'creates a scheduled daemon as a service and a timer' {
        New-Daemon -Name sm.pester.timer -Program /bin/true -Every 1h -Start
        Get-UnitProperty -Unit sm.pester.timer.timer -Property ActiveState | Should -Be 'active'
        Get-UnitProperty -Unit sm.pester.timer.timer -Property TimersMonotonic | Should -Match 'OnUnitActiveUSec'
    }

    It 'creates a socket-activated daemon whose socket systemd listens on' {
        New-Daemon -Name sm.pester.socket -Program /bin/cat -Sockets @{ name = 'control'; protocol = 'unix'; path = '/run/sm-pester.sock' } -Start
        Get-UnitProperty -Unit sm.pester.socket.socket -Property ActiveState | Should -Be 'active'
        Test-Path -Path /run/sm-pester.sock | Should -BeTrue
    }

    It 'takes durations as they are typed: 10s (which PowerShell reads as the number 10) is ten seconds, 2m two minutes' {
        New-Daemon -Name sm.pester.restarts -Program /bin/sleep -Arguments 1000 -Restart OnFailure -RestartDelay 10s -RestartInterval 2m -RestartLimit 3 -StartupType Manual
        Get-UnitProperty -Unit sm.pester.restarts.service -Property RestartUSec | Should -Be '10s'
        Get-UnitProperty -Unit sm.pester.restarts.service -Property StartLimitIntervalUSec | Should -Be '2min'
        (Get-BackgroundJobDefinition -Name sm.pester.restarts).Restart.Delay.ToString() | Should -Be '10s'
    }

    It 'writes nothing with -WhatIf' {
        New-Daemon -Name sm.pester.whatif -Program /bin/true -WhatIf
        Test-Path -Path /etc/systemd/system/sm.pester.whatif.service | Should -BeFalse
    }

    It 'refuses bad input with InvalidData, naming the parameter, and writes nothing' {
        New-Daemon -Name sm.pester.bad -Program 'relative/tool' -ErrorAction SilentlyContinue -ErrorVariable failed
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'NewDaemonInvalidDefinition,*'
        $failed[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $failed[0].Exception.Message | Should -Match '-Program'
        Test-Path -Path /etc/systemd/system/sm.pester.bad.service | Should -BeFalse
    }

    It 'refuses a job that exists with ResourceExists' {
        New-Daemon -Name sm.pester.daemon -Program /bin/true -ErrorAction SilentlyContinue -ErrorVariable failed
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'NewDaemonJobExists,*'
        $failed[0].CategoryInfo.Category | Should -Be 'ResourceExists'
    }
}

Describe 'New-Daemon with hostile or unportable values' {
    It 'refuses a value that contains itself, and PowerShell goes on' {
        $looped = @{}
        $looped.self = $looped
        New-Daemon -Name sm.pester.loop -Program /bin/true -Launchd @{ X = $looped } -WhatIf -ErrorAction SilentlyContinue -ErrorVariable failed
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'NewDaemonInvalidDefinition,*'
        $failed[0].Exception.Findings[0].Path | Should -Be '-Launchd'
    }

    It 'refuses a script block as an environment value instead of writing its text' {
        New-Daemon -Name sm.pester.script -Program /bin/true -Environment @{ A = { Get-Date } } -WhatIf -ErrorAction SilentlyContinue -ErrorVariable failed
        $failed[0].Exception.Findings[0].Code | Should -Be 'ValueIsScript'
    }

    It 'warns that systemd ignores a Windows account, rather than dropping it silently' {
        $warnings = New-Daemon -Name sm.pester.account -Program /bin/true -RunAsAccount 'NT SERVICE\x' -WhatIf 3>&1
        @($warnings | Where-Object { $_ -is [System.Management.Automation.WarningRecord] -and $_.Message -match 'runAs.account' }).Count | Should -Be 1
    }

    It 'gives a SecureString environment value to the process only: not the unit, the systemd properties or the definition it reads back' {
        $secret = ConvertTo-SecureString -String 'pester-daemon-secret-3b7e' -AsPlainText -Force
        New-Daemon -Name sm.pester.secret -Program /bin/sleep -Arguments 1000 -Environment @{ TOKEN = $secret } -Start
        $processId = Get-UnitProperty -Unit sm.pester.secret.service -Property MainPID
        ((Get-Content -Raw -Path "/proc/$processId/environ") -split "`0") | Should -Contain 'TOKEN=pester-daemon-secret-3b7e'
        Get-Content -Raw -Path /etc/systemd/system/sm.pester.secret.service | Should -Not -Match 'pester-daemon-secret-3b7e'
        Get-UnitProperty -Unit sm.pester.secret.service -Property Environment | Should -Not -Match 'pester-daemon-secret-3b7e'
        $read = Get-BackgroundJobDefinition -Name sm.pester.secret
        $read.SecretEnvironment | Should -Be @('TOKEN')
        $read.Environment.Keys | Should -Not -Contain 'TOKEN'
        $read | ConvertTo-Json -Depth 6 | Should -Not -Match 'pester-daemon-secret-3b7e'
    }

    It 'takes a sandbox profile by name in any case, or capabilities as a hashtable, which systemd applies' {
        New-Daemon -Name sm.pester.confined -Program /bin/sleep -Arguments 1000 -Sandbox strict -WhatIf
        New-Daemon -Name sm.pester.confined -Program /bin/sleep -Arguments 1000 -Sandbox @{ profile = 'basic'; network = 'none'; user = 'dynamic'; filesystem = @{ hidden = @('/srv') } } -Start
        Get-UnitProperty -Unit sm.pester.confined.service -Property PrivateNetwork | Should -Be 'yes'
        Get-UnitProperty -Unit sm.pester.confined.service -Property DynamicUser | Should -Be 'yes'
        Get-UnitProperty -Unit sm.pester.confined.service -Property InaccessiblePaths | Should -Match '/srv'
        Get-UnitProperty -Unit sm.pester.confined.service -Property ActiveState | Should -Be 'active'
        $read = Get-BackgroundJobDefinition -Name sm.pester.confined
        $read.Sandbox | Should -Be 'Basic'
        $read.Confinement.Network | Should -Be 'None'
        $read.Confinement.DynamicUser | Should -BeTrue
        { New-Daemon -Name sm.pester.confined2 -Program /bin/true -Sandbox @{ network = 'internet' } -ErrorAction Stop } | Should -Throw -ErrorId '*InvalidDefinition*'
    }
}
