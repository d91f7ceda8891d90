"""The death wizard's earlier-receipt field: a bidi or control character typed or pasted is not taken,
and any other hidden character that gets in is refused beside the field, naming its code point
(issue 9 item 7, input side)."""

from __future__ import annotations

from test_birth_wizard import settle
from test_death_wizard import SIZE, error_of, field, next_step, open_wizard
from textual import events
from ui_helpers import make_app, type_text

from counter.office.runtime import Runtime

RECEIPT = "3650052-T1-261121-0001-H"


async def test_the_earlier_receipt_field_refuses_hidden_characters(office_runtime: Runtime) -> None:
    app = make_app(office_runtime)
    async with app.run_test(size=SIZE) as pilot:
        wizard = await open_wizard(pilot)
        field(wizard, "later.enabled").control.focus()
        await pilot.press("space", "tab")
        receipt = field(wizard, "death_report_receipt_no")
        assert app.focused is receipt.control
        await type_text(pilot, RECEIPT)
        await pilot.press("\u202e", "\u061c", "\u009b")  # typed: not taken
        for pasted in ("\u2066X", "\u061c"):  # pasted with an isolate, an Arabic letter mark: not taken
            receipt.control.post_message(events.Paste(pasted))
        await settle(pilot)
        assert receipt.control.value == RECEIPT  # type: ignore[attr-defined]
        receipt.control.post_message(events.Paste("\u3164"))  # a Hangul filler passes the keys' filter
        await settle(pilot)
        assert receipt.control.value == RECEIPT + "\u3164"  # type: ignore[attr-defined]
        await next_step(pilot)
        assert wizard.step.id == "step-deceased"
        assert "U+3164" in error_of(wizard, "death_report_receipt_no")
        for _key in range(len("\u3164")):
            await pilot.press("backspace")
        await settle(pilot)
        assert "U+3164" not in error_of(wizard, "death_report_receipt_no")
