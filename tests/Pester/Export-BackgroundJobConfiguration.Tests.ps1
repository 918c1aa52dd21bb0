BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'Common.ps1')
    New-Daemon -Name sm.pester.export -Program /bin/true -Every 1h
    $secret = ConvertTo-SecureString -String 'pester-export-secret-91d2' -AsPlainText -Force
    New-Daemon -Name sm.pester.exportsecret -Program /bin/sleep -Arguments 1000 -Environment @{ TOKEN = $secret; PLAIN = 'seen' }
}

AfterAll {
    Remove-TestJob sm.pester.export, sm.pester.exportsecret
}

Describe 'Export-BackgroundJobConfiguration' {
    It 'writes the managed jobs as a file that svcmgmt reads the same way' {
        $file = Join-Path -Path $Work -ChildPath 'managed.yaml'
        Export-BackgroundJobConfiguration -ManagedOnly -Path $file
        $text = Get-Content -Raw -Path $file
        $text | Should -Match '- name: sm\.pester\.export'
        $text | Should -Match 'every: 1h'
        & /run/svcmgmt/svcmgmt validate $file | Out-Null
        $LASTEXITCODE | Should -Be 0
    }

    It 'writes a DSC v3 document with -Form Dsc' {
        $text = Export-BackgroundJobConfiguration -Name sm.pester.export -Form Dsc
        $text | Should -Match 'type: ServiceManagement/BackgroundJob'
    }

    It 'refuses to replace a file without -Force and writes nothing with -WhatIf' {
        $file = Join-Path -Path $Work -ChildPath 'exists.yaml'
        Set-Content -Path $file -Value 'keep'
        { Export-BackgroundJobConfiguration -Name sm.pester.export -Path $file -ErrorAction Stop } | Should -Throw -ErrorId '*OutputExists*'
        Export-BackgroundJobConfiguration -Name sm.pester.export -Path $file -Force -WhatIf
        (Get-Content -Raw -Path $file).Trim() | Should -Be 'keep'
    }

    It 'writes a secret as keepSecret, which plans back as no change, and its value only with -IncludeSecret into an owner-only file' {
        $text = Export-BackgroundJobConfiguration -Name sm.pester.exportsecret
        $text | Should -Match 'TOKEN: \{ keepSecret: true \}'
        $text | Should -Not -Match 'pester-export-secret-91d2'
        $kept = Join-Path -Path $Work -ChildPath 'kept.yaml'
        Set-Content -Path $kept -Value $text
        Test-BackgroundJobConfiguration -Path $kept -Quiet | Should -BeTrue

        $file = Join-Path -Path $Work -ChildPath 'with-secrets.yaml'
        Export-BackgroundJobConfiguration -Name sm.pester.exportsecret -IncludeSecret -Path $file
        Get-Content -Raw -Path $file | Should -Match 'TOKEN: \{ secret: "pester-export-secret-91d2" \}'
        (& stat -c '%a' $file) | Should -Be '600'
    }
}
