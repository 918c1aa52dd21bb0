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

    It 'tells a daemon from an agent for all users of the same name by -Kind, also from the pipeline' {
        & bash -c 'printf "[Service]\nExecStart=/bin/sleep 1000\n" | tee /etc/systemd/system/sm-pester-twin.service /etc/systemd/user/sm-pester-twin.service >/dev/null && systemctl daemon-reload'
        try {
            @(Get-BackgroundJobStatus -Name sm-pester-twin).Count | Should -Be 2
            @(Get-BackgroundJobStatus -Name sm-pester-twin -Kind Daemon).Count | Should -Be 1
            @(Get-BackgroundJobDefinition -Name sm-pester-twin -Kind Daemon | Get-BackgroundJobStatus).Count | Should -Be 1
        }
        finally {
            & bash -c 'rm -f /etc/systemd/system/sm-pester-twin.service /etc/systemd/user/sm-pester-twin.service && systemctl daemon-reload'
        }
    }

    It 'reports every job without -Name, and only the running ones with -Running, each naming its kind and scope' {
        $all = @(Get-BackgroundJobStatus)
        $running = @(Get-BackgroundJobStatus -Running)
        $all.Name | Should -Contain 'sm.pester.idle'
        $running.Name | Should -Not -Contain 'sm.pester.idle'
        $running.Name | Should -Contain 'sm.pester.status'
        $running | ForEach-Object { $_.State | Should -Be 'Running' }
        $mine = $running | Where-Object Name -eq 'sm.pester.status'
        $mine.Kind | Should -Be 'Daemon'
        $mine.Scope | Should -Be 'System'
        $mine.MemoryBytes | Should -BeGreaterThan 0
        $mine.CpuTime | Should -Not -BeNullOrEmpty
        $mine.TaskCount | Should -BeGreaterThan 0
    }

    It 'shows State, PID, memory, CPU, tasks, restarts and the last exit in a table that fits 120 columns' {
        $lines = (Get-BackgroundJobStatus -Name sm.pester.status, sm.pester.idle | Format-Table | Out-String -Width 300) -split "`n" | Where-Object { $_.Trim() }
        $lines[0] | Should -Match '^Name\s+State\s+PID\s+Memory\(MB\)\s+CPU\(s\)\s+Tasks\s+Restarts\s+LastExit'
        $lines | ForEach-Object { $_.TrimEnd().Length | Should -BeLessOrEqual 120 }
    }
}
