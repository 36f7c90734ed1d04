# 每周指标周报：写成带周次的 Markdown 文件，可直接发邮件或发到工作群。
# Weekly KPI summary as a dated Markdown file (PowerShell; weekly-summary.sh is the same for sh).
#
#   powershell -ExecutionPolicy Bypass -File examples\weekly-summary.ps1 [-Folder 目录] [-Week 2024-W27]
#
# Folder 下放 targets.yaml（默认当前目录；kpi 在它旁边找 kpi.db，或由 $env:KPI_DB 指定）。
# Week 是 ISO 周次，如 2024-W27（默认：kpi 选的最近一个完整周）。周报写到 $env:KPI_REPORTS
# （默认 Folder\reports）下的 summary-周次.md，UTF-8 编码。
#
# 退出码 / exit codes: 0 已写出且没有滞后；1 已写出，但仍在进行的周期里有指标滞后；
# 2 输入有误（kpi 在 stderr 说明原因，不写文件）。任务计划程序（Task Scheduler）每周一 8 点：
#
#   schtasks /Create /SC WEEKLY /D MON /ST 08:00 /TN kpi-weekly /TR "powershell -ExecutionPolicy Bypass -File C:\kpi\examples\weekly-summary.ps1 -Folder C:\kpi"
param(
    [string]$Folder = ".",
    [string]$Week = ""
)
$ErrorActionPreference = "Stop"

# kpi writes Markdown as UTF-8 bytes; PowerShell decodes a program's output with the console's
# encoding (GBK, code page 936, on a Chinese Windows) unless told otherwise.
[Console]::OutputEncoding = [System.Text.UTF8Encoding]::new($false)
$OutputEncoding = [Console]::OutputEncoding

Set-Location -LiteralPath $Folder
$reports = if ($env:KPI_REPORTS) { $env:KPI_REPORTS } else { "reports" }
New-Item -ItemType Directory -Force -Path $reports | Out-Null

$arguments = @("summary", "--format", "markdown", "--fail-on", "behind")
if ($Week) { $arguments += @("--week", $Week) }
$lines = & kpi @arguments
$status = $LASTEXITCODE
if ($status -gt 1) { exit $status }

if (-not $Week) {  # the week kpi chose is in the title: "# 指标周报 2024-W27（…）"
    $Week = [regex]::Match($lines[0], '\d{4}-W\d{2}').Value
}
$target = Join-Path $reports "summary-$Week.md"
# Whole or not at all: written beside the target, then moved over it in one step.
$partial = Join-Path $reports ".summary-$Week.$PID.partial"
[System.IO.File]::WriteAllLines($partial, [string[]]$lines, [System.Text.UTF8Encoding]::new($false))
Move-Item -Force -LiteralPath $partial -Destination $target
Write-Output $target
exit $status
