BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'Common.ps1')
    New-Daemon -Name sm.pester.watch -Program /bin/sleep -Arguments 1000 -StartupType Manual -WarningAction SilentlyContinue

    function Start-Watch {
        # Watch-BackgroundJob in a runspace of its own, so that this one can act while it watches.
        param([string] $Arguments, [string] $Before = '')
        $shell = [powershell]::Create()
        $null = $shell.AddScript("Import-Module -Name '$env:SM_MODULE'; $Before; Watch-BackgroundJob $Arguments")
        @{ Shell = $shell; Running = $shell.BeginInvoke() }
    }
}

AfterAll {
    Remove-TestJob sm.pester.watch
}

Describe 'Watch-BackgroundJob' {
    It 'writes a BackgroundJobEvent for each change systemd announces, in order' {
        $watch = Start-Watch -Arguments '-Name sm.pester.watch -Timeout 5s'
        # The job goes up and down, over and over, while the watch runs: what it saw after it listened is written.
        Wait-Until -Condition {
            & systemctl start sm.pester.watch.service
            & systemctl stop sm.pester.watch.service
            $watch.Running.IsCompleted
        } -What 'the watch to end at its timeout'
        $events = @($watch.Shell.EndInvoke($watch.Running))
        $watch.Shell.Dispose()
        $events | Should -Not -BeNullOrEmpty
        $events | ForEach-Object { $_.GetType().FullName | Should -Be 'ServiceManagement.Model.BackgroundJobEvent' }
        $events | ForEach-Object { $_.Name | Should -Be 'sm.pester.watch'; $_.Kind | Should -Be 'Daemon' }
        ($events | Where-Object To -eq 'Running') | Should -Not -BeNullOrEmpty
        ($events | Where-Object To -eq 'Stopped') | Should -Not -BeNullOrEmpty
        for ($i = 1; $i -lt $events.Count; $i++) {
            $events[$i].From | Should -Be $events[$i - 1].To -Because 'each change starts where the one before ended'
        }
    }

    It '-Until returns at once when the job is already in the state' {
        & systemctl start sm.pester.watch.service
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        @(Watch-BackgroundJob -Name sm.pester.watch -Until Running -Timeout 30s) | Should -BeNullOrEmpty
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 30
        & systemctl stop sm.pester.watch.service
    }

    It 'is the error WatchTimedOut, naming the job, when -Until is not reached before -Timeout' {
        $failure = { Watch-BackgroundJob -Name sm.pester.watch -Until Running -Timeout 1s } | Should -Throw -PassThru
        $failure.FullyQualifiedErrorId | Should -BeLike 'WatchBackgroundJobWatchTimedOut*'
        $failure.Exception.Message | Should -BeLike '*sm.pester.watch did not become Running within 1 s.*'
    }

    It 'ends with OperationStopped when the pipeline is stopped (Ctrl+C)' {
        # The script is running (past importing the module) once it has made its mark; then the pipeline is stopped.
        $ready = Join-Path -Path $Work -ChildPath 'watch-ready'
        $watch = Start-Watch -Arguments "-Name sm.pester.watch -Interval 1s -Verbose:`$false -ErrorAction Stop -OutVariable seen | Out-Null" -Before "New-Item -ItemType File -Path '$ready' | Out-Null"
        Wait-Until -Condition { Test-Path -Path $ready } -What 'the watch to start'
        $watch.Shell.Stop()
        $watch.Shell.InvocationStateInfo.State | Should -Be 'Stopped'
        $stopped = { $watch.Shell.EndInvoke($watch.Running) } | Should -Throw -PassThru
        $stopped.Exception.InnerException | Should -BeOfType ([System.Management.Automation.PipelineStoppedException])
        $watch.Shell.Dispose()
    }

    It 'takes names from the pipeline and watches them together' {
        & systemctl start sm.pester.watch.service
        @(Get-BackgroundJobDefinition -Name sm.pester.watch | Watch-BackgroundJob -Until Running -Timeout 30s) | Should -BeNullOrEmpty
        & systemctl stop sm.pester.watch.service
    }
}
