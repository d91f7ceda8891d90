"""A barcode scanner at the counter types the receipt number and Enter, like a keyboard, but much faster
than a person. From any screen with no text field focused, such a burst opens that bundle; a receipt
number whose check character is wrong is said so. Slow typing is left alone (it is a person's keys).

In 한글 mode the scanner's letter keys arrive as jamo (`ㅇ` for D): they are read back as the letters."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from screens.translated import JAMO

MAX_GAP = 0.08
"""Seconds between two keys of one scan. Scanners send a character every few milliseconds; a person
typing fast leaves 100 ms or more."""
MIN_LENGTH = 14
"""The shortest receipt number (`OFFICE-DEVICE-YYMMDD-NNNN-C` with one-character office and device)."""
MAX_LENGTH = 40
LATIN = {jamo: latin.upper() for latin, jamo in JAMO.items()}


def scanned_character(key: str, character: str | None) -> str | None:
    """The receipt-number character a key types (letters upper case, jamo read as their letter), or None."""
    if character is None or len(character) != 1:
        return None
    if character in LATIN:
        return LATIN[character]
    if character.isascii() and (character.isalnum() or character == "-"):
        return character.upper()
    return None


@dataclass
class ScanBuffer:
    """The keys of a burst, as they come; `clock` is injectable for tests."""

    clock: Callable[[], float] = time.monotonic
    """The clock of the keys' times (Textual's event times are `time.monotonic`)."""
    max_gap: float = MAX_GAP
    chars: list[str] = field(default_factory=list)
    last: float = 0.0

    def feed(self, character: str, at: float | None = None) -> None:
        """One typed character, read by the terminal at `at` (default: now): it continues the burst if it
        came fast enough, else starts a new one. The terminal's time, not the app's: a scan read while the
        app was busy still counts as one burst."""
        now = self.clock() if at is None else at
        if self.chars and now - self.last > self.max_gap:
            self.chars.clear()
        if len(self.chars) < MAX_LENGTH:
            self.chars.append(character)
        self.last = now

    def drop(self) -> None:
        """Forget the burst (a key that is not part of a receipt number)."""
        self.chars.clear()

    def finish(self, at: float | None = None) -> str | None:
        """At Enter (read at `at`): the burst, if it was one (long enough, and Enter came as fast), else
        None; the buffer is emptied either way."""
        now, text = self.clock() if at is None else at, "".join(self.chars)
        fast = bool(self.chars) and now - self.last <= self.max_gap
        self.chars.clear()
        return text if fast and MIN_LENGTH <= len(text) <= MAX_LENGTH else None
