BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'Common.ps1')
    New-Daemon -Name sm.pester.set -Program /bin/sleep -Arguments 1000 -Description before -Environment @{ KEEP = 'me' } -Start
    & bash -c 'printf "[Service]\nExecStart=/bin/sleep 1000\n" > /etc/systemd/system/sm-pester-vendor.service && systemctl daemon-reload'
}

AfterAll {
    Remove-TestJob sm.pester.set
    & bash -c 'rm -f /etc/systemd/system/sm-pester-vendor.service && systemctl daemon-reload'
}

Describe 'Set-BackgroundJobDefinition' {
    It 'changes what is given, keeps the rest, and restarts the job when asked' {
        $pidBefore = Get-UnitProperty -Unit sm.pester.set.service -Property MainPID
        Set-BackgroundJobDefinition -Name sm.pester.set -Description after -Start
        Get-UnitProperty -Unit sm.pester.set.service -Property Description | Should -Be 'after'
        Get-UnitProperty -Unit sm.pester.set.service -Property Environment | Should -Be 'KEEP=me'
        Get-UnitProperty -Unit sm.pester.set.service -Property MainPID | Should -Not -Be $pidBefore
    }

    It 'changes the program and its arguments, which New-* take by position and Set by name' {
        Set-BackgroundJobDefinition sm.pester.set -Program /bin/sleep -Arguments 2000, 'two words'
        Get-UnitProperty -Unit sm.pester.set.service -Property ExecStart | Should -Match 'argv\[\]=/bin/sleep 2000 two words'
        (Get-Command Set-BackgroundJobDefinition).Parameters['Name'].ParameterType | Should -Be ([string[]])
        (Get-Command New-Daemon).Parameters['Name'].ParameterType | Should -Be ([string])
    }

    It 'clears a property with -Clear' {
        Set-BackgroundJobDefinition -Name sm.pester.set -Clear Environment
        Get-UnitProperty -Unit sm.pester.set.service -Property Environment | Should -BeNullOrEmpty
    }

    It 'changes the schedule with -Every or -Cron, never both at once' {
        { Set-BackgroundJobDefinition -Name sm.pester.set -Every 1h -Cron '0 * * * *' -WhatIf } | Should -Throw -ErrorId 'AmbiguousParameterSet,ServiceManagement.PowerShell.Commands.SetBackgroundJobDefinitionCommand'
        Set-BackgroundJobDefinition -Name sm.pester.set -Every 1h -WhatIf
        Test-Path -Path /etc/systemd/system/sm.pester.set.timer | Should -BeFalse
    }

    It 'shows the change as a diff and writes nothing with -WhatIf' {
        $before = Get-Content -Raw -Path /etc/systemd/system/sm.pester.set.service
        Set-BackgroundJobDefinition -Name sm.pester.set -Description whatif -WhatIf
        Get-Content -Raw -Path /etc/systemd/system/sm.pester.set.service | Should -Be $before
    }

    It 'refuses a job it did not create without -Force, naming it' {
        Set-BackgroundJobDefinition -Name sm-pester-vendor -Description mine -ErrorAction SilentlyContinue -ErrorVariable failed
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'SetBackgroundJobDefinitionJobNotManaged,*'
        $failed[0].TargetObject | Should -Be 'sm-pester-vendor'
        Get-UnitProperty -Unit sm-pester-vendor.service -Property Description | Should -Be 'sm-pester-vendor.service'
    }

    It 'takes jobs from the pipeline' {
        Get-BackgroundJobDefinition -Name sm.pester.set | Set-BackgroundJobDefinition -Description piped
        Get-UnitProperty -Unit sm.pester.set.service -Property Description | Should -Be 'piped'
    }
}
