#!/usr/bin/env python3
"""End-to-end benchmark of the arrearsd daemon against the targets of issue 6.

Runs the release binary on generated data in a temporary directory and prints one line per
figure: `name  value  (target)  details`. Nothing here fails on timing; it measures.

    swift build -c release --product arrearsd
    bench/daemon-bench.py                       # the full sizes (takes a while)
    bench/daemon-bench.py --cases 10000 --reload-cases 100000   # a quicker run

Figures
  ingest.batch      events/s of `run --once` over the generated stream (durable: every
                    batch committed with synchronous=FULL, queue file fsynced)
  ingest.files      files/s of `run --once` over single-event .json files
  latency.p50/p99   rename into inbox -> queue.jsonl replaced, daemon running and idle
  reload            SIGHUP -> READY=1 with a changed rule set: every case re-evaluated; the
                    change (one support item's priority) updates few items
  reload.wide       the same with a change that updates every open first-call item
  restart           start -> READY=1 with the reload store in place
  rss.*             peak resident set size of each daemon run (VmHWM / ru_maxrss)

Each timed figure ends with the steal over its measurement: the share of CPU time that the
hypervisor gave to other guests (/proc/stat). On a shared host it can reach half and more,
and the figure then says more about the host than about the code.
"""
import argparse
import ctypes
import json
import os
import queue
import re
import shutil
import signal
import socket
import statistics
import struct
import subprocess
import sys
import threading
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NOW = "2026-07-01T12:00:00+02:00"


def report(name, value, target, details=""):
    print(f"{name:<16} {value:>22}   target {target:<14} {details}", flush=True)


class Steal:
    """The share of CPU time the hypervisor gave to other guests (`steal` in /proc/stat) since
    it was made: on a shared host a figure measured at 50% steal says little about the code."""

    def __init__(self):
        self.start = self.jiffies()

    @staticmethod
    def jiffies():
        """(steal, total) over all CPUs; the fields are user nice system idle iowait irq softirq
        steal (guest time is counted within user)."""
        with open("/proc/stat") as f:
            fields = [int(x) for x in f.readline().split()[1:9]]
        return (fields[7] if len(fields) > 7 else 0), sum(fields)

    def __str__(self):
        steal, total = self.jiffies()
        return f"steal {100 * (steal - self.start[0]) / max(1, total - self.start[1]):.0f}%"


class Notify:
    """A NOTIFY_SOCKET datagram socket, read all the time as systemd does (a daemon blocks in
    sd_notify when nobody reads), with each message's arrival time."""

    def __init__(self, directory):
        self.path = os.path.join(directory, "notify.sock")
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(self.path)
        self.messages = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        while True:
            try:
                message = self.sock.recv(65536).decode()
            except OSError:
                return
            self.messages.put((time.monotonic(), message.split("\n")))

    def wait(self, word, timeout=3600):
        deadline = time.monotonic() + timeout
        while True:
            at, lines = self.messages.get(timeout=max(0.01, deadline - time.monotonic()))
            if word in lines:
                return at


class Inotify:
    """inotify on a directory through libc, to see queue.jsonl being renamed into place."""
    IN_MOVED_TO = 0x80

    def __init__(self, directory):
        self.libc = ctypes.CDLL("libc.so.6", use_errno=True)
        self.fd = self.libc.inotify_init1(0)
        if self.libc.inotify_add_watch(self.fd, directory.encode(), self.IN_MOVED_TO) < 0:
            raise OSError(ctypes.get_errno(), "inotify_add_watch")

    def wait_for(self, name):
        while True:
            data = os.read(self.fd, 65536)
            now = time.monotonic()
            offset = 0
            while offset < len(data):
                _, _, _, length = struct.unpack_from("iIII", data, offset)
                entry = data[offset + 16: offset + 16 + length].split(b"\0", 1)[0].decode()
                offset += 16 + length
                if entry == name:
                    return now


def generate(args, out, cases, days):
    cmd = [args.binary, "generate", "--cases", cases, "--days", days, "--seed", args.seed,
           "--start", args.start, "--out", out]
    result = subprocess.run(list(map(str, cmd)), capture_output=True, text=True, check=True)
    return result.stderr.strip()


def count_events(directory):
    total = 0
    for name in os.listdir(directory):
        with open(os.path.join(directory, name), "rb") as f:
            total += sum(1 for line in f if line.strip())
    return total


def fill_inbox(source_dir, data):
    """Moves files into DIR/inbox the way producers do: written elsewhere, renamed in."""
    staging = os.path.join(data, "staging")
    os.makedirs(os.path.join(data, "inbox"), exist_ok=True)
    shutil.copytree(source_dir, staging)
    for name in sorted(os.listdir(staging)):
        os.rename(os.path.join(staging, name), os.path.join(data, "inbox", name))
    os.rmdir(staging)
    # Written back before the daemon starts, as a producer's files would have been by then:
    # otherwise the daemon's first fsyncs wait for the write-back of the whole stream.
    os.sync()


def ingest(args, work, name, cases, days, rules):
    """Generates a stream and takes it in with `run --once` on a fresh data directory:
    (data directory, events, wall seconds, peak RSS MB, batch lines)."""
    stream = os.path.join(work, name + "-stream")
    print("# " + generate(args, stream, cases, days))
    events = count_events(stream)
    data = os.path.join(work, name)
    fill_inbox(stream, data)
    wall, rss, lines = run_once(args, data, rules)
    return stream, data, events, wall, rss, lines


def run_once(args, data, rules):
    """`run --once`: wall seconds, peak RSS in MB, the journal-less stderr; `args.steal` is the
    steal over the run."""
    cmd = [args.binary, "run", "--once", "--data", data, "--rules", rules, "--now", NOW, "--log", "stderr"]
    args.steal = Steal()
    started = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    stderr_lines = [line for line in proc.stderr if "batch applied" in line or "error" in line]
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - started
    if status != 0:
        sys.exit(f"run --once failed ({status}): {''.join(stderr_lines)[-2000:]}")
    return wall, usage.ru_maxrss / 1024, stderr_lines


class Daemon:
    """`arrearsd run` with a NOTIFY_SOCKET; start-up measured to READY=1."""

    runs = 0

    def __init__(self, args, data, rules, work):
        """Its log goes to WORK/daemon-N.log (kept with --keep)."""
        Daemon.runs += 1
        self.log = open(os.path.join(work, f"daemon-{Daemon.runs}.log"), "w")
        self.notify = Notify(work)
        env = dict(os.environ, NOTIFY_SOCKET=self.notify.path)
        cmd = [args.binary, "run", "--data", data, "--rules", rules, "--now", NOW, "--log", "stderr"]
        self.started = time.monotonic()
        self.proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=self.log)
        self.ready = self.notify.wait("READY=1") - self.started

    def peak_rss_mb(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        return 0.0

    def reload(self):
        started = time.monotonic()
        self.proc.send_signal(signal.SIGHUP)
        self.notify.wait("RELOADING=1")
        return self.notify.wait("READY=1") - started

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=600)
        self.log.close()
        self.notify.sock.close()
        os.unlink(self.notify.path)


def changed_rules(work, name, file, old, new):
    """A copy of rules/ (without its tests) with `old` replaced by `new` in `file`."""
    target = os.path.join(work, name)
    shutil.copytree(os.path.join(ROOT, "rules"), target, ignore=shutil.ignore_patterns("tests"))
    path = os.path.join(target, file)
    text = open(path).read()
    if old not in text:
        sys.exit(f"bench: {file} no longer holds {old!r}; update the rule changes of the reload figures")
    open(path, "w").write(text.replace(old, new, 1))
    return target


# The rule changes of the reload figures: one that changes few items (the priority of a support
# item that few cases have open), and one that moves the priority of every first-call item.
NARROW_CHANGE = ("20-holds.rules", "queue inform_debt_helper priority 65", "queue inform_debt_helper priority 66")
WIDE_CHANGE = ("30-contact.rules", "queue call priority 40 + min(arrears.days, 30)",
               "queue call priority 41 + min(arrears.days, 30)")


def reevaluated(log_path, since):
    """The counts of the daemon's `re-evaluated N cases (reload): ...` record after byte `since`
    of its log: (cases, opened, updated, withdrawn), or None."""
    with open(log_path) as f:
        f.seek(since)
        found = re.findall(r"re-evaluated (\d+) cases \(reload\): (\d+) opened, (\d+) updated, (\d+) withdrawn", f.read())
    return tuple(map(int, found[-1])) if found else None


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--binary", default=os.path.join(ROOT, ".build/release/arrearsd"))
    p.add_argument("--cases", type=int, default=100_000, help="cases of the batch ingest stream")
    p.add_argument("--days", type=int, default=120, help="days of the batch ingest stream")
    p.add_argument("--files", type=int, default=10_000, help="single-event files")
    p.add_argument("--drops", type=int, default=1000, help="drops for the latency figure")
    p.add_argument("--reload-cases", type=int, default=1_000_000, help="cases in the store for reload and restart")
    p.add_argument("--reload-days", type=int, default=20)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--start", default="2026-05-01")
    p.add_argument("--keep", action="store_true", help="keep the work directory")
    p.add_argument("--only", default="batch,files,reload",
                   help="comma-separated parts to run: batch (ingest.batch), files (ingest.files and "
                        "latency), reload (reload and restart)")
    args = p.parse_args()
    parts = set(args.only.split(","))
    if not parts <= {"batch", "files", "reload"}:
        p.error(f"--only: unknown part in {args.only!r}")
    rules = os.path.join(ROOT, "rules")
    work = tempfile.mkdtemp(prefix="arrearsd-bench-")
    print(f"# arrearsd daemon benchmark; release binary {args.binary}; work in {work}; {os.cpu_count()} CPUs")
    try:
        # 1. Batch ingest.
        if "batch" in parts:
            stream, _, events, wall, rss, lines = ingest(args, work, "batch", args.cases, args.days, rules)
            report("ingest.batch", f"{events / wall:,.0f} events/s", ">= 200,000",
                   f"{events:,} events, {args.cases:,} cases, {wall:.1f} s, {len(lines)} batches, {args.steal}")
            report("rss.batch", f"{rss:,.0f} MB", "<= 400 MB", "peak RSS of that run")
        elif "files" in parts:
            stream = os.path.join(work, "batch-stream")
            print("# " + generate(args, stream, args.cases, args.days))
        if "files" in parts:
            files_and_latency(args, work, stream, rules)
        if "reload" in parts:
            reload_and_restart(args, work, rules)
    finally:
        if args.keep:
            print(f"# kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def files_and_latency(args, work, stream, rules):
    # 2. Many small files: the first events of the stream, one per .json file.
    files_dir = os.path.join(work, "files")
    os.makedirs(files_dir)
    written = 0
    for name in sorted(os.listdir(stream)):
        for line in open(os.path.join(stream, name)):
            if written == args.files:
                break
            if line.strip():
                with open(os.path.join(files_dir, f"e{written:06d}.json"), "w") as f:
                    f.write(line)
                written += 1
    data = os.path.join(work, "files-data")
    fill_inbox(files_dir, data)
    wall, rss, lines = run_once(args, data, rules)
    report("ingest.files", f"{written / wall:,.0f} files/s", ">= 5,000", f"{written:,} files, {wall:.2f} s, {args.steal}")

    # 3. Latency at idle, on the store of step 2.
    daemon = Daemon(args, data, rules, work)
    watch = Inotify(data)
    staging = os.path.join(data, "staging")
    os.makedirs(staging, exist_ok=True)
    cases = sorted({json.loads(open(os.path.join(files_dir, n)).read())["case"] for n in os.listdir(files_dir)})
    samples = []
    steal = Steal()
    for k in range(args.drops):
        event = {"id": f"bench-drop-{k}", "type": "contact", "case": cases[k % len(cases)],
                 "at": "2026-06-30T10:00:00+02:00", "channel": "phone", "direction": "outbound",
                 "outcome": "no_answer"}
        path = os.path.join(staging, f"drop-{k:05d}.json")
        with open(path, "w") as f:
            f.write(json.dumps(event))
        time.sleep(0.01)  # idle between drops
        t0 = time.monotonic()
        os.rename(path, os.path.join(data, "inbox", f"drop-{k:05d}.json"))
        samples.append(watch.wait_for("queue.jsonl") - t0)
    samples.sort()
    p50 = samples[len(samples) // 2] * 1000
    p99 = samples[min(len(samples) - 1, int(len(samples) * 0.99))] * 1000
    queue_lines = sum(1 for _ in open(os.path.join(data, "queue.jsonl")))
    report("latency.p50", f"{p50:.1f} ms", "<= 20 ms", f"{args.drops} drops, {len(cases):,} cases, {queue_lines:,} queue lines")
    report("latency.p99", f"{p99:.1f} ms", "<= 100 ms", f"max {samples[-1] * 1000:.1f} ms, {steal}")
    report("rss.idle", f"{daemon.peak_rss_mb():,.0f} MB", "<= 400 MB", "peak RSS of the latency daemon")
    daemon.stop()


def reload_and_restart(args, work, rules):
    # 4. Reload and 5. restart on a store of --reload-cases cases.
    _, data, events, wall, rss, _ = ingest(args, work, "reload", args.reload_cases, args.reload_days, rules)
    print(f"# reload store: {events:,} events over {args.reload_cases:,} generated cases ingested in {wall:.1f} s "
          f"({events / wall:,.0f} events/s, peak RSS {rss:,.0f} MB, {args.steal})")
    narrow = changed_rules(work, "rules-narrow", *NARROW_CHANGE)
    wide = changed_rules(work, "rules-wide", *WIDE_CHANGE)
    live = shutil.copytree(rules, os.path.join(work, "live-rules"), ignore=shutil.ignore_patterns("tests"))
    daemon = Daemon(args, data, live, work)
    first_ready = daemon.ready
    cases = None
    for name, changed in (("reload", narrow), ("reload.wide", wide)):
        shutil.rmtree(live)
        shutil.copytree(changed, live)
        since = os.path.getsize(daemon.log.name)
        steal = Steal()
        seconds = daemon.reload()
        daemon.log.flush()
        counts = reevaluated(daemon.log.name, since)
        cases = counts[0] if counts else cases
        what = (f"{counts[0]:,} cases re-evaluated after SIGHUP: {counts[1]:,} items opened, {counts[2]:,} updated, "
                f"{counts[3]:,} withdrawn") if counts else "no re-evaluated record in the daemon's log"
        report(name, f"{seconds:.2f} s", "<= 5 s", f"{what}, {steal}")
    report("rss.reload", f"{daemon.peak_rss_mb():,.0f} MB", "<= 400 MB", "peak RSS of the daemon through both reloads")
    daemon.stop()
    steal = Steal()
    daemon = Daemon(args, data, live, work)
    report("restart", f"{daemon.ready:.2f} s", "<= 2 s",
           f"start to READY=1, {cases or 0:,} cases in the store (first start took {first_ready:.2f} s), {steal}")
    daemon.stop()


if __name__ == "__main__":
    main()
