#!/usr/bin/env python3
"""The measuring half of benchmarks/sync-vs-rsync.sh and benchmarks/index-memory.sh.

Subcommands (each prints or appends what the shell scripts read; none needs a third-party module):
  run            time one client run, sample the peak RSS of its processes and of the servers',
                 count the bytes that crossed the loopback, append one JSON line to the results
  make-small     COUNT files of 10 KiB (--size) in 100 folders (--folders)
  change-files   rewrite 1 % of them
  rewrite-regions  rewrite COUNT random SIZE-byte regions of a file in place, from a seed
  write-files    the watch case's writer: COUNT files, GAP ms apart, one "name ns" line per close
  watch-renames  the watch case's watcher: inotify on a folder, one "name ns" line per rename
  latency        join the writer's and the watcher's lines into a result line
  first-answer   poll a Turnstile server until /list_files is answered (index-memory.sh)
  tree-hwm       the sum of VmHWM over a process and its descendants
  heap-used      sum the "used" of the heap's spaces in `jcmd PID GC.heap_info` output
  report         the tables, from the results file

Timestamps that two processes compare (writer and watcher) come from CLOCK_MONOTONIC
(time.monotonic_ns), which is one clock for every process of the machine.
"""
import argparse
import ctypes
import ctypes.util
import json
import os
import random
import re
import select
import socket
import struct
import subprocess
import sys
import threading
import time

sys.dont_write_bytecode = True  # no __pycache__ beside the scripts
from sync_report import percentile, report  # noqa: E402

KIB = 1024


# ---------------------------------------------------------------------------------------------
# run: one timed client run
# ---------------------------------------------------------------------------------------------

def process_tree(pid):
    """pid and its descendants, as far as they exist now. Only each process's main thread is asked
    for its children: the processes that fork here (rsync, the launcher scripts) have one thread,
    and asking every thread of a JVM 50 times a second would cost the cores being measured."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            with open(f"/proc/{current}/task/{current}/children") as f:
                todo.extend(int(child) for child in f.read().split())
        except OSError:
            pass
    return found


def hwm_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def clear_hwm(pid):
    """Resets VmHWM to the current RSS ("5" in clear_refs, Linux 4.0+), so a long-lived server's
    peak is the peak of this run. Silently skipped where not allowed."""
    try:
        with open(f"/proc/{pid}/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def loopback_bytes():
    """Bytes the loopback interface has sent. On lo every packet is sent once and received once,
    so this counts each byte of both directions once, headers included."""
    with open("/proc/net/dev") as f:
        for line in f:
            name, _, rest = line.partition(":")
            if name.strip() == "lo":
                return int(rest.split()[8])
    return 0


def cmd_run(args):
    servers = [int(p) for p in args.servers.split(",") if p]
    for server in servers:
        for pid in process_tree(server):
            clear_hwm(pid)
    client_peaks, server_peaks = {}, {}

    def sample(root, peaks):
        for pid in process_tree(root):
            peaks[pid] = max(peaks.get(pid, 0), hwm_kib(pid))

    ended = []
    with open(args.log, "ab") as log:
        wire_before = loopback_bytes()
        start = time.monotonic_ns()
        process = subprocess.Popen(["taskset", "-c", str(args.cpu)] + args.command,
                                   stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        waiter = threading.Thread(target=lambda: ended.append((process.wait(), time.monotonic_ns())))
        waiter.start()
        # Every 20 ms: short-lived forks (rsync's daemon child, its receiver) must be seen alive.
        while waiter.is_alive():
            sample(process.pid, client_peaks)
            for server in servers:
                sample(server, server_peaks)
            waiter.join(0.02)
        status, end = ended[0]
        wire = loopback_bytes() - wire_before
    for server in servers:  # the long-lived servers' peaks are still readable after the run
        sample(server, server_peaks)
    row = {"case": args.case, "rep": args.rep, "tool": args.tool, "seconds": (end - start) / 1e9,
           "client_kib": sum(client_peaks.values()), "server_kib": sum(server_peaks.values()),
           "wire_bytes": wire, "exit": status, "log": args.log}
    row.update(tool_report(args.log))
    with open(args.results, "a") as out:
        out.write(json.dumps(row) + "\n")
    if status != 0:
        sys.stderr.write(f"{args.tool} exited {status} in case {args.case}, repetition {args.rep}; "
                         f"its output ({args.log}) ends:\n")
        with open(args.log, errors="replace") as f:
            sys.stderr.write("".join(f.readlines()[-15:]))
        sys.exit(1)


def tool_report(log):
    """What the tool itself said about the run: Turnstile's summary line, rsync's --stats."""
    found = {}
    with open(log, errors="replace") as f:
        lines = f.read().splitlines()
    summaries = [line for line in lines if line.startswith("copied ")]
    if summaries:
        found["summary"] = summaries[-1]
    for key, pattern in (("rsync_sent", r"Total bytes sent: ([\d,.]+)"),
                         ("rsync_received", r"Total bytes received: ([\d,.]+)"),
                         ("rsync_literal", r"Literal data: ([\d,.]+)"),
                         ("rsync_matched", r"Matched data: ([\d,.]+)")):
        values = [m.group(1) for m in (re.search(pattern, line) for line in lines) if m]
        if values:
            found[key] = int(values[-1].replace(",", "").replace(".", ""))
    return found


# ---------------------------------------------------------------------------------------------
# trees and changes
# ---------------------------------------------------------------------------------------------

def small_path(root, i, folders=100):
    return os.path.join(root, "d%03d" % (i % folders), "f%05d.bin" % i)


def cmd_make_small(args):
    for i in range(args.count):
        path = small_path(args.root, i, args.folders)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(os.urandom(args.size))


def cmd_change_files(args):
    for i in range(0, args.count, 100):
        with open(small_path(args.root, i), "wb") as f:
            f.write(os.urandom(10 * KIB))


def cmd_rewrite_regions(args):
    """Same size, same file: COUNT regions at offsets aligned to SIZE (pages of a database or a
    disk image), chosen and filled from the seed, so a run can be repeated exactly."""
    rng = random.Random(args.seed)
    size = os.path.getsize(args.file)
    slots = size // args.size
    chosen = sorted(rng.sample(range(slots), min(args.count, slots)))
    fd = os.open(args.file, os.O_WRONLY)
    try:
        for slot in chosen:
            os.pwrite(fd, rng.randbytes(args.size), slot * args.size)
    finally:
        os.close(fd)
    print(" ".join(str(slot * args.size) for slot in chosen))


# ---------------------------------------------------------------------------------------------
# watch latency
# ---------------------------------------------------------------------------------------------

def cmd_write_files(args):
    """Writes each file in place (open, write, close) at start + i × gap, and stamps its close."""
    payload = os.urandom(args.size)
    start = time.monotonic_ns()
    for i in range(args.count):
        due = start + i * args.gap_ms * 1_000_000
        delay = due - time.monotonic_ns()
        if delay > 0:
            time.sleep(delay / 1e9)
        name = "w%04d.bin" % i
        fd = os.open(os.path.join(args.root, name), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.write(fd, payload[:8] + struct.pack(">I", i) + payload[12:])
        os.close(fd)
        print(name, time.monotonic_ns(), flush=True)


IN_CLOSE_WRITE = 0x008
IN_MOVED_TO = 0x080


def cmd_watch_renames(args):
    """Prints "name ns" for the first IN_MOVED_TO (or IN_CLOSE_WRITE, for a client that writes in
    place) of each name matching PATTERN in the folder; exits once COUNT names were seen or after
    TIMEOUT seconds. Says "ready" on standard error once the watch is in place."""
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    fd = libc.inotify_init1(os.O_CLOEXEC)
    if fd < 0:
        sys.exit(f"inotify_init1 failed: {os.strerror(ctypes.get_errno())}")
    if libc.inotify_add_watch(fd, os.fsencode(args.root), IN_MOVED_TO | IN_CLOSE_WRITE) < 0:
        sys.exit(f"inotify_add_watch {args.root} failed: {os.strerror(ctypes.get_errno())}")
    pattern = re.compile(args.pattern)
    sys.stderr.write("ready\n")
    sys.stderr.flush()
    seen = set()
    deadline = time.monotonic() + args.timeout
    while len(seen) < args.count:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            break
        data = os.read(fd, 65536)
        now = time.monotonic_ns()
        offset = 0
        while offset < len(data):
            _wd, _mask, _cookie, length = struct.unpack_from("iIII", data, offset)
            name = data[offset + 16:offset + 16 + length].rstrip(b"\0").decode(errors="replace")
            offset += 16 + length
            if pattern.fullmatch(name) and name not in seen:
                seen.add(name)
                print(name, now, flush=True)


def cmd_latency(args):
    def read(path):
        stamps = {}
        with open(path) as f:
            for line in f:
                parts = line.split()
                if len(parts) == 2:
                    stamps[parts[0]] = int(parts[1])
        return stamps
    written, renamed = read(args.writes), read(args.renames)
    latencies = [(renamed[name] - ns) / 1e6 for name, ns in written.items() if name in renamed]
    row = {"case": "watch", "rep": args.rep, "tool": "turnstile", "written": len(written),
           "arrived": len(latencies), "client_kib": args.client_kib, "server_kib": args.server_kib}
    if latencies:
        row.update(p50_ms=percentile(latencies, 0.50), p99_ms=percentile(latencies, 0.99),
                   max_ms=max(latencies), latencies_ms=latencies)
    with open(args.results, "a") as out:
        out.write(json.dumps(row) + "\n")


# ---------------------------------------------------------------------------------------------
# index-memory.sh
# ---------------------------------------------------------------------------------------------

def ask(sock, reader, request):
    sock.sendall((json.dumps(request) + "\n").encode())
    line = reader.readline()
    if not line:
        raise ConnectionError("the server closed the connection")
    return json.loads(line)


def cmd_first_answer(args):
    """Connects every 10 ms until a /login and a /list_files (limit 1) are answered 200; prints
    the wall-clock time of that answer in ns (time.time_ns, to compare with `date +%s%N`)."""
    deadline = time.monotonic() + args.timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", args.port), timeout=args.timeout) as sock:
                reader = sock.makefile("rb")
                login = ask(sock, reader, {"url": "/login", "hostname": "index-memory"})
                if login.get("code") == 200:
                    answer = ask(sock, reader, {"url": "/list_files", "limit": 1, "token": login["token"]})
                    if answer.get("code") == 200:
                        print(time.time_ns())
                        return
        except (OSError, ValueError):
            pass
        time.sleep(0.01)
    sys.exit(f"no answer from 127.0.0.1:{args.port} within {args.timeout} s")


def cmd_tree_hwm(args):
    """The sum of VmHWM (KiB) over a process and its descendants."""
    print(sum(hwm_kib(pid) for pid in process_tree(args.pid)))


def cmd_heap_used(args):
    """Sums "used NNNK" over the heap's spaces (serial: new and tenured generations; G1: the
    garbage-first heap), leaving out Metaspace and class space."""
    used = 0
    for line in sys.stdin:
        if "Metaspace" in line or "class space" in line:
            continue
        match = re.search(r"total \d+K, used (\d+)K", line)
        if match:
            used += int(match.group(1))
    print(used * KIB)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="subcommand", required=True)
    p = sub.add_parser("run")
    for name in ("--results", "--case", "--rep", "--tool", "--log"):
        p.add_argument(name, required=True)
    p.add_argument("--cpu", required=True)
    p.add_argument("--servers", default="", help="comma-separated pids of the servers to sample")
    p.add_argument("command", nargs=argparse.REMAINDER)
    p.set_defaults(func=cmd_run)
    p = sub.add_parser("make-small")
    p.add_argument("root")
    p.add_argument("count", type=int)
    p.add_argument("--size", type=int, default=10 * KIB)
    p.add_argument("--folders", type=int, default=100)
    p.set_defaults(func=cmd_make_small)
    p = sub.add_parser("change-files")
    p.add_argument("root")
    p.add_argument("count", type=int)
    p.set_defaults(func=cmd_change_files)
    p = sub.add_parser("rewrite-regions")
    p.add_argument("file")
    p.add_argument("--seed", type=int, required=True)
    p.add_argument("--count", type=int, default=10)
    p.add_argument("--size", type=int, default=4 * KIB)
    p.set_defaults(func=cmd_rewrite_regions)
    p = sub.add_parser("write-files")
    p.add_argument("root")
    p.add_argument("--count", type=int, default=200)
    p.add_argument("--size", type=int, default=10 * KIB)
    p.add_argument("--gap-ms", type=int, default=50)
    p.set_defaults(func=cmd_write_files)
    p = sub.add_parser("watch-renames")
    p.add_argument("root")
    p.add_argument("--count", type=int, default=200)
    p.add_argument("--pattern", default=r"w\d{4}\.bin")
    p.add_argument("--timeout", type=float, default=60)
    p.set_defaults(func=cmd_watch_renames)
    p = sub.add_parser("latency")
    for name in ("--writes", "--renames", "--results", "--rep"):
        p.add_argument(name, required=True)
    p.add_argument("--client-kib", type=int, default=0)
    p.add_argument("--server-kib", type=int, default=0)
    p.set_defaults(func=cmd_latency)
    p = sub.add_parser("first-answer")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--timeout", type=float, default=120)
    p.set_defaults(func=cmd_first_answer)
    p = sub.add_parser("tree-hwm")
    p.add_argument("pid", type=int)
    p.set_defaults(func=cmd_tree_hwm)
    p = sub.add_parser("heap-used")
    p.set_defaults(func=cmd_heap_used)
    p = sub.add_parser("report")
    p.add_argument("results")
    p.set_defaults(func=lambda args: report(args.results))
    args = parser.parse_args()
    if args.subcommand == "run" and args.command[:1] == ["--"]:
        args.command = args.command[1:]
    args.func(args)


if __name__ == "__main__":
    main()
