"""Which flow version is served: the file's latest *valid* text, picked up without a restart.

An edit that does not validate is logged loudly and ignored; callers keep hearing the last
good version. Every served version is stored in the database, so a call in progress finishes
on its own version in any web process, even after the file changed.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import Callable, Optional

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ivr.flow_loader import Flow, FlowInvalid, load_flow_file, parse_flow
from ivr.models import FlowVersion

log = logging.getLogger(__name__)


class FlowUnavailable(Exception):
    """No valid version of a flow exists; the file's errors say what to fix."""


class FlowStore:
    def __init__(self, paths: dict[str, Path], regions: list[str], check_every: float,
                 new_session: Callable[[], Session]):
        self.paths = paths
        self.regions = regions
        self.check_every = check_every
        self.new_session = new_session
        self.errors: dict[str, Optional[FlowInvalid]] = {}
        self._current: dict[str, Flow] = {}
        self._by_id: dict[int, Flow] = {}
        self._seen: dict[str, tuple[int, int]] = {}
        self._checked_at: dict[str, float] = {}
        self._lock = threading.Lock()

    def current(self, name: str) -> Flow:
        """The version new calls start on; checks the file at most every `check_every` seconds."""
        if name not in self.paths:
            raise FlowUnavailable(f"no flow named {name!r} in ivr.flows")
        now = time.monotonic()
        if name not in self._current or now - self._checked_at.get(name, 0.0) >= self.check_every:
            with self._lock:
                self._refresh(name)
                self._checked_at[name] = now
        flow = self._current.get(name)
        if flow is None:
            raise FlowUnavailable(f"flow {name!r} has no valid version:\n{self.errors.get(name)}")
        return flow

    def version(self, version_id: int, s: Session) -> Flow:
        """A stored version by id (calls in progress), parsed once per process."""
        flow = self._by_id.get(version_id)
        if flow is None:
            row = s.get(FlowVersion, version_id)
            if row is None:
                raise FlowUnavailable(f"flow version {version_id} is not stored")
            flow = parse_flow(row.source, row.path, self.regions)
            flow.version_id = row.id
            self._by_id[version_id] = flow
        return flow

    def _refresh(self, name: str) -> None:
        path = self.paths[name]
        try:
            st = path.stat()
            stamp = (st.st_mtime_ns, st.st_size)
        except FileNotFoundError:
            stamp = (0, -1)
        if stamp == self._seen.get(name) and name in self._current:
            return
        self._seen[name] = stamp
        try:
            flow = load_flow_file(path, self.regions)
        except FlowInvalid as exc:
            self.errors[name] = exc
            if name in self._current:
                log.error("flow %s was edited but is INVALID; still serving version %s.\n%s",
                          name, self._current[name].sha256[:12], exc)
                return
            flow = self._latest_stored(name)
            if flow is None:
                log.error("flow %s is INVALID and no earlier version is stored:\n%s", name, exc)
                return
            log.error("flow %s is INVALID; serving the last valid stored version %s.\n%s",
                      name, flow.sha256[:12], exc)
        else:
            self.errors[name] = None
            if name in self._current and self._current[name].sha256 == flow.sha256:
                return
            flow.version_id = self._store(name, flow)
            log.info("flow %s: now serving version %s (id %s)", name, flow.sha256[:12], flow.version_id)
        self._by_id[flow.version_id] = flow
        self._current[name] = flow

    def _store(self, name: str, flow: Flow) -> int:
        with self.new_session() as s:
            existing = s.scalars(select(FlowVersion.id).where(FlowVersion.sha256 == flow.sha256)).first()
            if existing is not None:
                return existing
            row = FlowVersion(name=name, sha256=flow.sha256, source=flow.source, path=flow.path)
            s.add(row)
            try:
                s.commit()
            except IntegrityError:  # another web process stored the same text first
                s.rollback()
                return s.scalars(select(FlowVersion.id).where(FlowVersion.sha256 == flow.sha256)).one()
            return row.id

    def _latest_stored(self, name: str) -> Optional[Flow]:
        with self.new_session() as s:
            row = s.scalars(
                select(FlowVersion).where(FlowVersion.name == name).order_by(FlowVersion.id.desc())
            ).first()
            if row is None:
                return None
            try:
                flow = parse_flow(row.source, row.path, self.regions)
            except FlowInvalid:
                return None
            flow.version_id = row.id
            return flow
