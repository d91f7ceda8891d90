"""Receipt numbers: unique across offices and devices without coordination, human-readable,
with a check character, printable as Code128.

Format: `OFFICE-DEVICE-YYMMDD-NNNN-C`, e.g. `3650052-K7-261121-0003-M`: the office code and this
device's code make it unique without asking a server (an offline kiosk included); NNNN counts the
device's bundles that day; C is the ISO 7064 MOD 37,36 check character over everything before it.
"""

from __future__ import annotations

import re
from datetime import date

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
RECEIPT_RE = re.compile(r"^([0-9A-Z]{1,10})-([0-9A-Z]{1,6})-(\d{6})-(\d{4,6})-([0-9A-Z])$")


def check_character(body: str) -> str:
    """ISO 7064 MOD 37,36 check character of `body` (letters, digits; hyphens ignored)."""
    modulus, product = 36, 36
    for char in body.replace("-", ""):
        total = (product + ALPHABET.index(char)) % modulus or modulus
        product = (total * 2) % (modulus + 1)
    return ALPHABET[(modulus + 1 - product) % modulus]


def prefix(office_code: str, device: str, day: date) -> str:
    """The part shared by one device's receipts on one day."""
    return f"{office_code.upper()}-{device.upper()}-{day:%y%m%d}-"


def make_receipt_number(office_code: str, device: str, day: date, sequence: int) -> str:
    """The receipt number for the device's `sequence`-th bundle on `day` (1-based)."""
    body = f"{prefix(office_code, device, day)}{sequence:04d}"
    return f"{body}-{check_character(body)}"


def is_valid_receipt_number(value: str) -> bool:
    """True when `value` has the receipt format and its check character agrees."""
    if not RECEIPT_RE.match(value):
        return False
    body, check = value.rsplit("-", 1)
    return check_character(body) == check


def sequence_of(value: str) -> int:
    """The daily sequence number inside a receipt number."""
    match = RECEIPT_RE.match(value)
    if not match:
        raise ValueError(value)
    return int(match.group(4))
