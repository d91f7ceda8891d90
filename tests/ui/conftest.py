"""Apps for Pilot and snapshot tests: SQLite in the test's COUNTER_HOME, a fixed clock."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from snapshot_diff import snapshot_text_diff
from ui_helpers import PASSWORD

from counter.base.config import Settings
from counter.office.clerks import add_clerk, setup_office
from counter.office.runtime import Runtime
from counter.store.db import Database


@pytest.fixture
def ui_runtime(tmp_path: Path) -> Runtime:
    """An empty, migrated SQLite database (the app opens its set-up screen)."""
    from counter.store import schema

    settings = Settings(database_url=f"sqlite:///{tmp_path / 'ui.db'}", device="T1")
    db = Database(settings.database_url_or_default())
    schema.upgrade(db)
    return Runtime(settings=settings, db=db, device="T1")


@pytest.fixture
def office_runtime(ui_runtime: Runtime) -> Runtime:
    """A set-up office with supervisor `boss` and clerk `lee` (password `correct horse`)."""
    ui_runtime.keyring(create=True)
    boss = setup_office(ui_runtime.db, office_code="3650052", office_name="역삼1동 주민센터", username="boss",
                        display_name="이수진", password=PASSWORD, device="T1")
    add_clerk(ui_runtime.db, username="lee", display_name="이민호", role="clerk", password=PASSWORD,
              actor=boss.actor)
    return ui_runtime


@pytest.fixture
def journey_runtime(database_url: str) -> Iterator[Runtime]:
    """The office of `office_runtime` on both database legs (SQLite, and PostgreSQL when
    COUNTER_TEST_POSTGRES_URL is set), for the journey tests."""
    from journey_rows import office_database

    runtime = office_database(database_url)
    try:
        yield runtime
    finally:
        runtime.db.dispose()


@pytest.fixture
def cli_database_url(database_url: str, tmp_path: Path) -> Iterator[str]:
    """A second empty database of the same leg, for the CLI to file the same declaration into."""
    from journey_rows import second_database

    with second_database(database_url, tmp_path) as url:
        yield url


@pytest.fixture
def expect_crashes() -> None:
    """Taken by a test that makes the app fail on purpose (it then checks the crash log itself)."""


@pytest.fixture(autouse=True)
def no_unexpected_crash(request: pytest.FixtureRequest, counter_home: Path):  # type: ignore[no-untyped-def]
    """The app reports an unexpected error and goes on, so a test could pass over one: fail it here."""
    yield
    log = counter_home / "data" / "counter-errors.log"
    if "expect_crashes" not in request.fixturenames and log.exists():
        pytest.fail("the app logged an unexpected error:\n" + log.read_text(encoding="utf-8")[-4000:])


@pytest.fixture
def journey_office(runtime: Runtime) -> Runtime:
    """`office_runtime` on both database legs (`runtime` over `database_url`): for the journey tests."""
    from journey_rows import set_up_office

    set_up_office(runtime.db)
    return runtime


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    """A failed snapshot shows its text diff in the failure output (CI keeps no HTML report)."""
    report = yield
    if report.when == "call" and report.failed and "snap_compare" in getattr(item, "fixturenames", ()):
        diff = snapshot_text_diff(item)
        if diff:
            report.sections.append(("snapshot text diff", diff))
    return report
