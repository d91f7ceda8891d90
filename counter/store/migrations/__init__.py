"""Alembic revisions shipped in the package; `SCHEMA_HEAD` names the newest one.

A test checks `SCHEMA_HEAD` against Alembic's own view, so start-up can compare the database's
revision without importing Alembic unless an upgrade is needed.
"""

from pathlib import Path

MIGRATIONS_DIR = Path(__file__).resolve().parent
SCHEMA_HEAD = "0011"
