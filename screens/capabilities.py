"""What the clerk can open from the home screen and the command palette, in one list."""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from counter.base.i18n import N_


@dataclass(frozen=True)
class Capability:
    """One entry of the home screen: its key, names, and the screen class that builds it (if built)."""

    name: str
    key: str
    title: str
    summary: str
    screen: str | None = None

    def load_screen(self) -> type | None:
        """The screen class (imported on first use), or None while the capability is not built."""
        if self.screen is None:
            return None
        module_name, class_name = self.screen.split(":")
        return getattr(importlib.import_module(module_name), class_name)  # type: ignore[no-any-return]


CAPABILITIES: tuple[Capability, ...] = (
    Capability("birth", "f2", N_("Birth bundle"),
               N_("Birth report and every linked benefit in one visit (행복출산 원스톱)"), "screens.birth:BirthWizard"),
    Capability("death", "f3", N_("Death bundle"),
               N_("Death report and the heir's asset inquiry to every agency (안심상속)"), "screens.death:DeathWizard"),
    Capability("queue", "f4", N_("Agency queue"), N_("Requests waiting for agencies, results and messages"),
               "screens.worklist:AgencyQueueScreen"),
    Capability("lookup", "f5", N_("Lookup"), N_("Open a filed bundle by its receipt number (or scan it anywhere)"),
               "screens.lookup:LookupScreen"),
    Capability("printers", "f6", N_("Printers"), N_("Printer status, waiting print jobs and reprints"),
               "screens.printers:PrintersScreen"),
    Capability("reports", "f7", N_("Reports"), N_("Daily counts and lists for the office"),
               "screens.reports:ReportsScreen"),
)


def capability(name: str) -> Capability:
    """The capability called `name`."""
    for entry in CAPABILITIES:
        if entry.name == name:
            return entry
    raise KeyError(name)
