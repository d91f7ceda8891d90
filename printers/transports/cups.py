"""Office printers through CUPS: the document goes as our own PDF (plain UTF-8 text would print
Hangul as boxes), with `lp`; the queue is checked with `lpstat` first.

`lpstat` and `lp` print translated text (`Drucker ... deaktiviert`, `Anfrage-ID ist ...`), so both
run in the C locale and their English lines are parsed strictly: a queue is ready only when
`lpstat` says it is enabled and accepting, and a job counts as sent only when `lp` names the job id
CUPS gave it. A disabled (paused) queue would hold the job, so the job waits here instead, saying so.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess

from counter.base.i18n import _
from printers.errors import (
    BadPrinterAddress,
    CupsError,
    CupsQueuePaused,
    MissingDriver,
    PrinterTimeout,
)
from printers.rendering import Rendering
from printers.transports.base import PrinterConfig, Transport

QUEUE_RE = re.compile(r"^[^\s/#]{1,127}$")  # CUPS queue names: printable, no space, slash or hash
LP_TIMEOUT_SECONDS = 30.0
REQUEST_ID_RE = re.compile(r"^request id is (\S+-\d+) ", re.MULTILINE | re.IGNORECASE)


def c_locale_environment() -> dict[str, str]:
    """The environment with every locale variable set to C, so CUPS tools answer untranslated."""
    environment = {name: value for name, value in os.environ.items() if not name.startswith(("LC_", "LANG"))}
    environment.update(LC_ALL="C", LANG="C")
    return environment


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
                [program, *command[1:]], input=data, capture_output=True, env=c_locale_environment(),
                timeout=timeout or self.config.timeout_seconds * 5, check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise PrinterTimeout(_("{program} did not finish").format(program=command[0])) from exc
        except OSError as exc:
            raise CupsError(str(exc)) from exc

    def check(self) -> None:
        """The queue must exist, be enabled (not paused) and accept jobs."""
        result = self._run(["lpstat", "-p", self.queue, "-a", self.queue])
        output = (result.stdout + result.stderr).decode("utf-8", "replace")
        if result.returncode != 0:
            raise CupsError(_("queue {queue}: {output}").format(queue=self.queue, output=output.strip()[:200]))
        name = re.escape(self.queue)
        state = re.search(rf"^printer {name} (is idle|now printing|disabled)\b.*(?:\n\t(.+))?", output, re.MULTILINE | re.IGNORECASE)
        if state is None:
            raise CupsError(_("queue {queue}: unexpected answer {output}").format(queue=self.queue, output=output.strip()[:200]))
        if state.group(1) == "disabled":
            why = (state.group(2) or "").strip()
            raise CupsQueuePaused(_("queue {queue} is paused: {reason}").format(queue=self.queue, reason=why or "-"))
        if re.search(rf"^{name} not accepting requests\b", output, re.MULTILINE | re.IGNORECASE):
            raise CupsError(_("queue {queue} does not accept jobs").format(queue=self.queue))
        if not re.search(rf"^{name} accepting requests\b", output, re.MULTILINE | re.IGNORECASE):
            raise CupsError(_("queue {queue}: unexpected answer {output}").format(queue=self.queue, output=output.strip()[:200]))

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
        if match is None:  # CUPS named no job: it did not take one, so the job must not count as printed
            raise CupsError(_("lp gave no job id: {output}").format(output=output[:200]))
        return _("CUPS job {job}").format(job=match.group(1))
