# Dot-sourced by every test file: the module as laid out for shipping (tests/Pester/Invoke-Tests.ps1 says
# where), a scratch folder, and helpers that ask systemd itself rather than the module under test.

Import-Module -Name $env:SM_MODULE -Force
$script:Work = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath ('sm-pester-' + [guid]::NewGuid().ToString('N'))
New-Item -ItemType Directory -Path $script:Work -Force | Out-Null
$script:TestUser = 'smtest'
$script:TestUserId = 4242

function Get-UnitProperty {
    # One property of a unit as systemd reports it, from the system manager or the test user's.
    param([string] $Unit, [string] $Property, [switch] $User)
    if ($User) {
        (& runuser -u $script:TestUser -- env "XDG_RUNTIME_DIR=/run/user/$script:TestUserId" systemctl --user show --value -p $Property $Unit | Out-String).Trim()
    }
    else {
        (& systemctl show --value -p $Property $Unit | Out-String).Trim()
    }
}

function Start-TestUserManager {
    & systemctl start "user@$script:TestUserId.service"
    if ($LASTEXITCODE -ne 0) { throw "The test user's manager did not start." }
}

function Remove-TestJob {
    # Removes what a test made, whatever state it is in; systemd's own unit directories are the truth.
    param([string[]] $Name)
    foreach ($job in $Name) {
        Get-BackgroundJobDefinition -Name $job -ErrorAction SilentlyContinue | Remove-BackgroundJobDefinition -Force -Confirm:$false -ErrorAction SilentlyContinue
    }
}

function Wait-Until {
    # Polls a condition systemd reports, up to a deadline; throws with what it waited for.
    param([scriptblock] $Condition, [string] $What, [int] $Seconds = 20)
    $deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
    while (-not (& $Condition)) {
        if ([DateTime]::UtcNow -gt $deadline) { throw "Timed out after $Seconds s waiting for $What." }
        Start-Sleep -Milliseconds 100
    }
}
