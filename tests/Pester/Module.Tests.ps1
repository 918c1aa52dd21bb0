# The module as a whole: what it exports, its help, completion, views, and objects that crossed a remoting boundary.

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'Common.ps1')
}

Describe 'The module as laid out for shipping' {
    It 'exports every cmdlet of the manifest and no other command' {
        $manifest = Import-PowerShellDataFile -Path $env:SM_MODULE
        $module = Get-Module -Name ServiceManagement
        @($module.ExportedCmdlets.Keys | Sort-Object) | Should -Be @($manifest.CmdletsToExport | Sort-Object)
    }

    It 'passes Test-ModuleManifest' {
        $tested = Test-ModuleManifest -Path $env:SM_MODULE -ErrorAction Stop
        $tested.Version.ToString() | Should -Be (Import-PowerShellDataFile -Path $env:SM_MODULE).ModuleVersion
    }

    It 'has full help with a synopsis, every parameter described and two or more examples for <_>' -ForEach @(
        (Import-PowerShellDataFile -Path $env:SM_MODULE).CmdletsToExport
    ) {
        $help = Get-Help -Name $_ -Full
        $help.Synopsis | Should -Not -BeNullOrEmpty
        @($help.Examples.Example).Count | Should -BeGreaterOrEqual 2
        foreach ($parameter in (Get-Command -Name $_).Parameters.Keys | Where-Object { $_ -notin [System.Management.Automation.PSCmdlet]::CommonParameters -and $_ -notin [System.Management.Automation.PSCmdlet]::OptionalCommonParameters }) {
            ($help.Parameters.Parameter | Where-Object Name -eq $parameter).Description | Should -Not -BeNullOrEmpty -Because "-$parameter of $_ needs a description"
        }
    }
}

Describe 'Completion' {
    It 'completes job names of this machine for -Name' {
        $line = 'Get-BackgroundJobDefinition -Name getty'
        $completion = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        # '@' would start a splat, so the completion quotes the name.
        $completion.CompletionMatches.CompletionText | Should -Contain "'getty@'"
        $completion.CompletionMatches.CompletionText | Should -Contain 'getty-static'
    }
}

Describe 'Views' {
    BeforeAll {
        New-Daemon -Name sm.pester.view -Program /bin/sleep -Arguments 1000 -Restart OnFailure -RestartDelay 2s -Start | Out-Null
    }

    AfterAll {
        Remove-TestJob sm.pester.view
    }

    It 'shows a restart policy in Format-List as words, not as a record' {
        $text = Get-BackgroundJobDefinition -Name sm.pester.view | Format-List -Property Restart | Out-String -Width 120
        $text | Should -Match 'Restart\s+:\s+onFailure, delay 2s'
        $text | Should -Not -Match 'RestartPolicy \{'
    }

    It 'shows the status table with its health figures whole at 120 columns' {
        $status = Get-BackgroundJobStatus -Name sm.pester.view
        $text = $status | Out-String -Width 120
        $text | Should -Match ([regex]::Escape('{0:N1}' -f ($status.MemoryBytes / 1MB)))
        $text | Should -Match ([regex]::Escape('{0:N2}' -f $status.CpuTime.TotalSeconds))
        $text | Should -Match ('\b' + $status.ProcessId + '\b')
    }

    It 'renders every default view at 120 columns with its key columns whole' {
        $file = Join-Path -Path $Work -ChildPath 'views.yaml'
        Set-Content -Path $file -Value "jobs:`n  - { name: com.example.views-with-a-long-name, kind: daemon, program: relative/path, standardOutputPath: /var/log/x.log }`n"
        $renders = @{
            Definition = Get-BackgroundJobDefinition -Name sm.pester.view | Out-String -Width 120
            Support = Get-BackgroundJobSupport -Property standardOutputPath -Platform WindowsService | Out-String -Width 120
            Finding = Test-BackgroundJobDefinition -Path $file | Out-String -Width 120
            Entry = Import-BackgroundJobConfiguration -Content "jobs:`n  - { name: com.example.views-with-a-long-name, kind: daemon, program: /bin/x }`n" | Out-String -Width 120
            Plan = Test-BackgroundJobConfiguration -InputObject (Import-BackgroundJobConfiguration -Content "jobs:`n  - { name: com.example.views-with-a-long-name, kind: daemon, program: /bin/x }`n") | Out-String -Width 120
        }
        $renders.Definition | Should -Match 'sm\.pester\.view\s+Daemon\s+System'
        $renders.Support | Should -Match 'standardOutputPath\s+WindowsService'
        $renders.Finding | Should -Match 'PathNotAbsolute'
        $renders.Finding | Should -Match 'jobs\[0\]\.program'
        $renders.Entry | Should -Match 'com\.example\.views-with-a-long-name'
        $renders.Plan | Should -Match 'Create\s+Daemon\s+com\.example\.views-with-a-long-name'
        foreach ($view in 'Definition', 'Support', 'Entry', 'Plan') {
            $renders[$view] | Should -Not -Match '…' -Because "the $view view's columns fit 120 columns"
        }
    }

    It 'still formats a definition and a status after PSSerializer, as remoting sends them' {
        $definition = [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize((Get-BackgroundJobDefinition -Name sm.pester.view)))
        $definition.PSObject.TypeNames | Should -Contain 'Deserialized.ServiceManagement.Model.BackgroundJobDefinition'
        ($definition | Out-String -Width 120) | Should -Match 'sm\.pester\.view'
        $status = [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize((Get-BackgroundJobStatus -Name sm.pester.view)))
        ($status | Out-String -Width 120) | Should -Match 'Running'
    }
}
