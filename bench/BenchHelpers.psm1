# Small helpers shared by bench/*.bench.ps1: whole-process timing of two commands, run in turn.
Set-StrictMode -Version Latest

function Get-PwshCommandLine {
    <# The executable and leading arguments that start a pwsh like this one. #>
    $self = [Environment]::ProcessPath
    [string[]] $prefix = if ((Split-Path -Leaf $self) -match '^pwsh(\.exe)?$') { @() } else { @(Join-Path $PSHOME 'pwsh.dll') }
    [pscustomobject]@{ FilePath = $self; Prefix = $prefix }
}

function Measure-ProcessPair {
    <#
    Runs A and B in turn (A B A B ...) after one warm-up each and returns the median wall times and the
    median of the pair-by-pair ratios A/B, so a drifting machine affects both sides alike.
    #>
    param(
        [Parameter(Mandatory)] [scriptblock] $A,
        [Parameter(Mandatory)] [scriptblock] $B,
        [int] $Runs = 7
    )
    & $A | Out-Null; & $B | Out-Null
    $timesA = [System.Collections.Generic.List[double]]::new()
    $timesB = [System.Collections.Generic.List[double]]::new()
    $ratios = [System.Collections.Generic.List[double]]::new()
    for ($i = 0; $i -lt $Runs; $i++) {
        $a = (Measure-Command { & $A | Out-Null }).TotalMilliseconds
        $b = (Measure-Command { & $B | Out-Null }).TotalMilliseconds
        $timesA.Add($a); $timesB.Add($b); $ratios.Add($a / [Math]::Max($b, 0.001))
    }
    [pscustomobject]@{ MedianA = Get-Median $timesA; MedianB = Get-Median $timesB; MedianRatio = Get-Median $ratios; Runs = $Runs }
}

function Get-Median([double[]] $Values) {
    $sorted = $Values | Sort-Object
    $n = $sorted.Count
    if ($n % 2) { return $sorted[[int][Math]::Floor($n / 2)] }
    return ($sorted[$n / 2 - 1] + $sorted[$n / 2]) / 2
}

Export-ModuleMember -Function Get-PwshCommandLine, Measure-ProcessPair, Get-Median
