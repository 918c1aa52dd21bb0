<#
.SYNOPSIS
    The syntax gate: parses PowerShell files with PowerShell's own parser and refuses what Windows
    PowerShell 5.1 cannot parse (the module ships for both editions): the ternary operator, ?? and ??=,
    null-conditional member access (?. ?[]), and the pipeline chain operators && and ||.
.OUTPUTS
    One line per problem, FILE:LINE:COLUMN: message; then "N file(s), M syntax error(s)". Exit code 1 when
    there is any problem.
#>
param(
    [Parameter(Mandatory = $true, ValueFromRemainingArguments = $true)]
    [string[]] $Path
)

$problems = 0
foreach ($file in $Path) {
    $tokens = $null
    $errors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseFile($file, [ref] $tokens, [ref] $errors)
    foreach ($parseError in $errors) {
        '{0}:{1}:{2}: {3}' -f $file, $parseError.Extent.StartLineNumber, $parseError.Extent.StartColumnNumber, $parseError.Message
        $problems++
    }

    $newer = $ast.FindAll({
            param($node)
            $node -is [System.Management.Automation.Language.TernaryExpressionAst] -or
            $node -is [System.Management.Automation.Language.PipelineChainAst] -or
            ($node -is [System.Management.Automation.Language.BinaryExpressionAst] -and $node.Operator -eq 'QuestionQuestion') -or
            ($node -is [System.Management.Automation.Language.AssignmentStatementAst] -and $node.Operator -eq 'QuestionQuestionEquals') -or
            ($node -is [System.Management.Automation.Language.MemberExpressionAst] -and $node.NullConditional) -or
            ($node -is [System.Management.Automation.Language.IndexExpressionAst] -and $node.NullConditional)
        }, $true)
    foreach ($node in $newer) {
        '{0}:{1}:{2}: ''{3}'' needs PowerShell 7; the module also runs on Windows PowerShell 5.1' -f $file, $node.Extent.StartLineNumber, $node.Extent.StartColumnNumber, $node.Extent.Text
        $problems++
    }
}

'{0} file(s), {1} syntax error(s)' -f $Path.Count, $problems
if ($problems -gt 0) {
    exit 1
}
