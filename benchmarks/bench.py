"""Scale benchmark: synthetic content at N entries, every stage timed as a whole process.

    python benchmarks/bench.py                 # N = 250 and 1,000
    python benchmarks/bench.py --large         # also N = 10,000 (several minutes)
    python benchmarks/bench.py --sizes 100     # any sizes
    python benchmarks/bench.py --serve         # also the preview refresh after an edit, at
                                               # 1,000 (and 10,000 with --large)

Each size is the real content plus that many synthetic entries.

Prints a table of wall time and peak memory per stage and size, the ratios the targets are
set on, and the average HTML page size. Targets are reported, never asserted: this is a
measurement, not a test. Content is generated from a fixed seed, so runs are comparable.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import itertools
import os
import platform
import random
import shutil
import socket
import string
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KINDS = {
    "sanctions": ("active", "lifted", "expired"),
    "summits": ("held", "cancelled", "planned"),
    "agreements": ("in-force", "collapsed", "superseded", "stalled"),
    "regional-views": (),
    "topics": (),
}
PARTIES = [
    "united-states",
    "north-korea",
    "south-korea",
    "china",
    "japan",
    "russia",
    "united-nations",
]
WORDS = [
    "sanctions",
    "summit",
    "agreement",
    "missile",
    "test",
    "resolution",
    "council",
    "talks",
    "freeze",
    "reactor",
    "enrichment",
    "verification",
    "envoy",
    "statement",
    "declaration",
    "treaty",
    "peninsula",
    "alliance",
    "deterrence",
    "negotiation",
    "moratorium",
    "inspection",
    "export",
    "embargo",
    "launch",
    # Glossary terms of the real content, so that abbreviations are found as on real pages.
    "DPRK",
    "ICBM",
    "UNSC",
    "IAEA",
]


@dataclass
class Measure:
    seconds: float  # wall
    cpu: float  # user + system: what the work costs, even on a machine shared with others
    peak_mib: float


def generate_content(root: Path, count: int, seed: int = 1) -> None:
    """`count` valid entries over all kinds, with related ids, [[id]] links and timelines."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    if not (root / "parties.yaml").exists():
        (root / "parties.yaml").write_text(
            "".join(f"{p}: {p.replace('-', ' ').title()}\n" for p in PARTIES), encoding="utf-8"
        )
    kinds = list(KINDS)
    ids = [f"entry-{i:05d}" for i in range(count)]
    for index, entry_id in enumerate(ids):
        kind = kinds[index % len(kinds)]
        (root / kind).mkdir(exist_ok=True)
        others = [i for i in rng.sample(ids, min(4, count)) if i != entry_id][:3]
        year = rng.randint(1950, 2025)
        date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        words = " ".join(rng.choice(WORDS) for _ in range(14))
        sentence = words[0].upper() + words[1:]  # not capitalize(): it lowercases "DPRK"
        links = " ".join(f"See [[{other}]]." for other in others[:2])
        # Words of this entry's own: two entries' events of the same date must not look alike
        # (the check reports near-duplicates), which 14 words from WORDS alone often do at
        # 10,000 entries.
        marks = " ".join("".join(rng.choices(string.ascii_lowercase, k=7)) for _ in range(6))
        statuses = KINDS[kind]
        lines = [
            f"title: Synthetic {kind} entry {index}",
            f"summary: {sentence}.",
            f"date: {date}" if statuses or index % 2 else "",
            f"status: {rng.choice(statuses)}" if statuses else "",
            f"parties: [{', '.join(rng.sample(PARTIES, 2))}]",
            f"tags: [{rng.choice(WORDS)}, {rng.choice(WORDS)}-{rng.choice(WORDS)}]".lower(),
            f"related: [{', '.join(others)}]",
            "body: |",
            textwrap.indent(
                textwrap.fill(f"{sentence}. {sentence}. {links} {sentence} [@{entry_id}-src].", 90),
                "  ",
            ),
            "timeline:",
            f"  - date: {date}",
            f"    text: {sentence} {marks} [@{entry_id}-src].",
            f"  - date: {year}-{rng.randint(1, 12):02d}",
            f"    text: A second event in the same year [@{entry_id}-src].",
            "sources:",
            f"  - id: {entry_id}-src",
            f"    title: Source for {entry_id}",
            f"    url: https://example.org/{entry_id}",
            "    publisher: Example",
            "reviewed: 2026-01-15",
        ]
        text = "\n".join(line for line in lines if line) + "\n"
        (root / kind / f"{entry_id}.yaml").write_text(text, encoding="utf-8")


def run(command: list[str], cwd: Path) -> Measure:
    """Wall time, CPU time and peak resident memory of one whole process (and nothing else)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        error = process.stderr.read().decode() if process.stderr else ""
        raise SystemExit(f"{' '.join(command)} failed:\n{error[-2000:]}")
    return Measure(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


FLOOR = """
import sys, pathlib, yaml
for path in sorted(pathlib.Path(sys.argv[1]).rglob("*.yaml")):
    yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
"""

BARE_CONFIG = """
site_name: Bare
docs_dir: pages
site_dir: bare-site
theme:
  name: material
  font: false
  features: [navigation.prune]
plugins: [search]
nav: [index.md]
"""


def bare_config() -> str:
    """Bare Material with the project's own Markdown extensions, as mkdocs.yml lists them."""
    lines = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").splitlines(keepends=True)
    start = lines.index("markdown_extensions:\n")
    end = next(i for i in range(start + 1, len(lines)) if lines[i].strip() and lines[i][0] != " ")
    return BARE_CONFIG + "".join(lines[start:end])


def project(workdir: Path, count: int) -> Path:
    """A copy of the real project (mkdocs.yml, docs/, content/) plus `count` synthetic entries."""
    target = workdir / f"project-{count}"
    shutil.copytree(ROOT / "content", target / "content")
    shutil.copytree(ROOT / "docs", target / "docs")
    shutil.copytree(ROOT / "overrides", target / "overrides")
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    generate_content(target / "content", count)
    return target


def best(command: list[str], cwd: Path, repeat: int) -> Measure:
    """The fastest of `repeat` runs: the others measure what else the machine was doing."""
    runs = [run(command, cwd) for _ in range(repeat)]
    return Measure(
        min(m.seconds for m in runs), min(m.cpu for m in runs), min(m.peak_mib for m in runs)
    )


def bench_size(workdir: Path, count: int, repeat: int) -> dict[str, Measure | float]:
    root = project(workdir, count)
    python, briefing = sys.executable, [sys.executable, "-m", "briefing.cli"]
    results: dict[str, Measure | float] = {}
    results["floor"] = best([python, "-c", FLOOR, "content"], root, repeat)
    results["check"] = best([*briefing, "check"], root, repeat)
    results["generate"] = best([*briefing, "generate", "--out", "pages"], root, repeat)
    (root / "pages" / "index.md").write_text("# Bare\n", encoding="utf-8")
    (root / "bare.yml").write_text(bare_config(), encoding="utf-8")
    results["build"] = best([*briefing, "build"], root, repeat)
    bare = [python, "-m", "mkdocs", "build", "-q", "-f", "bare.yml"]
    results["bare"] = best(bare, root, repeat)
    pages = list((root / "site").rglob("*.html"))
    results["pages"] = len(pages)
    results["page_kib"] = sum(p.stat().st_size for p in pages) / len(pages) / 1024
    return results


def bench_serve(
    workdir: Path, count: int, full_build: float, edits: int = 3
) -> list[tuple[float, float]]:
    """Per edit: wall seconds from saving an entry to its refreshed page being served, and the
    CPU seconds the server spent meanwhile (Linux; 0 elsewhere)."""
    root = workdir / f"project-{count}"
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "briefing.cli", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    entry = min((root / "content" / "topics").glob("entry-*.yaml"))  # the same one each run
    url = f"http://127.0.0.1:{port}/topics/{entry.stem}/"
    seconds = []
    text = ""
    try:
        deadline = time.monotonic() + 60 + 10 * full_build
        while not _fetch(url):
            if time.monotonic() > deadline:
                raise SystemExit("serve did not start")
            time.sleep(0.2)
        text = entry.read_text(encoding="utf-8")
        for edit in range(edits):
            time.sleep(2.0)
            marker = f"Edited{edit} Synthetic"
            start, cpu = time.perf_counter(), _cpu_seconds(server.pid)
            # A title edit: the entry, its backlinks, indexes, timeline, party pages, book, tags.
            entry.write_text(text.replace("title: ", f"title: Edited{edit} ", 1), encoding="utf-8")
            while marker not in _fetch(url):
                if time.perf_counter() - start > 10 * full_build + 60:
                    raise SystemExit("serve did not refresh")
                time.sleep(0.05)
            seconds.append((time.perf_counter() - start, _cpu_seconds(server.pid) - cpu))
        return seconds
    finally:
        if text:  # the project may be measured again: leave the entry as it was
            entry.write_text(text, encoding="utf-8")
        server.terminate()
        server.wait(timeout=30)


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a running process, all its threads."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def verdict(value: float, limit: float) -> str:
    return f"{value:5.2f}  (target ≤ {limit}: {'met' if value <= limit else 'MISSED'})"


def compile_bytecode() -> None:
    """Write the briefing package's bytecode, as its first run on a usual machine does.

    Each stage is a new process. Where PYTHONDONTWRITEBYTECODE is set (some containers and CI
    images set it) or the checkout is fresh, every one of them would otherwise compile the
    package's modules from source again: 0.02 s of `check`, which a user pays once. Installed
    libraries have theirs from pip.
    """
    spec = importlib.util.find_spec("briefing")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("briefing is not importable: install the project, or set PYTHONPATH")
    for folder in spec.submodule_search_locations:
        compileall.compile_dir(folder, quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[250, 1000])
    parser.add_argument("--large", action="store_true", help="also 10,000 entries")
    parser.add_argument("--serve", action="store_true", help="also time a serve refresh")
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="runs of each stage, keeping the fastest (default 3; 10,000 entries run once)",
    )
    args = parser.parse_args()
    sizes = sorted(set(args.sizes + ([10_000] if args.large else [])))
    compile_bytecode()

    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {platform.platform(terse=True)}; "
        f"fastest of {args.repeat} runs per stage up to 1,000 entries, one run at 10,000; "
        f"load average at start {os.getloadavg()[0]:.1f}"
    )
    stages = ["floor", "check", "generate", "build", "bare"]
    results: dict[int, dict[str, Measure | float]] = {}
    serve: dict[int, list[tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory(prefix="briefing-bench-") as scratch:
        for count in sizes:
            print(f"… {count} entries", file=sys.stderr, flush=True)
            repeat = 1 if count >= 10_000 else max(1, args.repeat)
            results[count] = bench_size(Path(scratch), count, repeat)
        for count in (1000, 10_000):
            if args.serve and count in results:
                print(f"… serve at {count} entries", file=sys.stderr, flush=True)
                build = results[count]["build"]
                assert isinstance(build, Measure)
                serve[count] = bench_serve(Path(scratch), count, build.seconds)
    print(f"load average at the end {os.getloadavg()[0]:.1f}")

    print()
    print("| entries | stage | wall s | CPU s | peak MiB | CPU s per 1,000 entries |")
    print("| ---: | --- | ---: | ---: | ---: | ---: |")
    for count, row in results.items():
        for stage in stages:
            m = row[stage]
            assert isinstance(m, Measure)
            print(
                f"| {count:,} | {stage} | {m.seconds:.2f} | {m.cpu:.2f} | {m.peak_mib:.0f} | "
                f"{m.cpu / count * 1000:.2f} |"
            )
    print()
    print("| entries | HTML pages | average page KiB |")
    print("| ---: | ---: | ---: |")
    for count, row in results.items():
        print(f"| {count:,} | {row['pages']} | {row['page_kib']:.1f} |")

    def s(count: int, stage: str) -> float:
        m = results[count][stage]
        assert isinstance(m, Measure)
        return m.cpu

    def w(count: int, stage: str) -> float:
        m = results[count][stage]
        assert isinstance(m, Measure)
        return m.seconds

    print()
    print("targets (on CPU time; wall-time ratios in brackets):")
    for count in (1000, 10_000):
        if count in results:
            ratio = s(count, "build") / s(count, "bare")
            wall = w(count, "build") / w(count, "bare")
            print(f"  build / bare Material at {count:,}: {verdict(ratio, 1.2)} [{wall:.2f}]")
    reference = 1000 if 1000 in results else sizes[-1]
    print(
        f"  check / libyaml floor at {reference:,}: "
        f"{verdict(s(reference, 'check') / s(reference, 'floor'), 2)}"
    )
    print(
        f"  generate / libyaml floor at {reference:,}: "
        f"{verdict(s(reference, 'generate') / s(reference, 'floor'), 3)}"
    )
    for base, count in itertools.pairwise(sizes):
        growth = (s(count, "build") / count) / (s(base, "build") / base)
        bare = (s(count, "bare") / count) / (s(base, "bare") / base)
        target = verdict(growth, 1.1) if base >= 1000 else f"{growth:5.2f}"
        print(f"  build cost per entry, {count:,} vs {base:,}: {target}; bare Material {bare:.2f}")
    for count, limit in ((1000, 1.5), (10_000, 5.0)):
        if count in serve:
            runs = ", ".join(f"{wall:.2f} s ({cpu:.2f} s CPU)" for wall, cpu in serve[count])
            print(
                f"  preview refresh after one edit at {count:,}, wall s: "
                f"{verdict(min(wall for wall, _ in serve[count]), limit)}; runs: {runs}"
            )
    if 10_000 in results:
        peak = results[10_000]["build"]
        assert isinstance(peak, Measure)
        print(f"  peak memory of the 10,000 build, MiB: {verdict(peak.peak_mib, 1024)}")
    if 1000 in results:
        kib = results[1000]["page_kib"]
        assert isinstance(kib, float)
        print(
            f"  average HTML page at 1,000: {kib:.1f} KiB "
            f"(target < 24: {'met' if kib < 24 else 'MISSED'})"
        )


if __name__ == "__main__":
    main()
