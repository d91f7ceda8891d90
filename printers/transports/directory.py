"""A directory instead of a printer (kiosks without one, audits): each job writes the page as PNG,
the A4 PDF, the exact ESC/POS bytes and the text preview. Files are named by receipt number,
document and job key, and written atomically, so a retried job replaces its files instead of
adding copies."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from counter.base.i18n import _
from printers.errors import PrinterOffline
from printers.rendering import Rendering
from printers.transports.base import PrinterConfig, Transport

_UNSAFE = re.compile(r"[^0-9A-Za-z._-]")


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same directory."""
    handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class DirectoryTransport(Transport):
    """Writes `<receipt>_<document>_<job>.{png,pdf,escpos,txt}` into the directory."""

    def __init__(self, config: PrinterConfig, default_directory: Path | None = None) -> None:
        super().__init__(config)
        chosen = Path(config.address).expanduser() if config.address else default_directory
        if chosen is None:
            raise PrinterOffline(_("no directory configured"))
        self.directory = chosen

    def check(self) -> None:
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise PrinterOffline(f"{self.directory}: {exc.strerror or exc}") from exc
        if not os.access(self.directory, os.W_OK):
            raise PrinterOffline(_("{path} is not writable").format(path=self.directory))

    def stem(self, rendering: Rendering, job_key: str) -> str:
        """The file name without extension for one job."""
        document = rendering.document
        return _UNSAFE.sub("_", f"{document.receipt_no}_{document.kind}_{job_key[:8]}")

    def send(self, rendering: Rendering, job_key: str) -> str:
        stem = self.stem(rendering, job_key)
        outputs = {
            ".png": rendering.png(),
            ".pdf": rendering.pdf,
            ".escpos": rendering.escpos,
            ".txt": rendering.text.encode("utf-8"),
        }
        try:
            for suffix, data in outputs.items():
                write_atomically(self.directory / f"{stem}{suffix}", data)
        except OSError as exc:
            raise PrinterOffline(f"{self.directory}: {exc.strerror or exc}") from exc
        return str(self.directory / f"{stem}.png")
