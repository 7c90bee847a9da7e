"""Computed heatmaps cached in each worker, never stale across workers and hosts.

Results are cached in process memory under (data version, date, ...): the version
(`tracker.heatmap.versions`) moves with every committed write, in any worker on any host, so
after a write, and after midnight, every older entry is unreachable. The version row is read
with the logged-in user, in the statement that loads it (`versions.with_state`, used by
tracker.auth), and kept for the request here, so a cached response costs no statement beyond
those every page costs.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from datetime import date
from typing import Any, NamedTuple, TypeVar

from flask import Flask, current_app, g
from sqlalchemy.orm import Session

from tracker.heatmap import versions

T = TypeVar("T")



def init_app(app: Flask) -> None:
    """Bump the data version on every flush of the app's sessions that writes heatmap data, and
    give the worker its result cache."""
    versions.watch(app.extensions["db"])
    app.extensions["results_cache"] = Results(app.config.get("RESULTS_CACHE_SIZE", 64))


def results() -> Results:
    """The current application's result cache (one per worker process)."""
    return current_app.extensions["results_cache"]


class DataState(NamedTuple):
    """The data-version row: the counter (None before the first write: then nothing is cached),
    and the date and horizon of the stored process scores (tracker.heatmap.stored)."""

    version: int | None
    scores_on: date | None
    scores_horizon: float | None


def remember_state(values) -> None:
    """Keep the data-version columns read by a `with_state` statement for this request."""
    g.data_state = DataState(*values)


def read_state(session: Session) -> DataState:
    """The data-version row as read with the user in this request; read now when it was not."""
    state = g.get("data_state")
    if state is None:
        row = session.execute(versions.state_statement()).first()
        state = g.data_state = DataState(*(row or (None, None, None)))
    return state


def forget_state() -> None:
    """Drop the remembered row (after a commit, the next `read_state` reads it again)."""
    g.pop("data_state", None)


class Results:
    """A small thread-safe LRU of computed results, keyed by (version, date, key)."""

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self._items: OrderedDict[tuple, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._newest = -1

    def get_or_compute(self, version: int | None, on: date, key: Hashable, compute: Callable[[], T]) -> T:
        """The cached result for `key` at this data version and date, computed on a miss.

        With no version (an empty database) the result is computed and not kept.
        """
        if version is None:
            return compute()
        full_key = (version, on, key)
        with self._lock:
            if version < self._newest:  # the counter went back: a restored database
                self._items.clear()
                self._newest = version
            if full_key in self._items:
                self._items.move_to_end(full_key)
                return self._items[full_key]
        value = compute()
        with self._lock:
            if version > self._newest:
                self._newest = version
                for stale in [k for k in self._items if k[0] < version]:
                    del self._items[stale]
            self._items[full_key] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._newest = -1

    def __len__(self) -> int:
        return len(self._items)
