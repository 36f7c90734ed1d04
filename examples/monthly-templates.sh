#!/usr/bin/env bash
# Monthly mail-out: one fill-in workbook per department (责任单位), in a folder per month.
#
#   monthly-templates.sh [FOLDER] [AS_OF]
#
# FOLDER holds targets.yaml (default: the current folder; kpi finds kpi.db beside it, or
# KPI_DB says where it is). AS_OF is the date the "last reported" columns are as of (default:
# today). The workbooks go to $KPI_TEMPLATES (default FOLDER/templates/YYYY-MM) as OWNER.xlsx,
# and their paths are printed, one per line, for a mail merge.
#
# Safe to run again: a blank template kpitrack wrote before is replaced, but a file someone
# has filled in is never overwritten (kpi says so and the script stops with exit code 2).
# When they come back: for f in returned/*.xlsx; do kpi import "$f"; done
set -euo pipefail

folder="${1:-.}"
as_of="${2:-$(date +%Y-%m-%d)}"
cd "$folder"

out="${KPI_TEMPLATES:-templates/${as_of:0:7}}"
mkdir -p "$out"

kpi template --list-owners | while IFS= read -r owner; do
  kpi template --owner "$owner" --as-of "$as_of" -o "$out/$owner.xlsx" </dev/null
  echo "$out/$owner.xlsx"
done
