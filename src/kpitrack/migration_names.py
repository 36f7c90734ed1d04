"""The names of kpitrack's migrations, in the order they apply, and where SQLite records them.

What a report checks a file against — is it in step, behind, or from a newer kpitrack — without
importing the migrations themselves (their SQL and sqlite-utils' machinery): a status starts
sooner (issue 13). :mod:`kpitrack.migrations` registers one function for each name; a test
keeps the two the same, so a new migration is added in both places.
"""

from __future__ import annotations

NAMES = (
    "m001_initial",
    "m002_entries_by_date",
    "m003_corrections_and_revisions",
    "m004_exact_values",
    "m005_imports_and_restores",
    "m006_qualifiers_and_results",
    "m007_scopes",
    "m008_database_roles",
    "m009_fast_reads",
    "m010_entry_days",
    "m011_entry_days_running",
)
SET = "kpitrack"  # the migration set's name in SQLite's record
TABLE = "_sqlite_migrations"  # sqlite-utils' record of what was applied
