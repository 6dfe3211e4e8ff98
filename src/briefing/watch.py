"""The preview's file watcher: the system's file events instead of MkDocs' polling.

MkDocs' live-reload server scans every watched file twice a second (watchdog's
PollingObserver), because file events do not reach containers and network mounts
(mkdocs/mkdocs#2477). A save is then seen a quarter of a second late on average (half a
second at worst), before the rebuild even starts. `briefing serve` uses the system's events
(inotify, FSEvents, ReadDirectoryChangesW, through watchdog's Observer), which arrive as the
file is written; `briefing serve --poll` keeps MkDocs' scanning for folders where events do
not arrive.

MkDocs also waits until no file has changed for 0.1 s before it rebuilds, so that one save's
several events (a write, a rename) make one rebuild. Events from the system arrive within a
millisecond of each other, so the native server waits 0.03 s: a save shows that much sooner.
"""

from __future__ import annotations

from typing import Any

from mkdocs.livereload import LiveReloadServer
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

# What a save, a new file, a rename or a removal raises. Native observers also report a file
# being opened or closed unwritten, which the build itself does to every file it reads: letting
# those through would rebuild the site forever.
WRITES = frozenset({"created", "modified", "moved", "deleted"})
# Seconds without a further event before a rebuild starts (MkDocs: 0.1, for its polling).
SETTLE_SECONDS = 0.03


class NativeWatchServer(LiveReloadServer):
    """MkDocs' live-reload server, watching through the system's file events."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.observer = _WritesObserver()
        self.build_delay = SETTLE_SECONDS


class _WritesObserver(Observer):  # type: ignore[misc,valid-type]
    """An observer that passes on only the events that change a file."""

    def schedule(self, event_handler: FileSystemEventHandler, path: str, **kwargs: Any) -> Any:
        return super().schedule(_WritesOnly(event_handler), path, **kwargs)


class _WritesOnly(FileSystemEventHandler):
    def __init__(self, handler: FileSystemEventHandler) -> None:
        self.handler = handler

    def dispatch(self, event: FileSystemEvent) -> None:
        if event.event_type in WRITES:
            self.handler.dispatch(event)
