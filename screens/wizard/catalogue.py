"""The office catalogue a wizard files against (a mixin of `WizardScreen`): read in a worker when the
wizard is built, and again when it first shows on another day than it was read for (what is offered
and its due dates depend on the day; a wizard may be built before midnight, see `screens/warm.py`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from counter.base.errors import CounterError
from counter.catalogue import Catalogue
from screens.tasks import run_service

EMPTY_CATALOGUE = Catalogue("-", (), ())
"""What a wizard holds until the office catalogue is read."""


class OfficeCatalogue:
    """`catalogue`, `catalogue_error` and `today` of a wizard (see the module docstring)."""

    app: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.catalogue: Catalogue = EMPTY_CATALOGUE
        self.catalogue_error: str | None = None
        """Why the office catalogue cannot be used (then nothing can be filed)."""
        self.catalogue_day: date | None = None
        """The day the catalogue was read for."""

    @property
    def today(self) -> date:
        """The office's calendar day (the app's clock)."""
        return self.app.clock().date()  # type: ignore[no-any-return]

    def read_catalogue(self) -> Catalogue:
        """The office catalogue (subclasses; called in a worker thread)."""
        raise NotImplementedError

    def load_catalogue(self) -> None:
        """Read the catalogue in a worker; `catalogue_loaded` with it, or the error shown and kept."""
        self.catalogue_day = self.today

        def failed(error: CounterError) -> None:
            self.catalogue_error = error.message
            self.notify(error.message, severity="error", timeout=15)  # type: ignore[attr-defined]

        run_service(self, self.read_catalogue, self.catalogue_loaded,  # type: ignore[arg-type]
                    on_error=failed, group="catalogue")

    def catalogue_loaded(self, catalogue: Catalogue) -> None:
        """The catalogue was read (subclasses add what depends on it)."""
        self.catalogue = catalogue

    def catalogue_for_today(self) -> None:
        """Read the catalogue again if the day changed since it was read."""
        if self.catalogue_day != self.today:
            self.load_catalogue()
