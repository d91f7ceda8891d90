"""A worker as a service: one round after another until it is told to stop."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from sqlalchemy.exc import SQLAlchemyError


def keep_running(run: Callable[[], object], stop: threading.Event, interval: float, log: logging.Logger, *,
                 wake: threading.Event | None = None) -> None:
    """Call `run` every `interval` seconds until `stop` is set; setting `wake` starts the next round at once
    (whoever sets `stop` sets `wake` too). An error ends that round only: the rows it held come back when
    their claims run out. Database errors are logged whole; any other by its type alone, so no personal
    data a message might hold reaches the log."""
    while not stop.is_set():
        try:
            run()
        except SQLAlchemyError:
            log.exception("%s round failed; trying again", log.name)
        except Exception as error:  # noqa: BLE001 - a service keeps going
            log.error("%s round failed (%s); trying again", log.name, type(error).__name__)
        if wake is None:
            stop.wait(interval)
        else:
            wake.wait(interval)
            wake.clear()
