"""Office printers through CUPS: the document goes as our own PDF (plain UTF-8 text would print
Hangul as boxes), with `lp`; the queue is checked with `lpstat` first."""

from __future__ import annotations

import re
import shutil
import subprocess

from counter.i18n import _
from printers.errors import (
    BadPrinterAddress,
    CupsError,
    MissingDriver,
    PrinterOffline,
    PrinterTimeout,
)
from printers.rendering import Rendering
from printers.transports.base import PrinterConfig, Transport

QUEUE_RE = re.compile(r"^[^\s/#]{1,127}$")  # CUPS queue names: printable, no space, slash or hash
LP_TIMEOUT_SECONDS = 30.0
REQUEST_ID_RE = re.compile(r"request id is (\S+)")


class CupsTransport(Transport):
    """A CUPS queue by name (the printer entry's address)."""

    def __init__(self, config: PrinterConfig) -> None:
        super().__init__(config)
        if not QUEUE_RE.match(config.address):
            raise BadPrinterAddress(config.address)
        self.queue = config.address

    def _run(self, command: list[str], data: bytes | None = None, timeout: float | None = None) -> subprocess.CompletedProcess[bytes]:
        program = shutil.which(command[0])
        if program is None:
            raise MissingDriver(_("{program} (CUPS client) is not installed").format(program=command[0]))
        try:
            return subprocess.run(
                [program, *command[1:]], input=data, capture_output=True, timeout=timeout or self.config.timeout_seconds * 5, check=False
            )
        except subprocess.TimeoutExpired as exc:
            raise PrinterTimeout(_("{program} did not finish").format(program=command[0])) from exc
        except OSError as exc:
            raise CupsError(str(exc)) from exc

    def check(self) -> None:
        """The queue must exist, be enabled and accept jobs."""
        result = self._run(["lpstat", "-p", self.queue, "-a", self.queue])
        output = (result.stdout + result.stderr).decode("utf-8", "replace")
        if result.returncode != 0:
            raise CupsError(_("queue {queue}: {output}").format(queue=self.queue, output=output.strip()[:200]))
        if re.search(r"\bdisabled\b", output):
            raise PrinterOffline(_("queue {queue} is stopped").format(queue=self.queue))
        if "not accepting" in output:
            raise CupsError(_("queue {queue} does not accept jobs").format(queue=self.queue))

    def send(self, rendering: Rendering, job_key: str) -> str:
        title = f"{rendering.document.receipt_no} {rendering.document.kind} {job_key[:8]}"
        result = self._run(
            ["lp", "-d", self.queue, "-t", title, "-o", "media=A4", "-"],
            data=rendering.pdf,
            timeout=LP_TIMEOUT_SECONDS,
        )
        output = (result.stdout + result.stderr).decode("utf-8", "replace").strip()
        if result.returncode != 0:
            raise CupsError(output[:300])
        match = REQUEST_ID_RE.search(output)
        return _("CUPS job {job}").format(job=match.group(1) if match else output[:60])
