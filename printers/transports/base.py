"""What every transport offers: check the printer, send a rendered document, close."""

from __future__ import annotations

from abc import ABC, abstractmethod
from types import TracebackType
from typing import Protocol, Self

from printers.rendering import Rendering


class PrinterConfig(Protocol):
    """The fields of a printer entry transports read (`counter.base.config.PrinterSettings` has them)."""

    @property
    def name(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def address(self) -> str: ...
    @property
    def width_dots(self) -> int: ...
    @property
    def dpi(self) -> int: ...
    @property
    def timeout_seconds(self) -> float: ...


class Transport(ABC):
    """A connection to one printer. `two_way` transports can ask the printer for its status."""

    two_way = False

    def __init__(self, config: PrinterConfig) -> None:
        self.config = config

    def check(self) -> None:  # noqa: B027 - optional: one-way links have nothing to ask
        """Raise a PrintError if the printer cannot print now (nothing to ask on one-way links)."""

    @abstractmethod
    def send(self, rendering: Rendering, job_key: str) -> str:
        """Send the document; returns a short note of where it went (for the audit trail)."""

    def print(self, rendering: Rendering, job_key: str) -> str:
        """Check, send, and check again where the printer can answer (paper out mid-job)."""
        self.check()
        note = self.send(rendering, job_key)
        if self.two_way:
            self.check()
        return note

    def close(self) -> None:  # noqa: B027 - optional: most transports hold no connection
        """Release the connection (idempotent)."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
