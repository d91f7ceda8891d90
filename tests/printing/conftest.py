"""Fixtures for printing tests: loopback ESC/POS printers, the bundled font, a signing key."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from printing_helpers import RECEIPT_NO, FakeEscposPrinter, loopback_printers  # noqa: F401 - the make_printer fixture

from counter.printing.signing import PayloadSigner, TrustedKey
from printers.fonts import FontSet, bundled_fonts


@pytest.fixture
def fake_printer(make_printer: Callable[..., FakeEscposPrinter]) -> FakeEscposPrinter:
    """A healthy loopback printer."""
    return make_printer()


@pytest.fixture(scope="session")
def fonts() -> FontSet:
    """The bundled NanumSquare pair: the same pixels on every machine."""
    return bundled_fonts()


@pytest.fixture(scope="session")
def office_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


@pytest.fixture
def signer(office_key: Ed25519PrivateKey) -> PayloadSigner:
    return PayloadSigner(office_key, "https://counter.invalid/v")


@pytest.fixture
def office_trust(office_key: Ed25519PrivateKey) -> list[TrustedKey]:
    """The office key trusted for the office of the bundles these tests print (3220052)."""
    return [TrustedKey(office_key.public_key(), frozenset({RECEIPT_NO.split("-")[0]}), "office_key")]
