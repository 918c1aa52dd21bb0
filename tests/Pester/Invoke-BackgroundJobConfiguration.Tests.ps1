BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'Common.ps1')
    $file = Join-Path -Path $Work -ChildPath 'apply.yaml'
    & bash -c 'printf "[Service]\nExecStart=/bin/sleep 1000\n" > /etc/systemd/system/sm-pester-unowned.service && systemctl daemon-reload'
}

AfterAll {
    Remove-TestJob sm.pester.apply1, sm.pester.apply2
    & bash -c 'rm -f /etc/systemd/system/sm-pester-unowned.service && systemctl daemon-reload'
}

Describe 'Invoke-BackgroundJobConfiguration' {
    It 'creates and starts what the file declares' {
        Set-Content -Path $file -Value "jobs:`n  - { name: sm.pester.apply1, kind: daemon, program: /bin/sleep, arguments: ['1000'] }`n  - { name: sm.pester.apply2, kind: daemon, program: /bin/sleep, arguments: ['1000'] }`n"
        $changes = Invoke-BackgroundJobConfiguration -Path $file
        @($changes.Action) | Should -Be @('Create', 'Create')
        Get-UnitProperty -Unit sm.pester.apply1.service -Property ActiveState | Should -Be 'active'
        Get-UnitProperty -Unit sm.pester.apply2.service -Property ActiveState | Should -Be 'active'
    }

    It 'changes nothing with -WhatIf' {
        Set-Content -Path $file -Value "jobs:`n  - { name: sm.pester.apply1, kind: daemon, program: /bin/sleep, arguments: ['2000'] }`n"
        Invoke-BackgroundJobConfiguration -Path $file -Prune -WhatIf
        Get-UnitProperty -Unit sm.pester.apply1.service -Property ExecStart | Should -Match 'argv\[\]=/bin/sleep 1000'
        Test-Path -Path /etc/systemd/system/sm.pester.apply2.service | Should -BeTrue
    }

    It 'with -Prune removes the managed jobs the file leaves out, never one it did not create' {
        Invoke-BackgroundJobConfiguration -Path $file -Prune
        Get-UnitProperty -Unit sm.pester.apply1.service -Property ExecStart | Should -Match 'argv\[\]=/bin/sleep 2000'
        Test-Path -Path /etc/systemd/system/sm.pester.apply2.service | Should -BeFalse
        Test-Path -Path /etc/systemd/system/sm-pester-unowned.service | Should -BeTrue
    }

    It 'takes a configuration as -Content and with -PassThru writes the whole plan, under -WhatIf too' {
        $content = "jobs:`n  - { name: sm.pester.apply1, kind: daemon, program: /bin/sleep, arguments: ['3000'] }`n"
        $plan = Invoke-BackgroundJobConfiguration -Content $content -PassThru -WhatIf
        @($plan.Action) | Should -Be @('Update')
        Get-UnitProperty -Unit sm.pester.apply1.service -Property ExecStart | Should -Match 'argv\[\]=/bin/sleep 2000'
        @((Invoke-BackgroundJobConfiguration -Content $content -PassThru).Action) | Should -Be @('Update')
        @((Invoke-BackgroundJobConfiguration -Content $content -PassThru).Action) | Should -Be @('NoChange')
        Invoke-BackgroundJobConfiguration -Content $content | Should -BeNullOrEmpty
    }

    It 'takes entries from the pipeline' {
        $entries = Import-BackgroundJobConfiguration -Content "jobs:`n  - { name: sm.pester.apply1, kind: daemon, program: /bin/sleep, arguments: ['1000'] }`n"
        $entries | Invoke-BackgroundJobConfiguration
        Get-UnitProperty -Unit sm.pester.apply1.service -Property ExecStart | Should -Match 'argv\[\]=/bin/sleep 1000'
    }
}
