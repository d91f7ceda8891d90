"""The QR check (F9 on the printers screen) refuses, in Korean, a paper whose signing key is not bound to
the office it names: this office's own key on another office's paper, and a legacy unbound key."""

from __future__ import annotations

from crawler_helpers import english_on_screen, screen_text
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from printing_ui_helpers import settle, sign_in_beside_the_spool
from textual.widgets import Input, Static
from ui_helpers import FIXED_NOW, make_app

from counter.office.runtime import Runtime
from counter.printing.signing import PayloadSigner, export_public_key, load_signing_key
from screens.printers import PrintersScreen
from screens.verify import VerifyScreen

SIZE = (110, 32)
OWN_OFFICE, OTHER_OFFICE = "3650052", "3650053"  # the test office, and its neighbour
OTHER_KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(2, 34)))


async def open_verify(pilot) -> None:  # type: ignore[no-untyped-def]
    """Sign in, F6 to the printers screen, F9 to the QR check."""
    await sign_in_beside_the_spool(pilot)
    await pilot.press("f6")
    await settle(pilot)
    assert isinstance(pilot.app.screen, PrintersScreen)
    await pilot.press("f9")
    await settle(pilot)
    assert isinstance(pilot.app.screen, VerifyScreen)


async def check(pilot, payload: str) -> Static:  # type: ignore[no-untyped-def]
    """Scan `payload` (the scanner types it and presses Enter) and wait for the answer."""
    pilot.app.screen.query_one("#payload", Input).value = payload
    await pilot.press("enter")
    await settle(pilot)
    return pilot.app.screen.query_one("#verify-result", Static)


async def test_own_key_on_another_offices_paper_is_refused_in_korean(journey_runtime: Runtime) -> None:
    signer = PayloadSigner(load_signing_key(journey_runtime.settings.keys_directory(), create=True),
                           journey_runtime.settings.verify_base_url)
    app = make_app(journey_runtime)
    async with app.run_test(size=SIZE) as pilot:
        await open_verify(pilot)
        result = await check(pilot, signer.sign(f"{OWN_OFFICE}-T1-261121-0001-K", OWN_OFFICE, "notice-birth", FIXED_NOW))
        assert result.has_class("-valid") and f"기관 코드: {OWN_OFFICE}" in str(result.content)
        result = await check(pilot, signer.sign(f"{OTHER_OFFICE}-T1-261121-0001-K", OTHER_OFFICE, "notice-birth",
                                                FIXED_NOW))
        text = str(result.content)
        assert result.has_class("-invalid") and text.startswith("유효하지 않은 QR 코드입니다")
        assert f"기관 {OWN_OFFICE}의 서류에만 서명할 수 있는데 기관 {OTHER_OFFICE}의 서류에 서명되었습니다" in text
        assert english_on_screen(screen_text(app)) == []


async def test_a_legacy_unbound_key_is_refused_with_what_to_ask_the_operator(journey_runtime: Runtime) -> None:
    trusted = journey_runtime.settings.keys_directory() / "trusted"
    trusted.mkdir(parents=True)
    (trusted / "neighbour.pem").write_text(export_public_key(OTHER_KEY), encoding="ascii")  # trusted before bindings
    payload = PayloadSigner(OTHER_KEY, journey_runtime.settings.verify_base_url).sign(
        f"{OTHER_OFFICE}-T1-261121-0002-K", OTHER_OFFICE, "receipt-birth", FIXED_NOW)
    app = make_app(journey_runtime)
    async with app.run_test(size=SIZE) as pilot:
        await open_verify(pilot)
        result = await check(pilot, payload)
        text = str(result.content)
        assert result.has_class("-invalid") and "어느 기관에도 연결되어 있지 않아 어떤 서류도 증명하지 않습니다" in text
        assert "관리자에게 이 키가 서명하는 기관 코드에 연결해 달라고 요청하세요" in text
        assert english_on_screen(screen_text(app)) == []
