"""Benchmarks, printed as JSON. Figures are ratios measured side by side in one run.

    python bench/run.py [--rounds N] [--only startup,ui,printing,filing,dispatch,lookup]

- startup: cold start of `counter` to its first screen vs a bare Textual app with one Input,
  alternated; median ratio of time and of peak resident memory (goals: <= 1.3x, <= 2x). Also vs the
  same bare app with Textual's Header and Footer (every Counter screen has both): what Counter adds
  beyond the frame every screen needs.
- printing: render a receipt (raster with QR + barcode) and its ESC/POS bytes (goals <= 50 ms, <= 64 KB).
- filing: durable filing of one birth bundle on SQLite vs one fsync'd single-row sqlite3 commit
  (goal <= 3x), and bundles per second.
- ui: with Pilot on a real SQLite database, opening each wizard, a step forward, a keystroke in the
  command palette and a legal-basis choice, vs a bare Textual screen push in the same run (goal each
  <= 100 ms median; see bench/ui.py).
- dispatch: requests per second from the queue to a loopback HTTP agency (a child process) vs the raw
  rate of the same HTTP client (the dispatcher's `HttpChannel`: same connections, concurrency, server and
  documents, nothing else) alternated, the ratio against the faster of its parallel and one-at-a-time
  rates (goals >= 2,000/s, >= 50% of raw; see bench/dispatch.py); and the worklist's pages at 100,000
  requests vs a primary-key fetch (goal <= 100 ms a page).
- lookup: a bundle found by receipt number, registration number and name prefix at 1,000,000 bundles
  (bulk-inserted) vs a primary-key fetch on the same table, on SQLite and (COUNTER_TEST_POSTGRES_URL set)
  PostgreSQL in a schema made for the run (goal each <= 10 ms median; see bench/lookup.py).
- imports (with startup): what the cold start to the first screen spends on imports
  (`python -X importtime`), by top-level package, and which heavy packages it loads.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(HERE.parent))  # Counter's packages, from the source tree


def _timed_child(kind: str, env: dict[str, str]) -> tuple[float, int]:
    """Seconds from spawn to the child's first screen (or readiness), and its peak RSS (KiB) then."""
    start = time.time()
    result = subprocess.run([sys.executable, str(HERE / "startup_child.py"), kind], env=env,
                            capture_output=True, text=True, timeout=60, check=False)
    if result.returncode != 0 or not result.stdout.strip():
        raise RuntimeError(f"{kind} child failed: {result.stderr}")
    moment, rss = result.stdout.split()
    return float(moment) - start, int(rss)


def _prepare_counter_home(home: Path) -> dict[str, str]:
    env = {**os.environ, "COUNTER_HOME": str(home), "TERM": "xterm-256color",
           "PYTHONPATH": os.pathsep.join(filter(None, (str(HERE.parent), os.environ.get("PYTHONPATH"))))}
    env.pop("COUNTER_DATABASE_URL", None)
    script = (
        "from counter.base.config import load_settings; from counter.office.runtime import open_runtime;"
        "from counter.office.clerks import setup_office;"
        "rt = open_runtime(load_settings()); rt.keyring(create=True);"
        "setup_office(rt.db, office_code='3650052', office_name='역삼1동', username='boss',"
        " display_name='이수진', password='correct horse', device=rt.device)"
    )
    subprocess.run([sys.executable, "-c", script], env=env, check=True)
    return env


def compile_tree() -> None:
    """Byte-compile Counter's packages in the source tree, as `pip install` does for an installed copy
    (Textual, the baseline, is installed): without it every start compiles some 30 modules from source
    when PYTHONDONTWRITEBYTECODE is set, as it is on some machines (30 ms that no installation pays)."""
    import compileall

    for package in ("counter", "screens", "models", "printers"):
        compileall.compile_dir(str(HERE.parent / package), quiet=1)


def bench_startup(rounds: int) -> dict[str, Any]:
    """Alternate bare and Counter cold starts; report medians and ratios."""
    compile_tree()
    with tempfile.TemporaryDirectory() as tmp:
        env = _prepare_counter_home(Path(tmp))
        kinds = ("bare", "bare-framed", "counter", "counter-ready")
        for kind in kinds:  # warm the OS file cache for each
            _timed_child(kind, env)
        imports = import_breakdown(env)
        samples: dict[str, list[tuple[float, int]]] = {kind: [] for kind in kinds}
        ratios, framed_ratios = [], []
        for _ in range(rounds):
            for kind in samples:
                samples[kind].append(_timed_child(kind, env))
            ratios.append(samples["counter"][-1][0] / samples["bare"][-1][0])
            framed_ratios.append(samples["counter"][-1][0] / samples["bare-framed"][-1][0])

    def median(kind: str, index: int) -> float:
        return statistics.median(sample[index] for sample in samples[kind])

    return {
        "rounds": rounds,
        "bare_textual_first_screen_s": round(median("bare", 0), 4),
        "counter_first_screen_s": round(median("counter", 0), 4),
        "time_ratio_median": round(statistics.median(ratios), 3),
        "time_goal": 1.3,
        "bare_framed_first_screen_s": round(median("bare-framed", 0), 4),
        "time_ratio_to_framed_median": round(statistics.median(framed_ratios), 3),
        "bare_peak_rss_kib": int(median("bare", 1)),
        "counter_peak_rss_at_first_screen_kib": int(median("counter", 1)),
        "memory_ratio": round(median("counter", 1) / median("bare", 1), 3),
        "memory_goal": 2.0,
        "counter_database_ready_s": round(median("counter-ready", 0), 4),
        "counter_peak_rss_when_ready_kib": int(median("counter-ready", 1)),
        "memory_ratio_when_ready": round(median("counter-ready", 1) / median("bare", 1), 3),
        "imports_to_first_screen": imports,
    }


HEAVY = ("sqlalchemy", "sqlmodel", "pydantic", "pydantic_settings", "cryptography", "alembic", "argon2", "PIL",
         "escpos", "qrcode", "reportlab", "fpdf", "tomllib", "httpx", "psycopg")


def import_breakdown(env: dict[str, str], top: int = 12) -> dict[str, Any]:
    """Import time until Counter's first screen (`-X importtime`), by top-level package, in ms."""
    result = subprocess.run([sys.executable, "-X", "importtime", str(HERE / "startup_child.py"), "counter"],
                            env=env, capture_output=True, text=True, timeout=60, check=False)
    by_package: dict[str, int] = {}
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "imported package" in line:
            continue
        self_us, _cumulative, name = (part.strip() for part in line.removeprefix("import time:").split("|"))
        package = name.split(".")[0]
        by_package[package] = by_package.get(package, 0) + int(self_us)
    ranked = sorted(by_package.items(), key=lambda item: item[1], reverse=True)
    return {
        "total_import_ms": round(sum(by_package.values()) / 1000, 1),
        "by_package_ms": {name: round(us / 1000, 1) for name, us in ranked[:top]},
        "heavy_packages_loaded": sorted(name for name in HEAVY if name in by_package),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--only", default="startup,ui,printing,filing,dispatch,lookup")
    args = parser.parse_args()
    wanted = set(args.only.split(","))
    results: dict[str, Any] = {}
    if "startup" in wanted:
        results["startup"] = bench_startup(args.rounds)
    if "ui" in wanted:
        from ui import bench_ui  # type: ignore[import-not-found]

        results["ui"] = bench_ui(args.rounds)
    if "printing" in wanted and (HERE / "printing.py").exists():
        from printing import bench_printing  # type: ignore[import-not-found]

        results["printing"] = bench_printing()
    if "filing" in wanted and (HERE / "filing.py").exists():
        from filing import bench_filing  # type: ignore[import-not-found]

        results["filing"] = bench_filing()
    if "dispatch" in wanted:
        from dispatch import bench_dispatch, bench_worklist  # type: ignore[import-not-found]

        results["dispatch"] = bench_dispatch()
        results["worklist"] = bench_worklist()
    if "lookup" in wanted:
        from lookup import bench_lookup  # type: ignore[import-not-found]

        results["lookup"] = bench_lookup()
    print(json.dumps(results, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
