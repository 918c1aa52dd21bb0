BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'Common.ps1')
    New-Daemon -Name sm.pester.start -Program /bin/sleep -Arguments 1000
}

AfterAll {
    Remove-TestJob sm.pester.start
}

Describe 'Start-BackgroundJob' {
    It 'starts a stopped job and -PassThru writes its status with the PID systemd gives' {
        Get-UnitProperty -Unit sm.pester.start.service -Property ActiveState | Should -Be 'inactive'
        $status = Start-BackgroundJob -Name sm.pester.start -PassThru
        Get-UnitProperty -Unit sm.pester.start.service -Property ActiveState | Should -Be 'active'
        $status.State | Should -Be 'Running'
        $status.ProcessId | Should -Be ([int](Get-UnitProperty -Unit sm.pester.start.service -Property MainPID))
    }

    It 'starts nothing with -WhatIf' {
        Stop-BackgroundJob -Name sm.pester.start
        Start-BackgroundJob -Name sm.pester.start -WhatIf
        Get-UnitProperty -Unit sm.pester.start.service -Property ActiveState | Should -Be 'inactive'
    }

    It 'asks before starting when $ConfirmPreference says so; a non-interactive host cannot, and nothing starts' {
        $ConfirmPreference = 'Low'
        { Start-BackgroundJob -Name sm.pester.start } | Should -Throw -ExceptionType ([System.Management.Automation.PSInvalidOperationException])
        $ConfirmPreference = 'High'
        Get-UnitProperty -Unit sm.pester.start.service -Property ActiveState | Should -Be 'inactive'
    }
}
