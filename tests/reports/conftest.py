"""Two offices whose clerks filed across two days and both shifts, their work moved along
(`report_filings`)."""

from __future__ import annotations

import pytest
from report_filings import file_everything, move_work_along, setup_two_offices

from counter.office.runtime import Runtime


@pytest.fixture
def filed(runtime: Runtime) -> list[str]:
    """The receipt numbers of `report_filings.FILINGS`, filed and moved along."""
    receipts = file_everything(runtime, setup_two_offices(runtime))
    move_work_along(runtime.db)
    return receipts
