"""Typed printing errors. Each carries a short reason code (stored in `PrintJob.last_error`) and a
translated message that says what to do; `reason_message(code)` gives that message again later
(the clerk's worklist shows it from the stored code)."""

from __future__ import annotations

from counter.base.errors import CounterError
from counter.base.i18n import N_, _

# Stored on a job that was not tried because an earlier job's printer failed in the same cycle; the
# job's detail then holds that failure's reason code.
BEHIND_FAILED_JOB = "behind-failed-job"

REASON_MESSAGES = {
    "offline": N_("The printer is offline. Check its power and cable, then press its feed button once."),
    "unreachable": N_("The printer cannot be reached at its address. Check the network cable and the address in the settings."),
    "timeout": N_("The printer did not answer in time. Turn it off and on again; the job will print when it answers."),
    "paper-out": N_("The printer is out of paper. Load a new roll; the job prints by itself afterwards."),
    "paper-near-end": N_("The paper roll is nearly finished. Prepare a new roll."),
    "cover-open": N_("The printer cover is open. Close it firmly; the job prints by itself afterwards."),
    "device-error": N_("The printer reported an error. Check for a paper jam, then turn it off and on again."),
    "missing-driver": N_("This printer type needs a component that is not installed. Ask the administrator."),
    "cups-error": N_("The office printer queue refused the job. Check the printer queue on this computer."),
    "missing-glyphs": N_("The printer font cannot draw some characters. Ask the administrator to set a Korean font."),
    "no-font": N_("No Korean font was found. Ask the administrator to install one (see the printing guide)."),
    "no-printer": N_("No printer is set up for this document. Ask the administrator to add one in the settings."),
    "bad-address": N_("The printer address in the settings is not valid. Ask the administrator to correct it."),
    "document-error": N_("The document could not be prepared for printing. Ask the administrator."),
    "not-escpos": N_("The device at the printer's address does not answer like an ESC/POS receipt printer. "
                     "Ask the administrator to check the address and port in the settings."),
    BEHIND_FAILED_JOB: N_("An earlier job for the same printer could not print; this one waits behind it "
                          "and prints by itself afterwards."),
    "queue-paused": N_("The office printer queue is paused. Resume it in the printer settings of this computer "
                       "(or ask the administrator); the job prints by itself afterwards."),
}


def reason_message(code: str | None) -> str:
    """The translated, actionable message for a stored reason code (empty for None)."""
    if not code:
        return ""
    return _(REASON_MESSAGES.get(code, REASON_MESSAGES["device-error"]))


class PrintError(CounterError):
    """A document could not be printed now; the job stays pending with `reason` and `detail`."""

    reason = "device-error"

    def __init__(self, detail: str = "", *, reason: str | None = None) -> None:
        if reason is not None:
            self.reason = reason
        self.detail = detail
        message = reason_message(self.reason)
        super().__init__(f"{message} ({detail})" if detail else message, field="printer")

    @property
    def printer_wide(self) -> bool:
        """True when every job for the same printer would fail the same way right now."""
        return self.reason not in {"missing-glyphs", "document-error"}


class PrinterOffline(PrintError):
    """The printer says it is offline, or the connection broke."""

    reason = "offline"


class PrinterUnreachable(PrintError):
    """The address does not resolve, or the connection is refused."""

    reason = "unreachable"


class PrinterTimeout(PrintError):
    """The printer accepted nothing or answered nothing within the timeout."""

    reason = "timeout"


class PaperOut(PrintError):
    """The roll is empty."""

    reason = "paper-out"


class CoverOpen(PrintError):
    """The cover is open."""

    reason = "cover-open"


class PrinterDeviceError(PrintError):
    """The device failed in another way (I/O error, cutter, queue refused)."""

    reason = "device-error"


class MissingDriver(PrintError):
    """An optional library for this printer kind (pyusb, pyserial) is not installed."""

    reason = "missing-driver"


class CupsError(PrintError):
    """`lp` or the CUPS queue refused the job."""

    reason = "cups-error"


class NotEscposPrinter(PrintError):
    """Something answers at the address, but not with ESC/POS status bytes (an echo or web service)."""

    reason = "not-escpos"


class CupsQueuePaused(PrintError):
    """The CUPS queue is disabled (paused): a job sent now would only be held there."""

    reason = "queue-paused"


class NoPrinter(PrintError):
    """No configured printer serves the job's role (or its named printer is gone)."""

    reason = "no-printer"


class BadPrinterAddress(PrintError):
    """The printer's address in the settings cannot be parsed."""

    reason = "bad-address"


class FontNotFound(PrintError):
    """No usable Korean font anywhere (not even the bundled one)."""

    reason = "no-font"


class MissingGlyphs(PrintError):
    """The chosen font lacks glyphs for some characters; they are named instead of printed as tofu."""

    reason = "missing-glyphs"

    def __init__(self, characters: list[str], font_name: str) -> None:
        self.characters = characters
        named = ", ".join(f"{char!r} U+{ord(char):04X}" for char in characters[:20])
        super().__init__(_("font {font} has no glyph for: {chars}").format(font=font_name, chars=named))
