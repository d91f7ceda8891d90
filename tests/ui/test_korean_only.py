"""No English in the Korean screens: Textual's own keys, the drop-down, the command palette, Ctrl+C and the
help speak the clerk's language and follow a language switch; the QR check names documents in words."""

from __future__ import annotations

import importlib

from crawler_helpers import english_on_screen, screen_text, settle
from textual.binding import Binding
from textual.dom import DOMNode
from textual.widgets import DataTable, Input, Select, Static
from ui_helpers import FIXED_NOW, make_app, sign_in, type_text

from counter.base.i18n import _, set_language
from counter.office.runtime import Runtime
from counter.printing.print_queue import document_kind_label
from counter.printing.signing import PayloadSigner, load_signing_key
from screens.builtin_texts import TEXTUAL_TEXTS, describe
from screens.help import HelpScreen
from screens.verify import VerifyScreen
from screens.wizard.fields import widget_id

SIZE = (100, 30)


def _textual_classes() -> set[type[DOMNode]]:
    import textual.widgets

    for name in textual.widgets.__all__:
        getattr(textual.widgets, name)  # the widgets load lazily
    for module in ("textual.command", "textual.containers", "textual.screen", "textual.widgets._select"):
        importlib.import_module(module)
    found: set[type[DOMNode]] = set()
    pending = [DOMNode]
    while pending:
        cls = pending.pop()
        for sub in cls.__subclasses__():
            if sub.__module__.startswith("textual") and sub not in found:
                found.add(sub)
                pending.append(sub)
    return found


def test_every_key_textual_describes_has_our_words() -> None:
    missing = set()
    for cls in _textual_classes():
        for entry in cls.__dict__.get("BINDINGS", ()):
            binding = entry if isinstance(entry, Binding) else Binding(*entry)
            missing |= {text for text in (binding.description, binding.tooltip) if text and text not in TEXTUAL_TEXTS}
    assert missing == set()


def test_textual_words_read_korean_and_english() -> None:
    assert describe("Focus Next") == "다음 칸" and describe("Dismiss menu") == "선택 목록 닫기"
    assert describe("Home") == "첫 칸"  # Textual's table key, not the death wizard's "Home" (주택)
    set_language("en")
    assert describe("Focus Next") == "Next field" and describe("Our own text") == "Our own text"


def test_the_qr_check_names_a_document_kind_in_words() -> None:
    assert document_kind_label("RECEIPT-BIRTH") == "출생신고 접수증"
    assert document_kind_label("NOTICE-DEATH") == "사망신고 안내문"
    assert document_kind_label("RECEIPT-NAME-CHANGE") == "개명신고 접수증"
    assert document_kind_label("LETTER-BIRTH") == "LETTER-BIRTH"  # unknown: shown as signed
    set_language("en")
    assert document_kind_label("RECEIPT-BIRTH") == "Receipt for the Birth report"


async def test_an_open_drop_down_says_in_korean_how_to_close_it_and_follows_a_switch(office_runtime: Runtime) -> None:
    app = make_app(office_runtime)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot)
        await pilot.press("f2")
        await settle(pilot)
        app.screen.query_one(f"#{widget_id('child.sex')} Select", Select).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.active_bindings["escape"].binding.description == "선택 목록 닫기"
        text = screen_text(app)
        assert "esc 선택 목록 닫기" in text and english_on_screen(text) == []
        app.switch_language("en")
        await pilot.pause()
        assert "esc Close the choices" in screen_text(app)
        app.switch_language("ko")
        await pilot.pause()
        assert "esc 선택 목록 닫기" in screen_text(app)


async def test_the_command_palette_searches_and_finds_nothing_in_korean(office_runtime: Runtime) -> None:
    app = make_app(office_runtime)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert app.screen.query_one(Input).placeholder == "명령을 찾으려면 입력하세요…"
        await type_text(pilot, "ㅋㅋㅋ")
        await pilot.pause(0.8)  # the palette says so after half a second
        text = screen_text(app)
        assert "맞는 명령이 없습니다" in text and "No matches" not in text and english_on_screen(text) == []


async def test_ctrl_c_with_nothing_selected_says_in_korean_which_key_closes(office_runtime: Runtime) -> None:
    app = make_app(office_runtime)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot)
        await pilot.press("ctrl+c")
        await pilot.pause()
        [notice] = list(app._notifications)
        assert notice.message == "프로그램을 닫으려면 ^q를 누르세요." and notice.title == "프로그램을 닫을까요?"
        assert app.is_running


def _rows(app) -> list[list[str]]:  # type: ignore[no-untyped-def]
    table = app.screen.query_one("#help-table", DataTable)
    return [[str(cell) for cell in table.get_row_at(index)] for index in range(table.row_count)]


async def test_help_groups_keys_in_korean_and_shows_ids_only_in_the_advanced_view(office_runtime: Runtime) -> None:
    app = make_app(office_runtime)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = _rows(app)
        titles = [row[0] for row in rows if not row[1]]
        assert titles == ["이 화면", "어디서나"]
        assert ["f2", "출생신고 (행복출산)"] in rows and ["tab", "다음 칸"] in rows and ["^l", "화면 잠금"] in rows
        assert all(len(row) == 2 for row in rows) and english_on_screen(screen_text(app)) == []
        await pilot.press("a")
        rows = _rows(app)
        assert ["f2", "출생신고 (행복출산)", "home.birth"] in rows and ["^l", "화면 잠금", "app.lock"] in rows
        assert ["↓", "아래로", "-"] in rows  # the list's own keys, in words, in the advanced view only
        app.switch_language("en")
        await pilot.pause()
        assert ["f2", "Birth bundle", "home.birth"] in _rows(app)
        assert ["tab", "Next field", "-"] in _rows(app)


async def test_the_qr_check_shows_the_document_in_korean_not_its_code(office_runtime: Runtime) -> None:
    signer = PayloadSigner(load_signing_key(office_runtime.settings.keys_directory(), create=True),
                           office_runtime.settings.verify_base_url)
    payload = signer.sign("3650052-T1-261121-0001-H", "3650052", "receipt-birth", FIXED_NOW)
    app = make_app(office_runtime)
    async with app.run_test(size=(120, 35)) as pilot:
        await sign_in(pilot)
        app.push_screen(VerifyScreen())
        await pilot.pause()
        app.screen.query_one("#payload", Input).value = payload
        await pilot.press("enter")
        await settle(pilot)
        result = str(app.screen.query_one("#verify-result", Static).content)
        assert _("Document: {document}").format(document="출생신고 접수증") in result
        assert "RECEIPT" not in result and "RECEIPT" not in screen_text(app)
