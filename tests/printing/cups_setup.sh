#!/usr/bin/env bash
# Start a local cupsd and create the cups-pdf queue the CUPS printing test prints to.
# Needs root and the Debian packages `cups printer-driver-cups-pdf` (see .ci/run). Idempotent.
# cups-pdf writes each job as a PDF into ~/PDF of the submitting user (/root/PDF for root).
set -euo pipefail
QUEUE="${COUNTER_TEST_CUPS_QUEUE:-CounterPDF}"
PPD=/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd

if ! command -v cupsd >/dev/null || ! command -v lpadmin >/dev/null; then
    echo "cups_setup: cupsd/lpadmin not installed (apt-get install -y cups printer-driver-cups-pdf)" >&2
    exit 1
fi
# Parallel test workers may run this at once: one at a time.
exec 9>"${TMPDIR:-/tmp}/counter-cups-setup.lock"
command -v flock >/dev/null && flock 9
if ! lpstat -r 2>/dev/null | grep -q "is running"; then
    cupsd || true
    for _ in $(seq 1 50); do
        lpstat -r 2>/dev/null | grep -q "is running" && break
        sleep 0.1
    done
    lpstat -r | grep -q "is running" || { echo "cups_setup: cupsd did not start" >&2; exit 1; }
fi
if ! lpstat -p "$QUEUE" >/dev/null 2>&1; then
    lpadmin -p "$QUEUE" -E -v cups-pdf:/ -P "$PPD" 2>/dev/null
fi
cupsenable "$QUEUE"
cupsaccept "$QUEUE"
lpstat -p "$QUEUE" -a "$QUEUE"
