# Pester 5 tests for machines with PowerShell; build.ps1 -Task Test runs them after building the module.
# They change nothing on the machine: every state-changing cmdlet is called with -WhatIf.

BeforeAll {
    $configuration = 'Debug'
    if ($env:SM_CONFIGURATION) {
        $configuration = $env:SM_CONFIGURATION
    }

    $module = Join-Path -Path $PSScriptRoot -ChildPath "../../artifacts/module/$configuration/ServiceManagement/ServiceManagement.psd1"
    Import-Module -Name $module -Force
    $work = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath ('sm-pester-' + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $work | Out-Null
}

AfterAll {
    Remove-Item -Path $work -Recurse -Force
    Remove-Module -Name ServiceManagement -Force
}

Describe 'The module' {
    It 'exports every cmdlet of the manifest' {
        $manifest = Import-PowerShellDataFile -Path $module
        $exported = (Get-Module -Name ServiceManagement).ExportedCmdlets.Keys | Sort-Object
        $exported | Should -Be ($manifest.CmdletsToExport | Sort-Object)
    }

    It 'has help with examples for every cmdlet' {
        foreach ($name in (Get-Module -Name ServiceManagement).ExportedCmdlets.Keys) {
            (Get-Help -Name $name -Full).Examples.Example.Count | Should -BeGreaterOrEqual 2
        }
    }

    It 'lists the support matrix' {
        Get-BackgroundJobSupport -Property program | Should -Not -BeNullOrEmpty
    }

    It 'lists the jobs of this machine' {
        { Get-BackgroundJobDefinition -ErrorAction Stop } | Should -Not -Throw
    }
}

Describe 'What-if changes nothing' {
    It 'New-Daemon -WhatIf writes no job' {
        New-Daemon -Name 'com.example.pester' -Program '/bin/true' -Every 15m -WhatIf
        Get-BackgroundJobDefinition -Name 'com.example.pester' -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'New-Agent and New-LoginItem -WhatIf write no job' {
        New-Agent -Name 'com.example.pester-agent' -Program '/bin/true' -WhatIf
        New-LoginItem -Name 'com.example.pester-login' -Program '/bin/true' -WhatIf
        Get-BackgroundJobDefinition -Name 'com.example.pester-*' | Should -BeNullOrEmpty
    }

    It 'control cmdlets -WhatIf accept a job name that matches nothing' {
        foreach ($command in 'Start-BackgroundJob', 'Stop-BackgroundJob', 'Restart-BackgroundJob', 'Enable-BackgroundJob', 'Disable-BackgroundJob', 'Remove-BackgroundJobDefinition') {
            { & $command -Name 'com.example.nothing*' -WhatIf -ErrorAction Stop } | Should -Not -Throw
        }
    }

    It 'Set-BackgroundJobDefinition reports a job that does not exist' {
        Set-BackgroundJobDefinition -Name 'com.example.absent' -Description 'x' -WhatIf -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'SetBackgroundJobDefinitionJobNotFound*'
    }

    It 'Invoke-BackgroundJobConfiguration -WhatIf shows the plan and applies nothing' {
        $file = Join-Path -Path $work -ChildPath 'jobs.yaml'
        Set-Content -Path $file -Value "jobs:`n  - { name: com.example.pester-plan, kind: daemon, program: /bin/true }`n"
        Invoke-BackgroundJobConfiguration -Path $file -WhatIf
        Test-BackgroundJobConfiguration -Path $file -Quiet | Should -BeFalse
        (Test-BackgroundJobConfiguration -Path $file).Action | Should -Be 'Create'
    }

    It 'Export-BackgroundJobConfiguration -WhatIf writes no file' {
        $file = Join-Path -Path $work -ChildPath 'export.yaml'
        Export-BackgroundJobConfiguration -Name 'com.example.nothing*' -Path $file -WhatIf
        Test-Path -Path $file | Should -BeFalse
    }
}

Describe 'Configuration round trip' {
    It 'imports, exports and imports the same jobs' {
        $file = Join-Path -Path $work -ChildPath 'round.yaml'
        $yaml = "jobs:`n  - name: com.example.round`n    kind: agent`n    program: /usr/bin/round`n    arguments: [--a, 'b c']`n    schedule: { cron: '0 2 * * *' }`n"
        Set-Content -Path $file -Value $yaml
        $first = Import-BackgroundJobConfiguration -Path $file
        $text = $first.Definition | Export-BackgroundJobConfiguration
        $second = Import-BackgroundJobConfiguration -Content $text
        $second.Definition | Should -Be $first.Definition
    }

    It 'reports every finding of a bad file with its position' {
        $file = Join-Path -Path $work -ChildPath 'bad.yaml'
        Set-Content -Path $file -Value "jobs:`n  - name: com.example.bad`n    kind: demon`n"
        $findings = Test-BackgroundJobDefinition -Path $file
        ($findings | Where-Object Severity -eq 'Error').Count | Should -BeGreaterThan 0
        $findings[0].Location.Line | Should -Be 3
    }
}
