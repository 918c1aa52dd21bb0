BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'Common.ps1')
    New-Daemon -Name sm.pester.start -Program /bin/sleep -Arguments 1000
}

AfterAll {
    Remove-TestJob sm.pester.start, sm.pester.hang, sm.pester.sigint
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

    It 'ends at once with OperationStopped when the pipeline is stopped (Ctrl+C) during a start that never completes' {
        # A notify service that never notifies: systemd's start job never ends.
        Invoke-BackgroundJobConfiguration -Confirm:$false -Content "jobs:`n  - { name: sm.pester.hang, kind: daemon, program: /bin/sleep, arguments: ['1000'], startupType: manual, systemd: { Service: { Type: notify, TimeoutStartSec: infinity } } }`n"
        $shell = [powershell]::Create()
        $null = $shell.AddScript("Import-Module -Name '$env:SM_MODULE'; Start-BackgroundJob -Name sm.pester.hang")
        $running = $shell.BeginInvoke()
        Wait-Until -Condition { (Get-UnitProperty -Unit sm.pester.hang.service -Property ActiveState) -eq 'activating' } -What 'the start job'
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $shell.Stop()
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 2
        $shell.InvocationStateInfo.State | Should -Be 'Stopped'
        $stopped = { $shell.EndInvoke($running) } | Should -Throw -PassThru
        $stopped.Exception.InnerException | Should -BeOfType ([System.Management.Automation.PipelineStoppedException])
        $stopped.Exception.InnerException.ErrorRecord.CategoryInfo.Category | Should -Be 'OperationStopped'
        $shell.Dispose()
    }

    It 'returns an interactive shell to its prompt within 2 s when Ctrl+C (SIGINT) interrupts a start that never completes; the command failed and no file changed' {
        # A notify service that never notifies: systemd's start job never ends. The shell is an interactive
        # pwsh in a tmux pane, and Ctrl+C reaches it as a user's does: the terminal sends SIGINT.
        Invoke-BackgroundJobConfiguration -Confirm:$false -Content "jobs:`n  - { name: sm.pester.sigint, kind: daemon, program: /bin/sleep, arguments: ['1000'], startupType: manual, systemd: { Service: { Type: notify, TimeoutStartSec: infinity } } }`n"
        $unitFile = '/etc/systemd/system/sm.pester.sigint.service'
        $unitBefore = Get-Content -Raw -Path $unitFile
        $pane = Start-InteractiveShell
        try {
            Send-ShellLine -Pane $pane -Line "Start-BackgroundJob -Name sm.pester.sigint"
            Wait-Until -Condition { (Get-UnitProperty -Unit sm.pester.sigint.service -Property ActiveState) -eq 'activating' } -What 'the start job'
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            & tmux send-keys -t $pane C-c
            Wait-Until -Condition { (Get-PaneText -Pane $pane) -match 'READY> Start-BackgroundJob -Name sm\.pester\.sigint\s*\n(.*\n)*READY>$' } -What 'the prompt after Ctrl+C' -Seen { Get-PaneText -Pane $pane }
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 2
            # The console shows a stopped pipeline as PowerShell does for any command (no error text); it did not succeed.
            Send-ShellLine -Pane $pane -Line "'succeeded=' + `$?"
            Wait-Until -Condition { (Get-PaneText -Pane $pane) -match '(?m)^succeeded=' } -What 'the answer to $?' -Seen { Get-PaneText -Pane $pane }
            (Get-PaneText -Pane $pane) | Should -Match '(?m)^succeeded=False$'
        }
        finally {
            & tmux kill-session -t $pane
        }
        Get-Content -Raw -Path $unitFile | Should -BeExactly $unitBefore
        Get-ChildItem -Force -Path /etc/systemd/system -Filter '.*.tmp' | Should -BeNullOrEmpty
    }
}
