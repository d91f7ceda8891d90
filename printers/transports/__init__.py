"""Transports: how a rendered document reaches a printer, chosen by the printer entry's `kind`."""

from __future__ import annotations

from pathlib import Path

from printers.errors import BadPrinterAddress
from printers.transports.base import PrinterConfig, Transport
from printers.transports.cups import CupsTransport
from printers.transports.directory import DirectoryTransport
from printers.transports.escpos import (
    DeviceFileTransport,
    NetworkTransport,
    SerialTransport,
    UsbTransport,
)

TRANSPORTS: dict[str, type[Transport]] = {
    "escpos-network": NetworkTransport,
    "escpos-usb": UsbTransport,
    "escpos-serial": SerialTransport,
    "escpos-file": DeviceFileTransport,
    "cups": CupsTransport,
    "directory": DirectoryTransport,
}

# Thermal printers get the raster; the others the A4 PDF (the directory keeps both).
RASTER_KINDS = frozenset({"escpos-network", "escpos-usb", "escpos-serial", "escpos-file"})


def make_transport(config: PrinterConfig, default_directory: Path | None = None) -> Transport:
    """The transport for one printer entry (BadPrinterAddress for an unknown kind or address)."""
    if config.kind == "directory":
        return DirectoryTransport(config, default_directory)
    transport_class = TRANSPORTS.get(config.kind)
    if transport_class is None:
        raise BadPrinterAddress(config.kind)
    return transport_class(config)


__all__ = [
    "RASTER_KINDS",
    "TRANSPORTS",
    "CupsTransport",
    "DeviceFileTransport",
    "DirectoryTransport",
    "NetworkTransport",
    "PrinterConfig",
    "SerialTransport",
    "Transport",
    "UsbTransport",
    "make_transport",
]
