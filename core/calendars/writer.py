"""Entries' ``VEVENT`` texts written in a process of their own when a build writes many.

Writing an entry with ``icalendar`` is three quarters of a cold build's work, all of it Python
holding the GIL: done in the build thread, it takes the interpreter from the event loop about
half the time while a large feed is first built, and every other request of the worker waits
its turn. ``EntryTextWriter`` sends a build's texts, when there are at least ``min_entries`` of
them, to one process, in batches of ``batch_entries``; the build thread only waits for them
(without the GIL) while the event loop answers. The process is started by ``spawn`` (a fork of
a worker would copy its running event loop and its open connections), at the first large build,
and kept until the application closes. It runs at a lower priority (``nice``): it is
background work, and the worker's requests come first on a busy machine.

A build that writes fewer texts (a session's feed, a rebuild after a change) writes them in the
thread: they hold the GIL only briefly, and a process is not worth starting for them
(``MIN_PROCESS_ENTRIES``, measured in ``bench/RESULTS.md``).

A process that dies, cannot be started or stops answering (``BATCH_TIMEOUT_SECONDS``: then it
is killed) is logged and the texts it did not write are written in the thread: the feed is
served all the same, with the same bytes (the process runs the same ``render.vevent``). The
next large build starts another process.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from core.calendars.entries import CalendarEntry

# This module is the first the process imports (for ``_lower_priority``): it imports nothing
# of the service at its top, so that the process lowers its priority before the heavy imports
# (``render``: icalendar, and the models through ``versions``), which compete with the worker.

logger = logging.getLogger(__name__)

# Below this many texts a build writes them in its thread. Measured (2 cores, Python 3.11): a
# text costs the worker 0.2 ms of GIL in the thread, a batch's round trip to a started process
# 0.15 ms in all, so once the process runs it is cheaper from a few texts on; but starting it
# costs 0.4 s and it then holds some 70 MB. Below 200 texts a build holds the GIL for 40 ms at
# most, in slices of 2 ms (``service.let_the_event_loop_run``): not worth a process of its own.
MIN_PROCESS_ENTRIES = 200
# Texts per batch sent to the process: a few tens of milliseconds of its work, so that results
# come back while the next batches are written and the thread's waits stay short.
BATCH_ENTRIES = 250
# How much lower the process' priority is than the worker's (``os.nice``).
PROCESS_NICENESS = 10
# A batch takes the process tens of milliseconds; one not written after this long means a
# process stuck, which is stopped (the texts are then written in the thread).
BATCH_TIMEOUT_SECONDS = 60.0


def _lower_priority(niceness: int) -> None:
    """Run in the process as it starts: lower its scheduling priority."""
    if niceness:
        os.nice(niceness)


def _write_batch(entries: Sequence[CalendarEntry]) -> list[bytes]:
    """Run in the process for each batch: each entry's ``VEVENT`` text, in order."""
    from core.calendars.render import write_vevents

    return write_vevents(entries)


def _write_here(entries: Sequence[CalendarEntry], pause: Callable[[], None]) -> list[bytes]:
    """Each entry's text written in this thread, ``pause`` called between entries."""
    from core.calendars.render import write_vevents

    return write_vevents(entries, pause)


class EntryTextWriter:
    """Writes entries' texts in the build thread or, for a large build, in one process.

    Made by ``CalendarFeeds``, closed with it; ``write`` is called from its build thread only.
    """

    def __init__(
        self,
        min_entries: int = MIN_PROCESS_ENTRIES,
        batch_entries: int = BATCH_ENTRIES,
        niceness: int = PROCESS_NICENESS,
        batch_timeout: float = BATCH_TIMEOUT_SECONDS,
    ) -> None:
        self.min_entries = min_entries
        self.batch_entries = batch_entries
        self.niceness = niceness
        self.batch_timeout = batch_timeout
        self._pool: ProcessPoolExecutor | None = None
        self._closed = False
        self._lock = threading.Lock()
        # Texts written by a process, and process failures: for tests and the benchmark.
        self.written_in_process = 0
        self.failures = 0

    @property
    def process_ids(self) -> list[int]:
        """The IDs of the running process (none before the first large build)."""
        pool = self._pool
        processes = getattr(pool, "_processes", None) or {}
        return list(processes)

    def write(self, entries: Sequence[CalendarEntry], pause: Callable[[], None]) -> list[bytes]:
        """Each entry's ``VEVENT`` text, in order: in a process when there are at least
        ``min_entries``, else here (``pause`` called between entries)."""
        if len(entries) < self.min_entries:
            return _write_here(entries, pause)
        pool = self._started()
        if pool is None:
            return _write_here(entries, pause)
        batches = [
            entries[start : start + self.batch_entries]
            for start in range(0, len(entries), self.batch_entries)
        ]
        texts: list[bytes] = []
        futures: list[Future[list[bytes]]] = []
        try:
            for batch in batches:
                futures.append(pool.submit(_write_batch, batch))
            for future in futures:
                texts.extend(future.result(timeout=self.batch_timeout))
        except Exception as error:
            for future in futures:
                future.cancel()
            self.failures += 1
            logger.warning(
                "the feed text process failed: %d of %d entry texts written in the build thread",
                len(entries) - len(texts),
                len(entries),
                exc_info=True,
            )
            if isinstance(error, (BrokenProcessPool, TimeoutError)):
                self._discard(pool)
            # An error of the texts themselves is raised here again, as without a process.
            return texts + _write_here(entries[len(texts) :], pause)
        self.written_in_process += len(texts)
        return texts

    def _started(self) -> ProcessPoolExecutor | None:
        """The process pool, made now if needed; None once closed."""
        with self._lock:
            if self._closed:
                return None
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    max_workers=1,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=_lower_priority,
                    initargs=(self.niceness,),
                )
            return self._pool

    def _discard(self, pool: ProcessPoolExecutor) -> None:
        """Forget a pool that failed (the next large build starts another) and stop it, its
        process killed if still there (a stuck one would never end)."""
        with self._lock:
            if self._pool is pool:
                self._pool = None
        # Before Python 3.14 (``terminate_workers``) the executor has no way to stop a stuck
        # process but its own table of them.
        processes = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.kill()

    def close(self) -> None:
        """Stop the process, waiting for it to end; later builds write in their thread."""
        with self._lock:
            self._closed = True
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
