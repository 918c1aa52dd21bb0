BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'Common.ps1')
}

Describe 'Test-BackgroundJobDefinition' {
    It 'reports every finding of a file with its line and column' {
        $file = Join-Path -Path $Work -ChildPath 'bad.yaml'
        Set-Content -Path $file -Value "jobs:`n  - name: com.example.bad`n    kind: demon`n    program: relative`n"
        $findings = Test-BackgroundJobDefinition -Path $file
        $errors = @($findings | Where-Object Severity -eq 'Error')
        $errors.Count | Should -BeGreaterOrEqual 2
        ($errors | Where-Object Path -like '*kind').Location.Line | Should -Be 3
        ($errors | Where-Object Path -like '*kind').Message | Should -Match 'daemon'
    }

    It 'says what a platform cannot express, per target' {
        $file = Join-Path -Path $Work -ChildPath 'web.yaml'
        Set-Content -Path $file -Value "jobs:`n  - { name: com.example.web, kind: daemon, program: 'C:\web.exe', sockets: [{ name: web, protocol: tcp, port: 80 }] }`n"
        $findings = Test-BackgroundJobDefinition -Path $file -TargetOperatingSystem Windows
        ($findings | Where-Object Code -eq 'PlatformUnsupported').Path | Should -Be 'jobs[0].sockets'
    }

    It 'accepts a job exported from this machine, warning about what is not portable' {
        $file = Join-Path -Path $Work -ChildPath 'getty.yaml'
        Export-BackgroundJobConfiguration -Name 'getty@' -Path $file
        $findings = Test-BackgroundJobDefinition -Path $file
        @($findings | Where-Object Severity -eq 'Error').Count | Should -Be 0
        @($findings | Where-Object Message -like 'Not portable*').Count | Should -BeGreaterThan 0
    }

    It 'takes definitions by value and files by their FullName from the pipeline' {
        $definitions = Get-BackgroundJobDefinition -Name 'getty@', 'getty-static'
        @($definitions | Test-BackgroundJobDefinition | Where-Object Severity -eq 'Error').Count | Should -Be 0
        $file = Join-Path -Path $Work -ChildPath 'piped.yaml'
        Set-Content -Path $file -Value "jobs:`n  - { name: com.example.piped, kind: demon, program: /bin/true }`n"
        (Get-Item -Path $file | Test-BackgroundJobDefinition).Code | Should -Contain 'ValueInvalid'
    }
}
