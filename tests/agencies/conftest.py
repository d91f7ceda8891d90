"""The clerk of the agency tests (the filings they make: `agency_filings`)."""

from __future__ import annotations

from agency_filings import clerk

__all__ = ["clerk"]
