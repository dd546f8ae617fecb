"""The tables of benchmarks/sync-vs-rsync.sh, from the JSON lines its runs append to the results
file (one per timed run; one per repetition of the watch case). Used through `sync_bench.py report`.
"""
import json
import math
import statistics


def percentile(values, fraction):
    """Nearest-rank percentile: the smallest value with at least that fraction at or below it."""
    ordered = sorted(values)
    rank = max(1, math.ceil(round(fraction * len(ordered), 9)))
    return ordered[min(rank, len(ordered)) - 1]


CASES = [  # case, what it is, subject tool, baseline tool, target (subject ÷ baseline)
    ("pull-big", "one big file, first pull", "turnstile", "rsync", "≤ 0.8 (issue 23)"),
    ("pull-big", "the floor: benchmarks/floor/DurableCopy.java copies the same file durably, verified,"
     " from the local disk", "floor", "rsync", "none: what no JVM pull beats"),
    ("pull-small", "10 KiB files in 100 folders, first pull", "turnstile", "rsync", "≤ 1.0 (issue 26)"),
    ("pull-small", "the floor: the same tree copied as the floor program copies the big file", "floor", "rsync",
     "none: what no JVM pull beats"),
    ("unchanged", "the same again, nothing changed", "turnstile", "rsync", "≤ 1.0 (issue 24)"),
    ("changed", "again with 1 % of the files changed", "turnstile", "rsync", "≤ 1.0 (issue 24)"),
    ("push-big", "one big file, first push into a writable server", "turnstile", "rsync", "≤ 1.0 (issue 23)"),
    ("push-small", "10 KiB files, first push", "turnstile", "rsync", "≤ 1.5 (issue 26)"),
    ("delta", "big file, 10 × 4 KiB rewritten in place, update", "turnstile", "rsync",
     "≤ 1.0, wire ≤ 2.0 (issue 26)"),
    ("delta", "the floor: the kernel's copy of the new file, read back, hashed and forced", "floor",
     "rsync", "none: what no JVM update that renames a whole file beats"),
    ("tls-pull", "big file, first pull over TLS ÷ plain TCP (Turnstile only)", "turnstile-tls",
     "turnstile-plain", "≤ 1.3 (issue 23)"),
]


def mib(kib):
    return f"{kib / 1024:.0f}"


def report(results):
    rows = [json.loads(line) for line in open(results) if line.strip()]
    lines = [summary_line(rows, *case) for case in CASES]
    lines = [line for line in lines if line]
    if lines:
        print("| case | what | Turnstile (or floor) s (median) | other s (median) | ÷ median of per-rep ratios | worst rep |"
              " target | client peak RSS MiB, Turnstile / other | server peak RSS MiB, Turnstile / other |"
              " loopback MB (median), Turnstile / other | reps |")
        print("|---|---|---:|---:|---:|---:|---|---:|---:|---:|---:|")
        print("\n".join(lines))
        print("\nThe floor rows time a minimal durable copy of the case's tree on the client's core, no network.")
        print("\"other\" is rsync, except for tls-pull, where it is the same Turnstile pull over plain TCP.")
        print("Peak RSS: the largest over the repetitions of the sum of VmHWM over the tool's processes.")
    print_delta(rows)
    print_watch(rows)


def summary_line(rows, case, what, subject, baseline, target):
    """One row of the table: the repetitions in which both tools ran the case."""
    pairs = {}
    for row in rows:
        if row["case"] == case and row["tool"] in (subject, baseline):
            pairs.setdefault(row["rep"], {})[row["tool"]] = row
    reps = [p for p in pairs.values() if len(p) == 2]
    if not reps:
        return None

    def median(tool, key):
        return statistics.median(p[tool][key] for p in reps)

    def peak(tool, key):
        return mib(max(p[tool][key] for p in reps))

    ratios = [p[subject]["seconds"] / p[baseline]["seconds"] for p in reps]
    return (f"| {case} | {what} | {median(subject, 'seconds'):.2f} | {median(baseline, 'seconds'):.2f}"
            f" | **{statistics.median(ratios):.2f}** | {max(ratios):.2f} | {target}"
            f" | {peak(subject, 'client_kib')} / {peak(baseline, 'client_kib')}"
            f" | {peak(subject, 'server_kib')} / {peak(baseline, 'server_kib')}"
            f" | {median(subject, 'wire_bytes') / 1e6:.1f} / {median(baseline, 'wire_bytes') / 1e6:.1f} | {len(reps)} |")


def count(value):
    return f"{value:,}" if isinstance(value, int) else "?"


def print_delta(rows):
    delta = {}
    for row in rows:
        if row["case"] == "delta":
            delta.setdefault(row["rep"], {})[row["tool"]] = row
    reps = [p for p in delta.values() if {"turnstile", "rsync"} <= p.keys()]
    if not reps:
        return
    ratios = [p["turnstile"]["wire_bytes"] / max(1, p["rsync"]["wire_bytes"]) for p in reps]
    print(f"\ndelta, bytes on the loopback (both directions, headers included): Turnstile ÷ rsync "
          f"**{statistics.median(ratios):.2f}** (median), worst {max(ratios):.2f}; target ≤ 2.0")
    for rep in sorted(delta, key=int):
        p = delta[rep]
        r, t = p.get("rsync", {}), p.get("turnstile", {})
        print(f"  rep {rep}: loopback Turnstile {count(t.get('wire_bytes'))} B, rsync {count(r.get('wire_bytes'))} B;"
              f" rsync --stats: sent {count(r.get('rsync_sent'))} B, received {count(r.get('rsync_received'))} B,"
              f" literal {count(r.get('rsync_literal'))} B, matched {count(r.get('rsync_matched'))} B;"
              f" Turnstile: {t.get('summary', '?')}")


def print_watch(rows):
    watch = [row for row in rows if row["case"] == "watch"]
    if not watch:
        return
    print("\nwatch latency, from a file's close on the server's side to its rename into the mirror "
          "(targets: p50 ≤ 150 ms, p99 ≤ 400 ms):")
    print("| rep | files arrived | p50 ms | p99 ms | max ms | client / server peak RSS MiB |")
    print("|---:|---:|---:|---:|---:|---:|")
    pooled = []
    for row in sorted(watch, key=lambda r: int(r["rep"])):
        pooled.extend(row.get("latencies_ms", []))
        stats = " | ".join(f"{row[k]:.0f}" if k in row else "—" for k in ("p50_ms", "p99_ms", "max_ms"))
        print(f"| {row['rep']} | {row['arrived']} of {row['written']} | {stats}"
              f" | {mib(row['client_kib'])} / {mib(row['server_kib'])} |")
    if pooled and len(watch) > 1:
        print(f"| all | {len(pooled)} | {percentile(pooled, 0.5):.0f} | {percentile(pooled, 0.99):.0f}"
              f" | {max(pooled):.0f} | |")
