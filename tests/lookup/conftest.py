"""The clerk of the lookup tests (the filings they make: `lookup_filings`)."""

from __future__ import annotations

from lookup_filings import clerk

__all__ = ["clerk"]
