#!/usr/bin/env bash
# Weekly KPI summary, written as a dated Markdown file for a mail or a chat group.
#
#   weekly-summary.sh [FOLDER] [WEEK]
#
# FOLDER holds targets.yaml (default: the current folder; kpi finds kpi.db beside it, or
# KPI_DB says where it is). WEEK is an ISO week such as 2024-W27 (default: the last complete
# week). The summary goes to $KPI_REPORTS (default FOLDER/reports) as summary-WEEK.md.
#
# Exit codes: 0 written and nothing is behind; 1 written, and some indicator is behind or far
# behind; 2 bad input (kpi's message on stderr, no file written). A cron line:
#
#   0 8 * * 1  cd /srv/kpi && examples/weekly-summary.sh . >> reports/cron.log 2>&1
set -euo pipefail

folder="${1:-.}"
week="${2:-}"
cd "$folder"

if [ -z "$week" ]; then
  week=$(python3 -c 'import datetime as d; y, w, _ = (d.date.today() - d.timedelta(days=7)).isocalendar(); print(f"{y}-W{w:02d}")')
fi

reports="${KPI_REPORTS:-reports}"
mkdir -p "$reports"
target="$reports/summary-$week.md"
partial="$target.partial"

status=0
kpi summary --week "$week" --format markdown --fail-on behind >"$partial" || status=$?
if [ "$status" -gt 1 ]; then
  rm -f "$partial"
  exit "$status"
fi
mv "$partial" "$target"  # whole or not at all: a reader never sees half a report
echo "$target"
exit "$status"
