"""Soak run (not in CI): Versionscope's window on 1000 task queues refreshing every second for 10 minutes while the
CLI makes 10 000 reads, against a real Temporal dev server; prints memory and open file descriptors at the start
and the end of each, and fails when they grew beyond noise.

Run through scripts/soak, which builds and picks the venv:
    scripts/soak [--queues 1000] [--minutes 10] [--cli-reads 10000]

The window (versionscope, offscreen) opens on the first queue with view/refreshSeconds=1: every second it re-reads
that queue (sets, pollers of every partition, reachability) and records into its history; its queue list holds
every queue, found from the workflows started on each. Its resident memory (VmRSS) and open descriptors are
sampled once a minute; "start" is the first sample after a minute of warm-up, when caches and the gRPC channel
exist.

The CLI makes its reads one process after the other (versionscope-cli task-queue get-build-ids, round-robin over
the queues, one shared history that grows with every read's observation); for each, the peak resident memory
(from wait4) and the highest descriptor count seen in /proc while it ran. "start" and "end" are the medians of
the first and the last 200 reads: a read that loads the whole history, or a descriptor left open per entry, shows
as growth.
"""
import argparse
import asyncio
import os
import pathlib
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

import json
import random
import threading

from temporalio.client import BuildIdOpAddNewDefault, BuildIdOpPromoteSetByBuildId, Client
from temporalio.service import RPCError, RPCStatusCode

HERE = pathlib.Path(__file__).resolve().parent

# What counts as noise: allocator and gRPC channel pools settle within a few megabytes; a descriptor or two comes
# and goes with connections.
RSS_NOISE_KB = 8 * 1024
RSS_NOISE_RATIO = 0.10
FD_NOISE = 3


def rss_kb(pid):
    for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def fd_count(pid):
    try:
        return len(os.listdir(f"/proc/{pid}/fd"))
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return 0


def grew(start, end, noise):
    return end - start > noise


def rss_grew(start, end):
    return end - start > max(RSS_NOISE_KB, start * RSS_NOISE_RATIO)


async def seed(address, queues):
    """Every queue gets two build IDs in two sets, and one open workflow so that discovery finds it."""
    client = await Client.connect(address, namespace="default")
    semaphore = asyncio.Semaphore(32)

    async def patiently(call):
        # The dev server limits build-ID updates per namespace below what 32 at once ask for, whatever the RPS
        # settings say (1000 queues failed at once with "namespace rate limit exceeded"): wait and try again.
        for attempt in range(60):
            try:
                return await call()
            except RPCError as error:
                if error.status != RPCStatusCode.RESOURCE_EXHAUSTED or attempt == 59:
                    raise
                await asyncio.sleep(0.5 + random.random())

    async def one(queue):
        async with semaphore:
            await patiently(lambda: client.update_worker_build_id_compatibility(queue, BuildIdOpAddNewDefault("1.0")))
            await patiently(lambda: client.update_worker_build_id_compatibility(queue, BuildIdOpAddNewDefault("2.0")))
            await patiently(lambda: client.start_workflow("SoakWorkflow", id=f"soak-{uuid.uuid4()}", task_queue=queue))

    await asyncio.gather(*(one(q) for q in queues))


def start_server(state, venv):
    command = [str(HERE / "temporal-dev-server"), "start", str(state), "--venv", str(venv),
               "--dynamic-config", "limit.taskQueuesPerBuildId=100000",
               "--dynamic-config", "frontend.namespaceRPS=100000",
               "--dynamic-config", "frontend.rps=100000",
               "--dynamic-config", "frontend.namespaceRPS.namespaceReplicationInducingAPIs=100000",
               "--dynamic-config", "frontend.rps.namespaceReplicationInducingAPIs=100000"]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]


def promote(address, queue, build_id):
    async def run():
        client = await Client.connect(address, namespace="default")
        await client.update_worker_build_id_compatibility(queue, BuildIdOpPromoteSetByBuildId(build_id))

    asyncio.run(run())


def soak_window(build, address, queues, minutes, work):
    """Every 30 s another tool flips the watched queue's default set: each flip the window's refresh sees becomes one
    observation in its history, which proves the refreshes kept happening."""
    settings = work / "window.ini"
    settings.write_text(f"[connection]\naddress={address}\nnamespace=default\n\n[view]\nrefreshSeconds=1\n")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", VERSIONSCOPE_HISTORY=str(work / "window-history.sqlite"),
               HOME=str(work / "home"), XDG_CONFIG_HOME=str(work / "config"))
    window = subprocess.Popen([str(build / "app" / "versionscope"), "--settings-file", str(settings),
                               "-t", queues[0]], env=env, stdout=subprocess.DEVNULL,
                              stderr=open(work / "window.log", "w"))
    samples = []
    try:
        time.sleep(60)
        for minute in range(minutes + 1):
            if window.poll() is not None:
                raise SystemExit(f"the window exited ({window.returncode}); see {work / 'window.log'}")
            samples.append((minute, rss_kb(window.pid), fd_count(window.pid)))
            print(f"  window minute {minute:2}: {samples[-1][1] / 1024:7.1f} MiB resident, "
                  f"{samples[-1][2]} descriptors", flush=True)
            if minute < minutes:
                for half in range(2):
                    promote(address, queues[0], "1.0" if (2 * minute + half) % 2 == 0 else "2.0")
                    time.sleep(30)
    finally:
        window.send_signal(signal.SIGTERM)
        try:
            window.wait(timeout=20)
        except subprocess.TimeoutExpired:
            window.kill()
    return samples, 2 * minutes


def observations(build, work, queue):
    env = dict(os.environ, VERSIONSCOPE_HISTORY=str(work / "window-history.sqlite"))
    listed = subprocess.run([str(build / "app" / "versionscope-cli"), "history", "-t", queue, "--limit", "0",
                             "-o", "json"], env=env, capture_output=True, text=True, check=True)
    return len(json.loads(listed.stdout))


def soak_cli(build, address, queues, reads, work):
    env = dict(os.environ, VERSIONSCOPE_HISTORY=str(work / "cli-history.sqlite"), HOME=str(work / "home"),
               XDG_CONFIG_HOME=str(work / "config"))
    cli = str(build / "app" / "versionscope-cli")
    peaks = []
    failures = 0
    for i in range(reads):
        process = subprocess.Popen([cli, "task-queue", "get-build-ids", "--address", address,
                                    "-t", queues[i % len(queues)], "-o", "json"],
                                   env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        most_fds = 0
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            most_fds = max(most_fds, fd_count(process.pid))
            time.sleep(0.005)
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            failures += 1
        peaks.append((usage.ru_maxrss, most_fds))
        if (i + 1) % 1000 == 0:
            print(f"  cli reads {i + 1:5}: peak {usage.ru_maxrss / 1024:6.1f} MiB, {most_fds} descriptors, "
                  f"{failures} failed", flush=True)
    return peaks, failures


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", required=True, type=pathlib.Path)
    parser.add_argument("--venv", required=True, type=pathlib.Path)
    parser.add_argument("--queues", type=int, default=1000)
    parser.add_argument("--minutes", type=int, default=10)
    parser.add_argument("--cli-reads", type=int, default=10000)
    args = parser.parse_args()

    work = pathlib.Path(tempfile.mkdtemp(prefix="versionscope-soak-"))
    state = work / "server"
    print(f"soak: work folder {work}")
    address = start_server(state, args.venv)
    try:
        queues = [f"soak-{i:04}" for i in range(args.queues)]
        started = time.monotonic()
        asyncio.run(seed(address, queues))
        print(f"soak: {len(queues)} queues with two sets and an open workflow each, "
              f"in {time.monotonic() - started:.0f} s, on {address}", flush=True)

        # Both at once, as an operator's machine would have them: the server answers both.
        cli_result = {}

        def cli_thread():
            cli_result["value"] = soak_cli(args.build, address, queues, args.cli_reads, work)

        thread = threading.Thread(target=cli_thread)
        thread.start()
        window, flips = soak_window(args.build, address, queues, args.minutes, work)
        thread.join()
        peaks, failures = cli_result["value"]
    finally:
        subprocess.run([str(HERE / "temporal-dev-server"), "stop", str(state)], capture_output=True)

    problems = []
    (_, rss0, fd0), (_, rss1, fd1) = window[0], window[-1]
    print(f"\nwindow, {args.queues} queues, refresh every second, {args.minutes} min:")
    print(f"  resident  start {rss0 / 1024:7.1f} MiB   end {rss1 / 1024:7.1f} MiB")
    print(f"  open fds  start {fd0:7}       end {fd1:7}")
    if rss_grew(rss0, rss1):
        problems.append(f"window memory grew {(rss1 - rss0) / 1024:.1f} MiB")
    if grew(fd0, fd1, FD_NOISE):
        problems.append(f"window descriptors grew by {fd1 - fd0}")
    seen = observations(args.build, work, queues[0])
    print(f"  history   {seen} entries for {queues[0]} after {flips} changes made elsewhere")
    if seen < flips:
        problems.append(f"the window saw {seen} of {flips} changes: it stopped refreshing")

    edge = min(200, len(peaks) // 2)
    first, last = peaks[:edge], peaks[-edge:]
    crss0, crss1 = statistics.median(p[0] for p in first), statistics.median(p[0] for p in last)
    cfd0, cfd1 = statistics.median(p[1] for p in first), statistics.median(p[1] for p in last)
    history_mb = (work / "cli-history.sqlite").stat().st_size / 1e6
    print(f"\ncli, {len(peaks)} reads ({failures} failed), history now {history_mb:.1f} MB:")
    print(f"  peak resident per read  start {crss0 / 1024:6.1f} MiB   end {crss1 / 1024:6.1f} MiB")
    print(f"  most open fds per read  start {cfd0:6}       end {cfd1:6}")
    if rss_grew(crss0, crss1):
        problems.append(f"cli memory per read grew {(crss1 - crss0) / 1024:.1f} MiB")
    if grew(cfd0, cfd1, FD_NOISE):
        problems.append(f"cli descriptors per read grew by {cfd1 - cfd0}")
    if failures:
        problems.append(f"{failures} cli reads failed")

    if problems:
        print("\nsoak: FAILED: " + "; ".join(problems))
        return 1
    print("\nsoak: no growth beyond noise")
    return 0


if __name__ == "__main__":
    sys.exit(main())
