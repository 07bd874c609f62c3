#!/usr/bin/env python3
"""Multipool's process backend and Python's multiprocessing.Pool, side by side on the same work.

Runs every workload on Multipool (a fresh JVM per run), on Python's multiprocessing.Pool (a fresh
interpreter per run) and, where it is the yardstick, a hello-world JVM; alternates them run by run
(A B A B), so that the machine's drift hits both alike; and prints one table of medians.

    mvn -q -pl benchmarks -am package -DskipTests
    python3 benchmarks/side_by_side.py [--runs 5]

Standard library only. Linux only: resident memory is read from /proc.
"""

import argparse
import dataclasses
import multiprocessing
import os
import platform
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
JAR = os.path.join(HERE, "target", "benchmarks.jar")
WORKERS = 2
WARM_UP_SECONDS = 3


# ---- Python's side: the same workloads as org.multipool.benchmarks.SideBySide ----

def square(x):
    return x * x


def one():
    return 1


def sum_loop(steps):
    total = 0
    for i in range(steps):
        total += i * i % 7
    return total


def length(blob):
    return len(blob)


def echo(blob):
    return blob


@dataclasses.dataclass
class Sample:
    """The Java side's record: a string, an int and eight floats."""
    name: str
    count: int
    values: list


def sample_size(sample):
    return len(sample.name) + sample.count + len(sample.values)


def timed(work):
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def py_first_result(ctx):
    start = time.perf_counter()
    with ctx.Pool(WORKERS) as pool:
        pool.apply(one)
        print("ms", (time.perf_counter() - start) * 1e3)


def py_map(ctx, items, chunksize, runs):
    """The same 3 s warm-up as the Java side, which its JIT compilers need; Python has none."""
    data = list(range(items))
    with ctx.Pool(WORKERS) as pool:
        def run():
            return timed(lambda: pool.map(square, data, chunksize))
        warm_up_end = time.perf_counter() + WARM_UP_SECONDS
        while time.perf_counter() < warm_up_end:
            run()
        print("items_per_s", statistics.median(items / run() for _ in range(runs)))


def py_first_result_again(ctx):
    with ctx.Pool(WORKERS) as pool:
        pool.apply(one)
    py_first_result(ctx)


def py_first_map(ctx):
    data = list(range(20_000))
    with ctx.Pool(WORKERS) as pool:
        pool.apply(one)
        print("items_per_s", len(data) / timed(lambda: pool.map(square, data, 1)))


def py_map_chunk1_after_tiny_maps(ctx):
    tiny = list(range(200_000))
    data = list(range(20_000))
    with ctx.Pool(WORKERS) as pool:
        for _ in range(3):
            pool.map(square, tiny)
        print("items_per_s", statistics.median(len(data) / timed(lambda: pool.map(square, data, 1)) for _ in range(3)))


def py_map_records(ctx):
    data = [Sample(f"sample-{i}", i, [i * 0.5] * 8) for i in range(20_000)]
    with ctx.Pool(WORKERS) as pool:
        pool.map(sample_size, data)
        print("items_per_s", statistics.median(len(data) / timed(lambda: pool.map(sample_size, data)) for _ in range(5)))


def py_bulk(ctx, function):
    data = [bytes([i % 256]) * 100_000 for i in range(2_000)]
    megabytes = 2_000 * 100_000 / 1e6
    with ctx.Pool(WORKERS) as pool:
        pool.map(function, data)
        print("mb_per_s", statistics.median(megabytes / timed(lambda: pool.map(function, data)) for _ in range(5)))


def py_rss_after_submits(ctx):
    with ctx.Pool(WORKERS) as pool:
        pool.map(one_after, [0.02] * WORKERS, 1)
        time.sleep(1)
        children = multiprocessing.active_children()
        print("idle_mb", sum(rss_mb(child.pid) for child in children))
        for _ in range(100_000):
            pool.apply(one)
        print("after_mb", sum(rss_mb(child.pid) for child in children))


def py_round_trip(ctx):
    with ctx.Pool(WORKERS) as pool:
        for _ in range(500):
            pool.apply(one)
        micros = []
        for _ in range(2000):
            start = time.perf_counter()
            pool.apply(one)
            micros.append((time.perf_counter() - start) * 1e6)
        micros.sort()
        print("median_us", statistics.median(micros))
        print("p99_us", micros[int(len(micros) * 0.99)])


def py_cpu_speedup(ctx):
    tasks = [2_000_000] * 8  # Python's loop is slower: fewer steps make tasks as long as the Java side's
    with ctx.Pool(1) as on_one, ctx.Pool(WORKERS) as on_two:
        on_one.map(sum_loop, tasks, 1)
        on_two.map(sum_loop, tasks, 1)
        ratios = [timed(lambda: on_one.map(sum_loop, tasks, 1)) / timed(lambda: on_two.map(sum_loop, tasks, 1))
                  for _ in range(3)]
        print("speedup", statistics.median(ratios))


def py_idle_rss(ctx):
    with ctx.Pool(WORKERS) as pool:
        pool.map(one_after, [0.02] * WORKERS, 1)
        time.sleep(1)
        print("mb", statistics.median(rss_mb(child.pid) for child in multiprocessing.active_children()))


QUEUE_ITEMS = 100_000  # as Workloads.QUEUE_ITEMS
QUEUE_CAPACITY = 1_000
MERGES = 20_000  # as Workloads.MERGES


def produce(queue, go, first, items):
    go.wait()
    for i in range(first, items, WORKERS):
        queue.put(i)


def py_queue_items(ctx):
    """Two producer processes put small items; this process takes them: multiprocessing.Queue."""
    rates = []
    for run in range(4):  # the first warms up
        queue = ctx.Queue(QUEUE_CAPACITY)
        go = ctx.Event()
        producers = [ctx.Process(target=produce, args=(queue, go, w, QUEUE_ITEMS)) for w in range(WORKERS)]
        for producer in producers:
            producer.start()
        start = time.perf_counter()
        go.set()
        for _ in range(QUEUE_ITEMS):
            queue.get()
        elapsed = time.perf_counter() - start
        for producer in producers:
            producer.join()
        if run > 0:
            rates.append(QUEUE_ITEMS / elapsed)
    print("items_per_s", statistics.median(rates))


def hop_sender(hops, go, rounds):
    for _ in range(rounds):
        go.get()
        hops.put(time.monotonic_ns())


def py_queue_hop(ctx):
    """One item at a time from a process to this one, stamped on the shared monotonic clock."""
    rounds = 7_000
    hops, go = ctx.Queue(1), ctx.Queue(1)
    sender = ctx.Process(target=hop_sender, args=(hops, go, rounds))
    sender.start()
    micros = []
    for i in range(rounds):
        go.put(True)
        sent = hops.get()
        if i >= 2_000:
            micros.append((time.monotonic_ns() - sent) / 1e3)
    sender.join()
    micros.sort()
    print("median_us", statistics.median(micros))
    print("p99_us", micros[int(len(micros) * 0.99)])


def merge_under_lock(counts, lock, first, merges):
    for i in range(first, merges, WORKERS):
        key = f"key-{i % 100}"
        with lock:
            counts[key] = counts.get(key, 0) + 1


def py_shared_merge(ctx):
    """Two processes count into a Manager().dict() under a Manager().Lock(), the way Python users must."""
    with ctx.Manager() as manager:
        counts, lock = manager.dict(), manager.Lock()
        with ctx.Pool(WORKERS) as pool:
            pool.starmap(merge_under_lock, [(counts, lock, w, 2_000) for w in range(WORKERS)])
            rates = []
            for _ in range(3):
                start = time.perf_counter()
                pool.starmap(merge_under_lock, [(counts, lock, w, MERGES) for w in range(WORKERS)])
                rates.append(MERGES / (time.perf_counter() - start))
        print("merges_per_s", statistics.median(rates))


def one_after(seconds):
    time.sleep(seconds)
    return 1


PYTHON_WORKLOADS = {
    "first_result": py_first_result,
    "first_result_again": py_first_result_again,
    "map_tiny": lambda ctx: py_map(ctx, 200_000, None, 7),
    "first_map": py_first_map,
    "map_chunk1": py_map_chunk1_after_tiny_maps,
    "map_records": py_map_records,
    "bulk_one_way": lambda ctx: py_bulk(ctx, length),
    "bulk_echo": lambda ctx: py_bulk(ctx, echo),
    "round_trip": py_round_trip,
    "cpu_speedup": py_cpu_speedup,
    "idle_rss": py_idle_rss,
    "rss_after_submits": py_rss_after_submits,
    "queue_items": py_queue_items,
    "queue_hop": py_queue_hop,
    "shared_merge": py_shared_merge,
}


# ---- the comparison ----

def rss_mb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def run_for_numbers(command):
    """Runs a command that prints 'name value' lines; returns them as a dict."""
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed with exit code {result.returncode}:\n{result.stderr}")
    return {name: float(value) for name, value in (line.split() for line in result.stdout.splitlines() if line)}


def multipool(java, workload):
    return run_for_numbers([java, "-cp", JAR, "org.multipool.benchmarks.SideBySide", workload])


def python(workload):
    return run_for_numbers([sys.executable, os.path.abspath(__file__), "--python", workload])


def hello_jvm_ms(java):
    start = time.perf_counter()
    subprocess.run([java, "-cp", JAR, "org.multipool.benchmarks.Hello"], check=True, capture_output=True)
    return {"ms": (time.perf_counter() - start) * 1e3}


def hello_jvm_rss(java):
    process = subprocess.Popen([java, "-cp", JAR, "org.multipool.benchmarks.Hello", "--sleep"],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        process.stdout.readline()  # "hello": the JVM is up
        time.sleep(1)
        return {"mb": rss_mb(process.pid)}
    finally:
        process.stdin.close()
        process.wait(timeout=30)


# workload, what is measured, unit, better when (higher|lower), target as (kind, value) where kind is
# "x_python" (Multipool at least value x Python), "python_x" (Multipool at most value x Python, for
# latencies), "x_hello" (at most value x the hello-world JVM), "at_most" (an absolute bound),
# "at_least", or "x_metric:NAME" (at most value x Multipool's own figure NAME from the same runs)
ROWS = [
    ("bulk_one_way", "mb_per_s", "map 2,000 byte[] of 100 KB, b -> b.length (MB/s)", ("x_python", 1.5)),
    ("bulk_echo", "mb_per_s", "map 2,000 byte[] of 100 KB, b -> b (MB/s)", ("x_python", 1.5)),
    ("map_records", "items_per_s", "map 20,000 small records (items/s)", ("x_python", 3.0)),
    ("map_tiny", "items_per_s", "map 200,000 tiny items, auto chunks (items/s)", ("x_python", 1.5)),
    ("first_map", "items_per_s", "first map on a fresh pool, 20,000 items, chunk 1", ("x_python", 1.0)),
    ("map_chunk1", "items_per_s", "the same after 3 maps of 200,000 tiny items", ("x_python", 3.0)),
    ("round_trip", "median_us", "submit().get() round trip, median (us)", ("at_most", 60.0)),
    ("round_trip", "p99_us", "submit().get() round trip, p99 (us)", ("python_x", 1.0)),
    ("first_result", "ms", "Pool.processes(2) to first result, fresh JVM (ms)", ("x_hello", 3.0)),
    ("first_result_again", "ms", "the same in a JVM that ran a pool before (ms)", ("x_hello", 2.0)),
    ("cpu_speedup", "speedup", "CPU-bound speedup, 2 workers over 1", ("at_least", 1.9)),
    ("idle_rss", "mb", "idle worker RSS (MB)", ("x_hello", 1.5)),
    ("rss_after_submits", "idle_mb", "RSS of both workers, idle (MB)", None),
    ("rss_after_submits", "after_mb", "the same after 100,000 submit().get() (MB)", ("x_metric:idle_mb", 2.0)),
    ("queue_items", "items_per_s", "shared queue, 2 workers put, caller takes (items/s)", ("x_python", 2.0)),
    ("queue_hop", "median_us", "shared queue hop, worker put to caller take, median (us)", ("at_most", 100.0)),
    ("queue_hop", "p99_us", "shared queue hop, p99 (us)", None),
    ("shared_merge", "merges_per_s", "shared map merge from 2 workers (merges/s)", ("x_python", 2.0)),
]


def java_version(java):
    out = subprocess.run([java, "-version"], capture_output=True, text=True).stderr.splitlines()
    return out[1].strip() if len(out) > 1 else out[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each workload on each side (default 5)")
    parser.add_argument("--java", default=os.path.join(os.environ.get("JAVA_HOME", ""), "bin", "java")
                        if os.environ.get("JAVA_HOME") else "java", help="the java to run Multipool with")
    parser.add_argument("--only", help="comma-separated workloads to run (default: all)")
    parser.add_argument("--python", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.python:
        PYTHON_WORKLOADS[args.python](multiprocessing.get_context("spawn"))
        return
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if not os.path.exists(JAR):
        sys.exit(f"{JAR} is missing: build it first with  mvn -q -pl benchmarks -am package -DskipTests")

    workloads = list(dict.fromkeys(row[0] for row in ROWS))
    if args.only:
        unknown = set(args.only.split(",")) - set(workloads)
        if unknown:
            parser.error(f"unknown workloads {sorted(unknown)}; expected some of {workloads}")
        workloads = [w for w in workloads if w in args.only.split(",")]

    samples = {}  # (side, workload) -> list of dicts
    for run in range(args.runs):
        for workload in workloads:
            sides = [("multipool", lambda: multipool(args.java, workload)), ("python", lambda: python(workload))]
            if workload in ("first_result", "first_result_again"):
                sides.append(("hello", lambda: hello_jvm_ms(args.java)))
            if workload == "idle_rss":
                sides.append(("hello", lambda: hello_jvm_rss(args.java)))
            if run % 2 == 1:
                sides.reverse()  # A B, then B A: neither side always goes first
            for side, measure in sides:
                samples.setdefault((side, workload), []).append(measure())
            print(f"  run {run + 1}/{args.runs}: {workload}", file=sys.stderr)

    def median(side, workload, name):
        values = [sample[name] for sample in samples.get((side, workload), [])]
        return statistics.median(values) if values else None

    def worst_ratio(workload, name):
        """The lowest Multipool-over-Python ratio of the runs, each run's pair measured side by side."""
        pairs = zip(samples[("multipool", workload)], samples[("python", workload)])
        return min(ours[name] / theirs[name] for ours, theirs in pairs)

    print(f"Multipool vs Python multiprocessing, {WORKERS} workers, median of {args.runs} runs each, alternated")
    print(f"machine: {os.cpu_count()} cores, {platform.processor() or platform.machine()}, {platform.system()} "
          f"{platform.release()}")
    print(f"java: {java_version(args.java)}; python: {platform.python_version()} (spawn start method)")
    print()
    header = (f"{'workload':<52} {'Multipool':>13} {'Python':>13} {'hello JVM':>10} {'ratio':>7} {'worst':>6}"
              f"  {'target':<22} result")
    print(header)
    print("-" * len(header))
    for workload, name, label, target in ROWS:
        if workload not in workloads:
            continue
        ours = median("multipool", workload, name)
        theirs = median("python", workload, name)
        hello = median("hello", workload, name)
        if target is None:
            ratio, target_text, verdict = theirs / ours, "", ""
        else:
            kind, bound = target
            if kind == "x_python":
                ratio, target_text, met = ours / theirs, f">= {bound}x Python", ours >= bound * theirs
            elif kind == "python_x":
                ratio, target_text, met = theirs / ours, f"<= {bound}x Python", ours <= bound * theirs
            elif kind == "x_hello":
                ratio, target_text, met = ours / hello, f"<= {bound}x hello", ours <= bound * hello
            elif kind.startswith("x_metric:"):
                own = median("multipool", workload, kind.split(":")[1])
                ratio, target_text, met = ours / own, f"<= {bound}x {kind.split(':')[1]}", ours <= bound * own
            elif kind == "at_most":
                ratio, target_text, met = theirs / ours, f"<= {bound:g}", ours <= bound
            else:
                ratio, target_text, met = ours / theirs, f">= {bound:g}", ours >= bound
            verdict = "met" if met else "MISSED"
        hello_text = f"{hello:>10,.1f}" if hello is not None else " " * 10
        worst = worst_ratio(workload, name) if target and target[0] == "x_python" else None
        worst_text = f"{worst:>5.2f}x" if worst is not None else " " * 6
        print(f"{label:<52} {ours:>13,.1f} {theirs:>13,.1f} {hello_text} {ratio:>6.2f}x {worst_text}  "
              f"{target_text:<22} {verdict}")
    print()
    print("ratio: Multipool over Python for throughput and speedup, over the hello-world JVM for start-up and")
    print("memory, Python over Multipool for latency (so above 1 means Multipool is faster); for x_metric targets,")
    print("the figure over Multipool's own figure it names. worst: the lowest of the runs' ratios, for targets")
    print("that must hold in every run.")


if __name__ == "__main__":
    main()
