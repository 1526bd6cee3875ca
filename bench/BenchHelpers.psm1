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
    Runs ours and the peer in turn (ours, peer, ours, peer ...) after one warm-up each and returns the median wall
    times and the median of the pair-by-pair ratios ours/peer, so a drifting machine affects both sides alike.
    #>
    param(
        [Parameter(Mandatory)] [scriptblock] $Ours,
        [Parameter(Mandatory)] [scriptblock] $Peer,
        [int] $Runs = 7
    )
    & $Ours | Out-Null; & $Peer | Out-Null
    $oursMs = [System.Collections.Generic.List[double]]::new()
    $peerMs = [System.Collections.Generic.List[double]]::new()
    $ratios = [System.Collections.Generic.List[double]]::new()
    for ($i = 0; $i -lt $Runs; $i++) {
        $o = (Measure-Command { & $Ours | Out-Null }).TotalMilliseconds
        $p = (Measure-Command { & $Peer | Out-Null }).TotalMilliseconds
        $oursMs.Add($o); $peerMs.Add($p); $ratios.Add($o / [Math]::Max($p, 0.001))
    }
    [pscustomobject]@{ OursMs = Get-Median $oursMs; PeerMs = Get-Median $peerMs; MedianRatio = Get-Median $ratios; Runs = $Runs }
}

function Get-Median([double[]] $Values) {
    $sorted = $Values | Sort-Object
    $n = $sorted.Count
    if ($n % 2) { return $sorted[[int][Math]::Floor($n / 2)] }
    return ($sorted[$n / 2 - 1] + $sorted[$n / 2]) / 2
}

Export-ModuleMember -Function Get-PwshCommandLine, Measure-ProcessPair, Get-Median
