BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'Common.ps1')
    New-Daemon -Name sm.pester.restart -Program /bin/sleep -Arguments 1000 -Start
}

AfterAll {
    Remove-TestJob sm.pester.restart
}

Describe 'Restart-BackgroundJob' {
    It 'restarts the job: systemd gives it a new process' {
        $before = Get-UnitProperty -Unit sm.pester.restart.service -Property MainPID
        $status = Restart-BackgroundJob -Name sm.pester.restart -PassThru
        $after = Get-UnitProperty -Unit sm.pester.restart.service -Property MainPID
        $after | Should -Not -Be $before
        $status.ProcessId | Should -Be ([int]$after)
    }
}
