function Invoke-CleanTask($Context) {
    Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $Context.Out
    Get-ChildItem $Context.Root -Recurse -Directory -Include bin, obj |
        Where-Object { $_.FullName -notmatch '[\\/]\.git[\\/]' } |
        Remove-Item -Recurse -Force -ErrorAction SilentlyContinue
}
