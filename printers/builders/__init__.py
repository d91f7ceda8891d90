"""Builders: plain data (`printers.data`) in, a `Document` out. Pure functions; no I/O."""

from printers.builders.notices import (
    build_birth_notice,
    build_death_notice,
    build_marriage_divorce_notice,
    build_name_change_notice,
    build_notice,
)
from printers.builders.receipts import (
    build_birth_receipt,
    build_death_receipt,
    build_receipt,
    build_report_receipt,
)
from printers.builders.test_page import build_test_page

__all__ = [
    "build_birth_notice",
    "build_birth_receipt",
    "build_death_notice",
    "build_death_receipt",
    "build_marriage_divorce_notice",
    "build_name_change_notice",
    "build_notice",
    "build_receipt",
    "build_report_receipt",
    "build_test_page",
]
