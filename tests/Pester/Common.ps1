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
    # Polls a condition systemd reports, up to a deadline; throws with what it waited for and, given -Seen,
    # what there was to see.
    param([scriptblock] $Condition, [string] $What, [int] $Seconds = 20, [scriptblock] $Seen)
    $deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
    while (-not (& $Condition)) {
        if ([DateTime]::UtcNow -gt $deadline) {
            $shown = if ($Seen) { "`n" + (& $Seen | Out-String) } else { '' }
            throw "Timed out after $Seconds s waiting for $What.$shown"
        }
        Start-Sleep -Milliseconds 100
    }
}

function Start-InteractiveShell {
    # An interactive pwsh (this one's own PowerShell) in a detached tmux session with the module imported
    # and the prompt "READY> "; returns the session's name for Send-ShellLine, Get-PaneText and send-keys.
    if (-not (Get-Command -Name tmux -ErrorAction SilentlyContinue)) { throw 'tmux is needed to drive an interactive shell.' }
    $shell = [Environment]::ProcessPath
    $arguments = if ([System.IO.Path]::GetFileNameWithoutExtension($shell) -eq 'dotnet') { "'$PSHOME/pwsh.dll' -NoLogo -NoProfile" } else { '-NoLogo -NoProfile' }
    $session = 'sm-pester-' + [guid]::NewGuid().ToString('N').Substring(0, 8)
    & tmux new-session -d -s $session -x 200 -y 50 "'$shell' $arguments"
    if ($LASTEXITCODE -ne 0) { throw 'tmux did not start a session.' }
    # Keys typed before the line editor starts lose their Enter: wait for the first prompt.
    Wait-Until -Condition { (Get-PaneText -Pane $session) -match '^PS .*>$' } -What 'the interactive shell to start' -Seen { Get-PaneText -Pane $session }
    Send-ShellLine -Pane $session -Line "function prompt { 'READY> ' }; Import-Module -Name '$env:SM_MODULE'; 'imported'"
    Wait-Until -Condition { (Get-PaneText -Pane $session) -match '(?m)^imported\s*\n(.*\n)*READY>$' } -What 'the interactive shell to import the module' -Seen { Get-PaneText -Pane $session }
    $session
}

function Send-ShellLine {
    param([string] $Pane, [string] $Line)
    & tmux send-keys -t $Pane -l $Line
    & tmux send-keys -t $Pane Enter
}

function Get-PaneText {
    # The pane as the user sees it, trailing blank lines dropped.
    param([string] $Pane)
    ((& tmux capture-pane -p -J -t $Pane) -join "`n").TrimEnd()
}
