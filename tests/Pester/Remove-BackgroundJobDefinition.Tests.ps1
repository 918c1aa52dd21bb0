BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'Common.ps1')
    & bash -c 'printf "[Service]\nExecStart=/bin/sleep 1000\n" > /etc/systemd/system/sm-pester-foreign.service && systemctl daemon-reload'
}

AfterAll {
    & bash -c 'rm -f /etc/systemd/system/sm-pester-foreign.service && systemctl daemon-reload'
}

Describe 'Remove-BackgroundJobDefinition' {
    It 'stops, disables and deletes a job, and -PassThru writes what it was' {
        New-Daemon -Name sm.pester.remove -Program /bin/sleep -Arguments 1000 -Start
        $removed = Remove-BackgroundJobDefinition -Name sm.pester.remove -PassThru
        $removed.Name | Should -Be 'sm.pester.remove'
        Get-UnitProperty -Unit sm.pester.remove.service -Property LoadState | Should -Be 'not-found'
        Test-Path -Path /etc/systemd/system/sm.pester.remove.service | Should -BeFalse
    }

    It 'removes every job a wildcard matches, from the pipeline' {
        New-Daemon -Name sm.pester.many1 -Program /bin/true
        New-Daemon -Name sm.pester.many2 -Program /bin/true
        'sm.pester.many*' | ForEach-Object { [pscustomobject]@{ Name = $_ } } | Remove-BackgroundJobDefinition
        @(Get-BackgroundJobDefinition -Name 'sm.pester.many*').Count | Should -Be 0
    }

    It 'keeps a job with -WhatIf and with a declined confirmation' {
        New-Daemon -Name sm.pester.keep -Program /bin/true
        Remove-BackgroundJobDefinition -Name sm.pester.keep -WhatIf
        Remove-BackgroundJobDefinition -Name sm.pester.keep -Confirm:$false -WhatIf
        Test-Path -Path /etc/systemd/system/sm.pester.keep.service | Should -BeTrue
        Remove-BackgroundJobDefinition -Name sm.pester.keep
    }

    It 'says that -Force is needed for a job it did not create, in a host that cannot ask' {
        Remove-BackgroundJobDefinition -Name sm-pester-foreign -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable failed
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'RemoveBackgroundJobDefinitionJobNotManaged,*'
        $failed[0].Exception.Message | Should -Match '-Force'
        Test-Path -Path /etc/systemd/system/sm-pester-foreign.service | Should -BeTrue
    }
}
