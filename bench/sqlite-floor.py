#!/usr/bin/env python3
"""What SQLite alone costs on this machine for the rows a batch import writes per event.

Inserts the events of a `generate`d stream into a table shaped like arrearsd's `events`
(rowid arrival, unique text id, case, time, raw text), in (case, arrival) order as the daemon
does, in one transaction with WAL and synchronous=FULL, through sqlite3's executemany (so
little Python runs per row). Prints one line per figure; it measures, it never fails.

    .build/release/arrearsd generate --cases 100000 --days 120 --seed 1 --start 2026-05-01 --out /tmp/stream
    bench/sqlite-floor.py /tmp/stream
"""
import glob
import json
import os
import sqlite3
import sys
import tempfile
import time


def run(rows, unique, with_raw):
    work = tempfile.mkdtemp(prefix="arrearsd-sqlite-floor-")
    db = sqlite3.connect(os.path.join(work, "floor.sqlite"), isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("PRAGMA cache_size=-65536")
    db.execute("PRAGMA wal_autocheckpoint=16384")
    db.execute(f"CREATE TABLE events (arrival INTEGER PRIMARY KEY, id TEXT NOT NULL {'UNIQUE' if unique else ''}, "
               "case_id TEXT NOT NULL, at_us INTEGER NOT NULL, raw TEXT NOT NULL)")
    data = [(k + 1, r[0], r[1], 0, r[2] if with_raw else "") for k, r in enumerate(rows)]
    db.execute("BEGIN")
    started = time.monotonic()
    db.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?)", data)
    inserted = time.monotonic()
    db.execute("COMMIT")
    committed = time.monotonic()
    db.close()
    for name in os.listdir(work):
        os.unlink(os.path.join(work, name))
    os.rmdir(work)
    return inserted - started, committed - inserted


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    rows = []
    for path in sorted(glob.glob(os.path.join(sys.argv[1], "*.jsonl"))):
        with open(path) as f:
            for line in f:
                if line.strip():
                    event = json.loads(line)
                    rows.append((event["id"], event["case"], line.strip()))
    order = sorted(range(len(rows)), key=lambda k: (rows[k][1], k))
    rows = [rows[k] for k in order]
    print(f"# {len(rows):,} events of {sys.argv[1]}, SQLite {sqlite3.sqlite_version}")
    for name, unique, with_raw in [("rows+id index+raw", True, True), ("rows+raw", False, True), ("rows+id index", True, False)]:
        insert, commit = run(rows, unique, with_raw)
        print(f"sqlite.{name:<18} {len(rows) / (insert + commit):>12,.0f} events/s   insert {insert:.2f} s, commit {commit:.2f} s",
              flush=True)


if __name__ == "__main__":
    main()
