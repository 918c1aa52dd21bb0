# The module on Windows, as a user's PowerShell runs it: the module as laid out for shipping, imported into a
# PowerShell 7.6.9 host (Microsoft.PowerShell.SDK) under wine64, against Windows' real service control manager
# and registry. Run by tests/windows/Invoke-WindowsTests.ps1 with Pester 5.7.1, which says in the environment
# where the module's manifest (SM_MODULE) and the C test service (SM_SERVICE, tests/windows/smtestsvc.c) are.
# Task Scheduler tasks are registered as XML; running them is not Wine's (see WineTests).

BeforeAll {
    Import-Module -Name $env:SM_MODULE -Force
    $service = $env:SM_SERVICE
    $record = 'C:\sm\pester-service.txt'
}

AfterAll {
    foreach ($name in 'sm.win.daemon', 'sm.win.idle', 'sm.win.login', 'sm.win.auto', 'sm.win.manual') {
        Get-BackgroundJobDefinition -Name $name -ErrorAction SilentlyContinue | Remove-BackgroundJobDefinition -Force -Confirm:$false -ErrorAction SilentlyContinue
    }
}

Describe 'The module on Windows' {
    It 'loads the runtime''s own Windows assemblies, not the module''s netstandard2.0 copies' {
        $registry = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'Microsoft.Win32.Registry' } | Select-Object -First 1
        $registry.Location | Should -Not -BeLike '*\bin\dependencies\*'
    }

    It 'lists the services of the machine, none of them managed' {
        $services = @(Get-BackgroundJobDefinition | Where-Object Platform -eq 'WindowsService')
        $services.Count | Should -BeGreaterThan 5
        @($services | Where-Object Managed).Count | Should -Be 0
    }

    It 'reads a service never started since boot as stopped, with no exit code' {
        New-Daemon -Name sm.win.idle -Program $service -StartupType Manual
        $status = Get-BackgroundJobStatus -Name sm.win.idle
        $status.State | Should -Be 'Stopped'
        $status.LastExitCode | Should -BeNullOrEmpty
        $status.ExitReason | Should -Be 'never started since boot'
        Remove-BackgroundJobDefinition -Name sm.win.idle
    }
}

Describe 'A daemon is a service' {
    It 'is created and started, running with the PID the service itself records' {
        Remove-Item -Path $record -ErrorAction SilentlyContinue
        $created = New-Daemon -Name sm.win.daemon -Program $service -Arguments $record, 'two words' -Description 'Pester on Windows' -Start -PassThru
        $created.Managed | Should -BeTrue
        $status = Get-BackgroundJobStatus -Name sm.win.daemon
        $status.State | Should -Be 'Running'
        (Get-Content -Path $record) | Should -Contain ('pid=' + $status.ProcessId)
        # Its own process's figures, read through the PID the SCM reports.
        $status.MemoryBytes | Should -BeGreaterThan 0
        $status.TaskCount | Should -BeGreaterThan 0
        $status.CpuTime | Should -Not -BeNullOrEmpty
        $status.SharedProcess | Should -BeFalse
        $imagePath = (Get-ItemProperty -Path 'HKLM:\SYSTEM\CurrentControlSet\Services\sm.win.daemon').ImagePath
        $imagePath | Should -Be ('"' + $service + '" C:\sm\pester-service.txt "two words"')
    }

    It 'is stopped, changed and removed' {
        Stop-BackgroundJob -Name sm.win.daemon
        (Get-BackgroundJobStatus -Name sm.win.daemon).State | Should -Be 'Stopped'
        Set-BackgroundJobDefinition -Name sm.win.daemon -Description 'changed'
        (Get-ItemProperty -Path 'HKLM:\SYSTEM\CurrentControlSet\Services\sm.win.daemon').Description | Should -Be 'changed'
        Remove-BackgroundJobDefinition -Name sm.win.daemon
        Test-Path -Path 'HKLM:\SYSTEM\CurrentControlSet\Services\sm.win.daemon' | Should -BeFalse
    }

    It 'refuses to remove a service it did not create, in a host that cannot ask, naming -Force' {
        Remove-BackgroundJobDefinition -Name PlugPlay -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable failed
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'RemoveBackgroundJobDefinitionJobNotManaged,*'
        Test-Path -Path 'HKLM:\SYSTEM\CurrentControlSet\Services\PlugPlay' | Should -BeTrue
    }
}

Describe 'Desired state converges the run state of services' {
    It 'leaves a manual daemon stopped, runs an automatic one, and starts it again after a hand stop' {
        $config = "jobs:`n  - { name: sm.win.auto, kind: daemon, program: '$service', arguments: ['C:\sm\auto.txt'] }`n" +
            "  - { name: sm.win.manual, kind: daemon, program: '$service', arguments: ['C:\sm\manual.txt'], startupType: manual }`n"
        Invoke-BackgroundJobConfiguration -Content $config -Confirm:$false
        (Get-BackgroundJobStatus -Name sm.win.auto).State | Should -Be 'Running'
        (Get-BackgroundJobStatus -Name sm.win.manual).State | Should -Be 'Stopped'
        Test-BackgroundJobConfiguration -Content $config -Quiet | Should -BeTrue

        Stop-BackgroundJob -Name sm.win.auto
        $drift = Test-BackgroundJobConfiguration -Content $config
        $drift.Name | Should -Be 'sm.win.auto'
        ($drift.Changes | Where-Object Property -eq 'state').Desired | Should -Be 'running'
        Invoke-BackgroundJobConfiguration -Content $config -Confirm:$false
        (Get-BackgroundJobStatus -Name sm.win.auto).State | Should -Be 'Running'
        (Get-BackgroundJobStatus -Name sm.win.manual).State | Should -Be 'Stopped'
        Test-BackgroundJobConfiguration -Content $config -Quiet | Should -BeTrue
        Remove-BackgroundJobDefinition -Name sm.win.auto, sm.win.manual -Confirm:$false
    }
}

Describe 'A login item is a Run value' {
    It 'is written with its StartupApproved switch, disabled, and removed' {
        New-LoginItem -Name sm.win.login -Program 'C:\Program Files\Tool\tool.exe' -Arguments '--tray'
        $run = Get-ItemProperty -Path 'HKCU:\Software\Microsoft\Windows\CurrentVersion\Run'
        $run.'sm.win.login' | Should -Be '"C:\Program Files\Tool\tool.exe" --tray'
        $approved = (Get-ItemProperty -Path 'HKCU:\Software\Microsoft\Windows\CurrentVersion\Explorer\StartupApproved\Run').'sm.win.login'
        $approved[0] | Should -Be 2

        Disable-BackgroundJob -Name sm.win.login
        (Get-ItemProperty -Path 'HKCU:\Software\Microsoft\Windows\CurrentVersion\Explorer\StartupApproved\Run').'sm.win.login'[0] | Should -Be 3
        (Get-BackgroundJobDefinition -Name sm.win.login).StartupType | Should -Be 'Disabled'

        Remove-BackgroundJobDefinition -Name sm.win.login
        (Get-ItemProperty -Path 'HKCU:\Software\Microsoft\Windows\CurrentVersion\Run').'sm.win.login' | Should -BeNullOrEmpty
    }
}

Describe 'An agent is a scheduled task' {
    # Wine's Task Scheduler keeps a registration but not its triggers or actions, and schtasks /query finds
    # nothing: the task XML itself is asserted by the pure tests (WindowsTranslatorTests).
    It 'is an error naming the task when no query can find what schtasks said it registered, and nothing is left' {
        New-Agent -Name sm.win.agent -Program 'C:\Tools\agent.exe' -ErrorAction SilentlyContinue -ErrorVariable failed
        $failed.Count | Should -Be 1
        $failed[0].Exception.Message | Should -BeLike '*\ServiceManagement\sm.win.agent*schtasks /query cannot find it*'
        Test-Path -Path 'C:\windows\system32\Tasks\ServiceManagement\sm.win.agent' | Should -BeFalse
    }
}

Describe 'The help example that names a Windows program' {
    It 'runs with -WhatIf and changes nothing' {
        # A function shadows the cmdlet, which would prompt (a mock would too: it keeps the cmdlet's [Credential()] transformation).
        function Get-Credential { param([string] $UserName) [pscredential]::new($UserName, (ConvertTo-SecureString -String 'example secret' -AsPlainText -Force)) }
        $examples = @((Get-Help -Name New-Daemon -Full).Examples.Example | Where-Object { $_.Code -match 'C:\\' })
        $examples.Count | Should -Be 1
        $output = & ([scriptblock]::Create($examples[0].Code.Trim() + ' -WhatIf')) 2>&1
        @($output | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }) | Should -BeNullOrEmpty
        Test-Path -Path 'HKLM:\SYSTEM\CurrentControlSet\Services\com.example.report' | Should -BeFalse
    }
}
