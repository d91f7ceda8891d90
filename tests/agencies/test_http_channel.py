"""The HTTP channel against real loopback agencies: connections kept open and reused, a connection the agency
closed meanwhile replaced without costing the request a try, and TLS: the agency's certificate checked against
the configured authority, the counter's client certificate presented when the agency asks for one."""

from __future__ import annotations

import uuid
from pathlib import Path

from agency_server import Agency, running_agency
from agency_tls import make_pki

from counter.agencies.channels import Exchange, HttpChannel, Outgoing
from counter.base.config import AgencySettings


def batch(size: int) -> list[Outgoing]:
    keys = [str(uuid.uuid4()) for _ in range(size)]
    return [Outgoing(uuid.uuid4(), key, {"idempotency_key": key, "number": n}) for n, key in enumerate(keys)]


def send(url: str, outgoing: list[Outgoing], **entry: object) -> list[Exchange]:
    channel = HttpChannel(AgencySettings(code="*", channel="http", url=url, timeout_seconds=2, **entry))  # type: ignore[arg-type]
    try:
        return channel.send(outgoing)
    finally:
        channel.close()


def test_connections_are_kept_open_and_reused() -> None:
    with running_agency(Agency(keep_alive=True)) as agency:
        channel = HttpChannel(AgencySettings(code="*", channel="http", url=agency.url, concurrency=4))
        try:
            exchanges = channel.send(batch(40)) + channel.send(batch(40))
        finally:
            channel.close()
    assert {e.result for e in exchanges} == {"acknowledged"} and len(agency.accepted) == 80
    assert 1 <= agency.connections <= 4


def test_a_connection_the_agency_closed_meanwhile_is_replaced_without_costing_a_try() -> None:
    outgoing = batch(12)
    with running_agency(Agency(keep_alive=True, answers_per_connection=1)) as agency:
        exchanges = send(agency.url, outgoing, concurrency=1)
    assert [e.result for e in exchanges] == ["acknowledged"] * 12
    assert [e.reference for e in exchanges] == [f"AG-{item.key[:8]}" for item in outgoing]
    assert len(agency.accepted) == 12 and agency.duplicates == 0 and agency.connections == 12


def test_an_https_agency_is_checked_against_the_configured_authority(tmp_path: Path) -> None:
    pki = make_pki(tmp_path)
    with running_agency(Agency(keep_alive=True), tls=pki.agency_context(require_client=False)) as agency:
        trusted = send(agency.url, batch(6), ca_file=pki.authority)
        unknown = send(agency.url, batch(2))  # the system's authorities do not know the agency's
    assert agency.url.startswith("https://127.0.0.1:")
    assert {e.result for e in trusted} == {"acknowledged"} and len(agency.accepted) == 6
    assert {(e.result, e.reason) for e in unknown} == {("retry", "connection: SSLCertVerificationError")}


def test_a_client_certificate_is_presented_when_the_agency_asks_for_one(tmp_path: Path) -> None:
    pki = make_pki(tmp_path)
    with running_agency(Agency(), tls=pki.agency_context(require_client=True)) as agency:
        with_certificate = send(agency.url, batch(3), ca_file=pki.authority, client_cert=pki.client)
        without = send(agency.url, batch(2), ca_file=pki.authority)
    assert {e.result for e in with_certificate} == {"acknowledged"} and len(agency.accepted) == 3
    assert all(e.result == "retry" and e.reason.startswith("connection: ") for e in without)
