"""The office the notifications are sent to: 역삼1동 (3650052), its supervisor `boss` on device T1."""

from __future__ import annotations

import pytest

from counter.base.session import SignedInClerk
from counter.office.clerks import setup_office
from counter.office.runtime import Runtime


@pytest.fixture
def clerk(runtime: Runtime) -> SignedInClerk:
    """Supervisor `boss` of office 3650052 on device T1."""
    return setup_office(runtime.db, office_code="3650052", office_name="역삼1동 주민센터", username="boss",
                        display_name="이수진", password="correct horse", device="T1")
