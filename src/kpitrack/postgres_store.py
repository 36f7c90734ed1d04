"""The PostgreSQL adapter (placeholder until the adapter lands)."""
