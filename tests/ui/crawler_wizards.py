"""How the crawler walks a wizard: a declaration read as field values (the death family as the counts the
clerk enters), each step typed in screen order, list rows added and removed, items unticked and ticked,
and the filed screen's papers."""

from __future__ import annotations

import json
from pathlib import Path

from crawler_helpers import check, choose, put, settle, shown
from ui_helpers import FIXED_NOW, PASSWORD

from counter.office.runtime import Runtime
from screens.home import HomeScreen
from screens.wizard.filed import FiledScreen

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def example(name: str) -> dict:  # type: ignore[type-arg]
    """An example declaration from examples/."""
    return json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def flatten(data: object, prefix: str = "") -> dict[str, object]:
    """`{"child": {"surname": "김"}}` -> `{"child.surname": "김"}`; lists as `[i]` (field paths)."""
    if isinstance(data, dict):
        out: dict[str, object] = {}
        for key, value in data.items():
            out.update(flatten(value, f"{prefix}.{key}" if prefix else key))
        return out
    if isinstance(data, list) and data and isinstance(data[0], dict):
        out = {}
        for index, value in enumerate(data):
            out.update(flatten(value, f"{prefix}[{index}]"))
        return out
    return {prefix: data}


def birth_values(declaration: dict) -> dict[str, object]:  # type: ignore[type-arg]
    """The birth wizard's field values for a declaration (services declined are ticked off on their step)."""
    values = flatten({key: value for key, value in declaration.items()
                      if key not in ("idempotency_key", "declined_services")})
    values.update({f"decline.{d['code']}": d["reason"] for d in declaration.get("declined_services", [])})
    presented = declaration.get("attachments", {}).get("presented", [])
    assert len(presented) <= 1, "the wizard records the one document the report rests on"
    values["attachments.presented"] = presented[0] if presented else ""
    return values


def death_values(declaration: dict) -> dict[str, object]:  # type: ignore[type-arg]
    """The death wizard's field values: the relatives list read back as the counts the clerk enters."""
    from screens.death.draft import COUNTS

    values = flatten({key: value for key, value in declaration.items() if key not in ("idempotency_key", "inquiry")})
    for path in [path for path in values if path.startswith("death.certifiers[")]:  # numbered rows in the wizard
        value = values.pop(path)
        row = path.replace("[", ".").replace("]", "")
        if not row.endswith(".role") or value != "acquaintance":  # the wizard asks a head's role only
            values[row] = value
    if "death_report_receipt_no" in declaration:
        values["later.enabled"] = True
    inquiry = declaration.get("inquiry")
    if inquiry is None:
        values["inquiry.apply"] = False
        return values
    relatives = {row["id"]: row for row in inquiry["family"]["relatives"]}
    heir = relatives[inquiry["heir"]]
    via = relatives.get(heir.get("through", ""))
    values["inquiry.heir"] = heir["relation"]
    values.update({f"inquiry.{path}": value for path, value in flatten({"applicant": inquiry["applicant"]}).items()})
    if via is not None:
        values["family.via_status"] = via.get("status", "alive")
    paths = {(str(relation), status): path for path, (relation, status, _below) in COUNTS.items()}
    counts: dict[str, int] = {}
    for row in relatives.values():
        if row is heir or row is via or row.get("through"):
            continue
        status = row.get("status", "alive")
        if row["relation"] == "spouse":
            values["family.spouse"] = status
        elif (row["relation"], status) in paths:
            counts[paths[row["relation"], status]] = counts.get(paths[row["relation"], status], 0) + 1
    values.update({path: str(count) for path, count in counts.items()})
    return values


async def fill_step(pilot, wizard, values: dict[str, object], name: str) -> None:  # type: ignore[no-untyped-def]
    """Type every value of the step on screen into its field, in screen order, checking after each."""
    for field in wizard.fields(wizard.step):
        if field.path in values and shown(field):
            await put(pilot, wizard, field.path, values[field.path])
            await check(pilot, f"{name}: {field.path}")


async def next_step(pilot, wizard, name: str) -> None:  # type: ignore[no-untyped-def]
    """PgDn; the step must be complete (else the test names the problems shown)."""
    index = wizard.step_index
    await pilot.press("pagedown")
    await settle(pilot)
    await check(pilot, f"{name}: next")
    problems = [(field.path, str(field.query_one(".wf-error").content)) for field in wizard.fields(wizard.step)
                if field.has_error]
    assert wizard.step_index == index + 1, f"{name}: step {wizard.step.id} not complete: {problems}"


async def press_step_button(pilot, button_id: str, name: str) -> None:  # type: ignore[no-untyped-def]
    pilot.app.screen.query_one(f"#{button_id}").focus()
    await pilot.press("enter")
    await settle(pilot)
    await check(pilot, f"{name}: button #{button_id}")


async def household_rows(pilot, wizard, count: int, name: str) -> None:  # type: ignore[no-untyped-def]
    """Add a row per sibling, then one more and remove it again (the list grows and shrinks)."""
    for _row in range(count + 1):
        await press_step_button(pilot, "add-sibling", name)
    await press_step_button(pilot, "remove-sibling", name)
    assert wizard.draft.sibling_count == count


async def decline_services(pilot, wizard, values: dict[str, object], name: str) -> None:  # type: ignore[no-untyped-def]
    """Untick each service the declaration declines (its reason field then opens) and type the reason."""
    for path, reason in values.items():
        if path.startswith("decline."):
            row = wizard.query_one(f"#service-{path.removeprefix('decline.')}")
            row.query_one(".service-tick").focus()
            await pilot.press("space")
            await settle(pilot)
            await put(pilot, wizard, path, reason)
            await check(pilot, f"{name}: {path}")


async def choose_items(pilot, wizard, items: list[dict] | None, name: str) -> None:  # type: ignore[no-untyped-def,type-arg]
    """Untick the items not applied for, tick them back and off again, and pick each item's channel."""
    from screens.death.parts import InquiryItemRow

    wanted = None if items is None else {item["code"]: item.get("channel") for item in items}
    for row in wizard.query(InquiryItemRow):
        tick = row.query_one(".item-tick")
        tick.focus()
        await pilot.press("space", "space")  # off and on again: the list shrinks and grows
        await settle(pilot)
        if wanted is not None and row.item.code not in wanted:
            await pilot.press("space")
        elif wanted is not None and wanted[row.item.code] and row.query(".item-channel-choice"):
            select = row.query_one(".item-channel-choice")
            select.focus()
            await choose(pilot, select, list(row.item.channels).index(wanted[row.item.code]))
            assert select.value == wanted[row.item.code]
        await settle(pilot)
        await check(pilot, f"{name}: item {row.item.code}")
    if wanted is not None:
        assert {code for code, choice in wizard.draft.items.items() if choice.ticked} == set(wanted)


async def papers_and_home(pilot, name: str) -> None:  # type: ignore[no-untyped-def]
    """On the filed screen: preview both papers (Tab switches), then Enter returns home."""
    assert isinstance(pilot.app.screen, FiledScreen), f"{name}: not filed ({pilot.app.screen!r})"
    await check(pilot, f"{name}: filed")
    for key in ("f3", "tab", "escape", "f4", "escape", "enter"):
        await pilot.press(key)
        await settle(pilot)
        await check(pilot, f"{name}: filed › {key}")
    assert isinstance(pilot.app.screen, HomeScreen)


def file_earlier_report(runtime: Runtime) -> str:
    """File the example death report alone through the filing service; its receipt number."""
    from counter.filing.death import file_death
    from counter.office.clerks import authenticate

    clerk = authenticate(runtime.db, "lee", PASSWORD, runtime.settings, runtime.device)
    return file_death(runtime, clerk, example("death-report-alone"), today=FIXED_NOW.date()).receipt_no
