BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'Common.ps1')
}

AfterAll {
    Remove-TestJob sm.pester.agent, sm.pester.allusers
}

Describe 'New-Agent' {
    # The harness has no logind, so -Linger (loginctl enable-linger) is not tried here; the user's manager is started by hand.
    It "creates and starts another user's agent in that user's own manager" {
        Start-TestUserManager
        New-Agent -Name sm.pester.agent -Program /bin/sleep -Arguments 1000 -User smtest -Start
        Get-UnitProperty -Unit sm.pester.agent.service -Property ActiveState -User | Should -Be 'active'
        (& stat -c '%U %a' /home/smtest/.config/systemd/user/sm.pester.agent.service) | Should -Be 'smtest 644'
        (Get-BackgroundJobDefinition -Name sm.pester.agent -User smtest).Kind | Should -Be 'Agent'
        (Get-BackgroundJobStatus -Name sm.pester.agent -User smtest).ProcessId | Should -Be ([int](Get-UnitProperty -Unit sm.pester.agent.service -Property MainPID -User))
    }

    It 'creates an agent for every user in /etc/systemd/user' {
        New-Agent -Name sm.pester.allusers -Program /bin/true -Scope System
        Test-Path -Path /etc/systemd/user/sm.pester.allusers.service | Should -BeTrue
        (& systemctl --global is-enabled sm.pester.allusers.service) | Should -Be 'enabled'
    }

    It 'refuses every bad value at once, naming each parameter, and writes nothing' {
        New-Agent -Name 'bad name' -Program /bin/true -Restart Always -RestartDelay 0s -ErrorAction SilentlyContinue -ErrorVariable failed
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'NewAgentInvalidDefinition,*'
        $failed[0].CategoryInfo.Category | Should -Be 'InvalidData'
        @($failed[0].Exception.Findings.Path) | Should -Be @('-Name', '-RestartDelay')
        @(Get-ChildItem -Path /etc/systemd/user, /home/smtest/.config/systemd/user -Filter 'bad*' -ErrorAction SilentlyContinue).Count | Should -Be 0
    }
}
