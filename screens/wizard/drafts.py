"""A wizard's saved draft: written in thread workers as the clerk works, offered again when the wizard opens.

Saving never blocks the screen and never stops the wizard: a failed write is logged and the clerk told
once. Writes of one wizard run one at a time and the newest wins (an older snapshot never overwrites a
newer one, nothing is written after the draft was filed or discarded).
"""

from __future__ import annotations

import contextlib
import threading
import uuid
from typing import TYPE_CHECKING, Any

from textual.binding import Binding
from textual.worker import WorkerState

from counter.base.i18n import N_, _, format_datetime
from counter.base.session import SignedInClerk
from screens.wizard.confirm import ConfirmScreen

if TYPE_CHECKING:
    from counter.office.drafts import StoredDraft
    from screens.wizard.base import WizardScreen


class ResumeDraftScreen(ConfirmScreen):
    """`y` continues the saved draft, `n` discards it; Esc starts empty and keeps it for later."""

    BINDINGS = [Binding("escape", "later", N_("Later"), id="draft.later")]

    def action_later(self) -> None:
        """Neither: start empty, keep the saved draft."""
        self.dismiss(None)  # type: ignore[arg-type]


def _log() -> str:
    from counter.cli.context import log_crash

    return log_crash()


def _writes(app: Any, kind: str) -> list[int]:
    """The app's writes and deletes of drafts of `kind`, [started, finished]: the same pair twice means none
    was in flight and none began in between (a count lost to two threads ending at once means a second look)."""
    counts: dict[str, list[int]] | None = getattr(app, "_draft_writes", None)
    if counts is None:
        counts = app._draft_writes = {}
    return counts.setdefault(kind, [0, 0])


class DraftKeeper:
    """Saves, deletes and offers one wizard's draft (`screen.draft`, a dataclass with `to_dict`/`from_dict`)."""

    def __init__(self, screen: WizardScreen) -> None:
        self.screen = screen
        self._lock = threading.Lock()
        self._revision = 0
        self._written = 0
        self._closed = False
        self._saved_once = False
        self._warned = False
        self._found_early: StoredDraft | None = None
        self._looked_at: tuple[int, int] | None = None
        self._looks = 0

    @property
    def clerk(self) -> SignedInClerk | None:
        """The clerk the draft belongs to."""
        return getattr(self.screen, "clerk", None) or getattr(self.screen.app, "clerk", None)

    def _kind(self) -> str:
        return str(getattr(self.screen.draft, "KIND", ""))  # type: ignore[attr-defined]

    def _blank(self) -> bool:
        draft = self.screen.draft  # type: ignore[attr-defined]
        return getattr(draft, "values", None) == getattr(type(draft)(), "values", None)

    # -- writing --------------------------------------------------------------------------------
    def save(self) -> None:
        """Save a snapshot of the draft and its step in a worker (nothing for a blank draft never saved)."""
        clerk, screen = self.clerk, self.screen
        if self._closed or clerk is None or screen.finished or not hasattr(screen, "draft"):
            return
        try:
            if self._blank() and not self._saved_once:
                return
            draft = screen.draft  # type: ignore[attr-defined]
            data, draft_id, kind, step = draft.to_dict(), draft.idempotency_key, self._kind(), screen.step_index
        except Exception:  # noqa: BLE001 - a draft that cannot be serialized is logged; the wizard goes on
            _log()
            return
        self._saved_once = True
        self._revision += 1
        revision, app = self._revision, screen.app

        def write() -> None:
            from counter.office.drafts import save_draft

            with self._lock:
                if revision <= self._written or self._closed:
                    return
                try:
                    runtime = app.wait_runtime()  # type: ignore[attr-defined]
                    save_draft(runtime.db, runtime.vault, clerk, kind=kind, draft_id=draft_id, step_index=step,
                               data=data)
                    self._written = revision
                except Exception:  # noqa: BLE001 - logged; the wizard and the work on screen stay
                    self._failed(_log())

        self._run(write)

    def discard(self, draft_id: uuid.UUID | None = None) -> None:
        """Delete the saved draft (filed or discarded); later saves of this wizard are ignored."""
        clerk = self.clerk
        if draft_id is None:
            self._closed = True
            draft_id = self.screen.draft.idempotency_key  # type: ignore[attr-defined]
            if not self._saved_once:
                return
        if clerk is None:
            return
        app = self.screen.app

        def remove() -> None:
            from counter.office.drafts import delete_draft

            with self._lock:
                try:
                    delete_draft(app.wait_runtime().db, clerk, draft_id)  # type: ignore[attr-defined]
                except Exception:  # noqa: BLE001 - logged; an old draft is purged later anyway
                    _log()

        self._run(remove)

    def _run(self, job: Any) -> None:
        # On the app, not the screen: a sign-out removes the screen while its draft is being written.
        writes = _writes(self.screen.app, self._kind())
        writes[0] += 1

        def counted() -> None:
            try:
                job()
            finally:
                writes[1] += 1

        self.screen.app.run_worker(counted, thread=True, group="drafts", exit_on_error=False)

    def _failed(self, where: str) -> None:
        if self._warned:
            return
        self._warned = True
        with contextlib.suppress(Exception):  # the app may be closing
            self.screen.app.call_from_thread(
                self.screen.app.notify, _("The draft could not be saved; details were written to {path}").format(
                    path=where), severity="warning", timeout=10)

    # -- offering a saved draft -------------------------------------------------------------------------
    def offer(self) -> None:
        """Look for this clerk's saved draft of this kind; if there is one, ask whether to continue it.

        A wizard built ahead looks while it waits; when it shows, that answer stands only if no draft
        was being written or deleted since the look began (else it looks again, see `shown`)."""
        writes = _writes(self.screen.app, self._kind())
        self._looked_at = (writes[0], writes[1]) if writes[0] == writes[1] else None
        self._looks += 1
        look_number = self._looks
        clerk, screen, kind = self.clerk, self.screen, self._kind()
        if clerk is None or not kind:
            return
        app = screen.app
        open_ids = {s.draft.idempotency_key for s in app.screen_stack if hasattr(s, "draft")}  # type: ignore[attr-defined]

        def look() -> StoredDraft | None:
            from counter.office.drafts import latest_draft

            runtime = app.wait_runtime()  # type: ignore[attr-defined]
            return latest_draft(runtime.db, runtime.vault, clerk, kind, exclude=open_ids)

        from screens.tasks import run_service

        def found(stored: StoredDraft | None) -> None:
            if look_number == self._looks:  # an answer to an earlier look is stale
                self._found(stored)

        run_service(screen, look, found, on_error=lambda _error: None, group="draft-offer")

    def _found(self, stored: StoredDraft | None) -> None:
        screen = self.screen
        if stored is None or not screen.is_attached or screen.finished:
            return
        if not screen.shown:  # a wizard built ahead (screens/warm.py): asked when it first shows
            self._found_early = stored
            return
        if screen.app.screen is not screen:  # never above the lock or another screen: ask once back on top
            screen.set_timer(0.3, lambda: self._found(stored))
            return
        steps = screen.STEPS
        index = min(max(stored.step_index, 0), len(steps) - 1)
        question = _("A {kind} draft you saved at {time} is waiting (step {number}: {step}). Continue it?\n"
                     "y: continue · n: discard it and start empty · Esc: start empty, keep it for later").format(
            kind=_(screen.TITLE_MSGID), time=format_datetime(stored.updated_at), number=index + 1,
            step=_(steps[index].title))

        def answered(resume: bool | None) -> None:
            if resume:
                self._restore_when_ready(stored, index)
            elif resume is False:
                self.discard(stored.id)

        screen.app.push_screen(ResumeDraftScreen(question), answered)

    def shown(self) -> None:
        """The wizard is on screen for the first time: offer the draft found while it was built ahead,
        or look again if drafts were written meanwhile."""
        stored, self._found_early = self._found_early, None
        if not self._looks:  # not looked yet: it looks once every step is mounted
            return
        writes = _writes(self.screen.app, self._kind())
        if self._looked_at != (writes[0], writes[1]):
            self.offer()
        elif stored is not None:
            self._found(stored)

    def _restore_when_ready(self, stored: StoredDraft, index: int) -> None:
        screen = self.screen
        busy = [w for w in screen.app.workers if w.node is screen
                and w.state in (WorkerState.PENDING, WorkerState.RUNNING)]
        if busy:  # e.g. the catalogue still loading would overwrite restored choices
            screen.set_timer(0.05, lambda: self._restore_when_ready(stored, index))
            return
        screen.run_worker(self._restore(stored, index), group="draft-restore", exit_on_error=False)

    async def _restore(self, stored: StoredDraft, index: int) -> None:
        screen = self.screen
        try:
            draft = type(screen.draft).from_dict(stored.data)  # type: ignore[attr-defined]
        except Exception:  # noqa: BLE001 - unreadable: logged, the wizard stays empty
            _log()
            return
        screen.draft = draft  # type: ignore[attr-defined]
        self._saved_once = True
        try:
            await screen.draft_rows_restored()
        except Exception:  # noqa: BLE001
            _log()
        values = getattr(draft, "values", {})
        for field in screen.fields():
            if field.path in values:
                try:
                    field.set_value(values[field.path])
                except Exception:  # noqa: BLE001 - a value the field no longer offers stays out
                    _log()
        screen.show_step(index)
