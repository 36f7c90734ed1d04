#!/usr/bin/env bash
# Weekly KPI summary, written as a dated Markdown file for a mail or a chat group.
#
#   weekly-summary.sh [FOLDER] [WEEK]
#
# FOLDER holds targets.yaml (default: the current folder; kpi finds kpi.db beside it, or
# KPI_DB says where it is). WEEK is an ISO week such as 2024-W27 (default: kpi's default, the
# last complete week; once every period has ended, the final week of the latest one, e.g.
# 2025-W01 for 2024, rewritten each run rather than a new empty week every Monday). The summary
# goes to $KPI_REPORTS (default FOLDER/reports) as summary-WEEK.md.
#
# Exit codes: 0 written and nothing is behind; 1 written, and some indicator of a period still
# under way is behind or far behind (a period that has ended is final: missed is not behind, so
# the job does not fail every week once the year is over); 2 bad input (kpi's message on
# stderr, no file written). A cron line:
#
#   0 8 * * 1  cd /srv/kpi && examples/weekly-summary.sh . >> reports/cron.log 2>&1
set -euo pipefail

folder="${1:-.}"
week="${2:-}"
cd "$folder"

reports="${KPI_REPORTS:-reports}"
mkdir -p "$reports"
# a fresh temporary file of our own beside the report (never one someone planted there)
partial=$(mktemp "$reports/.summary.XXXXXX")
chmod 644 "$partial"

status=0
kpi summary ${week:+--week "$week"} --format markdown --fail-on behind >"$partial" || status=$?
if [ "$status" -gt 1 ]; then
  rm -f "$partial"
  exit "$status"
fi
if [ -z "$week" ]; then  # the week kpi chose is in the title: "# 指标周报 2024-W27（…）"
  week=$(head -n 1 "$partial" | grep -oE '[0-9]{4}-W[0-9]{2}' | head -n 1)
fi
target="$reports/summary-$week.md"
mv "$partial" "$target"  # whole or not at all: a reader never sees half a report
echo "$target"
exit "$status"
