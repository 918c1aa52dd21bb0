BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'Common.ps1')
    New-Daemon -Name sm.pester.strict -Program /bin/sleep -Arguments 1000 -Sandbox Strict -StartupType Manual
    New-Daemon -Name sm.pester.open -Program /bin/sleep -Arguments 1000 -StartupType Manual -WarningAction SilentlyContinue
}

AfterAll {
    Remove-TestJob sm.pester.strict, sm.pester.open
}

Describe 'Get-BackgroundJobSecurity' {
    It 'reports systemd-analyze security: strict exposes little, no sandbox a lot, with what exposes it most first' {
        $strict = Get-BackgroundJobSecurity -Name sm.pester.strict
        $open = Get-BackgroundJobSecurity -Name sm.pester.open
        $strict.Exposure | Should -BeLessOrEqual 2.5
        $open.Exposure | Should -BeGreaterThan 9
        $open.Rating | Should -Be 'UNSAFE'
        $exposures = @($open.Findings.Exposure)
        $exposures | Should -Be @($exposures | Sort-Object -Descending)
        $open.Findings.Setting | Should -Contain 'PrivateNetwork='
    }

    It 'takes definitions from the pipeline and fits the table in 120 columns' {
        $reports = Get-BackgroundJobDefinition -Name 'sm.pester.strict', 'sm.pester.open' | Get-BackgroundJobSecurity
        @($reports.Name | Sort-Object) | Should -Be @('sm.pester.open', 'sm.pester.strict')
        ($reports | Format-Table | Out-String -Width 120) | Should -Match 'sm\.pester\.open\s+9\.\d\s+UNSAFE'
    }

    It 'warns, when creating a root daemon without a sandbox, that it has none' {
        $warnings = New-Daemon -Name sm.pester.open -Program /bin/sleep -Arguments 2000 -StartupType Manual -Force 3>&1
        @($warnings | Where-Object { $_ -is [System.Management.Automation.WarningRecord] -and $_.Message -match 'runs as root with no sandbox' }).Count | Should -Be 1
    }
}
