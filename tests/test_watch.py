"""The preview's file watcher: a save reaches the server at once, a read never does."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler

from briefing.watch import NativeWatchServer


class Recorder(FileSystemEventHandler):
    def __init__(self) -> None:
        self.events: list[FileSystemEvent] = []
        self.seen = threading.Event()

    def on_any_event(self, event: FileSystemEvent) -> None:
        self.events.append(event)
        self.seen.set()


def watching(tmp_path: Path) -> tuple[NativeWatchServer, Recorder]:
    server = NativeWatchServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    recorder = Recorder()
    server.observer.schedule(recorder, str(tmp_path), recursive=True)
    server.observer.start()
    return server, recorder


def test_a_save_is_reported_without_waiting_for_a_scan(tmp_path: Path) -> None:
    entry = tmp_path / "topics" / "entry.yaml"
    entry.parent.mkdir()
    entry.write_text("title: Before\n", encoding="utf-8")
    server, recorder = watching(tmp_path)
    try:
        start = time.monotonic()
        entry.write_text("title: After\n", encoding="utf-8")
        assert recorder.seen.wait(5)
        # MkDocs' polling observer scans every 0.5 s; the system's events come at once.
        assert time.monotonic() - start < 0.4
        assert any(e.src_path == str(entry) for e in recorder.events)
    finally:
        server.observer.stop()
        server.observer.join()


def test_reading_files_as_a_build_does_is_not_a_change(tmp_path: Path) -> None:
    """Native observers report opening and closing a file: passed on, every rebuild's reads
    would start the next rebuild."""
    entry = tmp_path / "entry.yaml"
    entry.write_text("title: Same\n", encoding="utf-8")
    server, recorder = watching(tmp_path)
    try:
        for _ in range(3):
            entry.read_text(encoding="utf-8")
        assert not recorder.seen.wait(1)
        (tmp_path / "new.yaml").write_text("title: New\n", encoding="utf-8")
        assert recorder.seen.wait(5)
        assert {e.event_type for e in recorder.events} <= {"created", "modified"}
    finally:
        server.observer.stop()
        server.observer.join()


def test_one_save_of_several_events_rebuilds_once(tmp_path: Path) -> None:
    """Editors save through a temporary file and a rename: three events, one rebuild. The
    server waits for them to settle (less long than MkDocs' polling server does)."""
    entry = tmp_path / "entry.yaml"
    entry.write_text("title: Before\n", encoding="utf-8")
    builds: list[float] = []
    built = threading.Event()

    def builder() -> None:
        builds.append(time.monotonic())
        built.set()

    server = NativeWatchServer(builder=builder, host="127.0.0.1", port=0, root=str(tmp_path))
    server.watch(str(tmp_path))
    server.observer.start()
    loop = threading.Thread(target=server._build_loop)
    loop.start()
    try:
        temporary = tmp_path / ".entry.yaml.tmp"
        temporary.write_text("title: After\n", encoding="utf-8")
        temporary.replace(entry)
        assert built.wait(5)
        time.sleep(0.5)  # a second rebuild, if the save's events were split, starts by now
        assert len(builds) == 1
    finally:
        server.shutdown()
        loop.join(5)
