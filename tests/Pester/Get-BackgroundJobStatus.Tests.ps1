BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'Common.ps1')
    New-Daemon -Name sm.pester.status -Program /bin/sleep -Arguments 1000 -Restart Always -RestartDelay 1s -Start
    New-Daemon -Name sm.pester.idle -Program /bin/true -StartupType Manual
}

AfterAll {
    Remove-TestJob sm.pester.status, sm.pester.idle
}

Describe 'Get-BackgroundJobStatus' {
    It 'reports a running job with the PID, start time and restarts systemd gives' {
        $status = Get-BackgroundJobStatus -Name sm.pester.status
        $status.State | Should -Be 'Running'
        $status.ProcessId | Should -Be ([int](Get-UnitProperty -Unit sm.pester.status.service -Property MainPID))
        $status.StartedAt | Should -Not -BeNullOrEmpty
        $status.RestartCount | Should -Be ([int](Get-UnitProperty -Unit sm.pester.status.service -Property NRestarts))
    }

    It 'counts a restart after the process is killed' {
        $first = (Get-BackgroundJobStatus -Name sm.pester.status).ProcessId
        & kill -9 $first
        Wait-Until { (Get-BackgroundJobStatus -Name sm.pester.status).RestartCount -ge 1 -and (Get-BackgroundJobStatus -Name sm.pester.status).State -eq 'Running' } -What 'systemd to restart sm.pester.status'
        (Get-BackgroundJobStatus -Name sm.pester.status).ProcessId | Should -Not -Be $first
    }

    It 'reports a job that never ran as stopped' {
        (Get-BackgroundJobStatus -Name sm.pester.idle).State | Should -Be 'Stopped'
    }

    It 'takes definitions from the pipeline' {
        $statuses = Get-BackgroundJobDefinition -Name 'sm.pester.*' | Get-BackgroundJobStatus
        @($statuses.Name | Sort-Object) | Should -Be @('sm.pester.idle', 'sm.pester.status')
    }
}
