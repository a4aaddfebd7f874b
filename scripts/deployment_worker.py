"""Real Temporal workers of one Worker Deployment (Temporal Python SDK), for tests and the demo.

Runs one worker per build ID and task queue, each polling as version DEPLOYMENT:BUILD_ID with worker
versioning on. Optionally makes one of them the current version (the server only knows a version once its
workers polled, so this is retried until it does) and starts workflows on the first task queue that stay
open until signalled: pinned ones and auto-upgrade ones. It reports ready only once the server knows every
version with all its task queues and every such workflow ran its first workflow task, i.e. once the server
recorded its versioning behavior and version.

    deployment_worker.py --address A --deployment orders-svc --build-id v1 --build-id v2 \\
        --task-queue orders-a --task-queue orders-b --set-current v1 --pinned 2 --auto-upgrade 3

--background DIR runs the same detached (own process group; DIR/worker.pid, DIR/worker.log) and returns
once it is ready; --stop DIR stops it. In the foreground it runs until SIGTERM or SIGINT.
"""
import argparse
import asyncio
import os
import pathlib
import signal
import subprocess
import sys
import time
from datetime import timedelta

from temporalio import activity, workflow
from temporalio.api.deployment.v1 import WorkerDeploymentVersion as DeploymentVersionMessage
from temporalio.api.workflowservice.v1 import (DescribeWorkerDeploymentVersionRequest,
                                               SetWorkerDeploymentCurrentVersionRequest)
from temporalio.client import Client
from temporalio.common import VersioningBehavior, WorkerDeploymentVersion
from temporalio.service import RPCError
from temporalio.worker import Worker, WorkerDeploymentConfig


@activity.defn
async def prepare(name: str) -> str:
    return f"prepared {name}"


class _OpenUntilSignalled:
    def __init__(self) -> None:
        self._finish = False

    async def _run(self, name: str) -> str:
        # One activity first, so that activity pollers and task queues are exercised as in production.
        prepared = await workflow.execute_activity(prepare, name, start_to_close_timeout=timedelta(seconds=30))
        await workflow.wait_condition(lambda: self._finish)
        return prepared


@workflow.defn(versioning_behavior=VersioningBehavior.PINNED)
class PinnedWorkflow(_OpenUntilSignalled):
    @workflow.run
    async def run(self, name: str) -> str:
        return await self._run(name)

    @workflow.signal
    def finish(self) -> None:
        self._finish = True


@workflow.defn(versioning_behavior=VersioningBehavior.AUTO_UPGRADE)
class AutoUpgradeWorkflow(_OpenUntilSignalled):
    @workflow.run
    async def run(self, name: str) -> str:
        return await self._run(name)

    @workflow.signal
    def finish(self) -> None:
        self._finish = True


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--address", default="127.0.0.1:7233")
    parser.add_argument("--address-file", help="read the address from this file (scripts/temporal-dev-server's)")
    parser.add_argument("--namespace", default="default")
    parser.add_argument("--deployment")
    parser.add_argument("--build-id", action="append", default=[])
    parser.add_argument("--task-queue", action="append", default=[])
    parser.add_argument("--set-current", metavar="BUILD_ID", help="make this version current once it polls")
    parser.add_argument("--pinned", type=int, default=0, help="open pinned workflows to start")
    parser.add_argument("--auto-upgrade", type=int, default=0, help="open auto-upgrade workflows to start")
    parser.add_argument("--identity", default="deployment-worker-fixture",
                        help="identity of the routing change (workers are named DEPLOYMENT-BUILD-QUEUE)")
    parser.add_argument("--ready-file")
    parser.add_argument("--background", metavar="DIR")
    parser.add_argument("--stop", metavar="DIR")
    args = parser.parse_args(argv)
    if not args.stop and (not args.deployment or not args.build_id or not args.task_queue):
        parser.error("--deployment, --build-id and --task-queue are required")
    if (args.pinned or args.auto_upgrade) and not args.set_current:
        parser.error("workflows need a current version to run on: give --set-current")
    if args.address_file:
        args.address = pathlib.Path(args.address_file).read_text().strip()
    return args


async def set_current(client: Client, args) -> None:
    request = SetWorkerDeploymentCurrentVersionRequest(
        namespace=args.namespace, deployment_name=args.deployment, build_id=args.set_current,
        identity=args.identity)
    deadline = time.monotonic() + 120
    while True:
        try:
            await client.workflow_service.set_worker_deployment_current_version(request)
            return
        except RPCError as error:
            # NOT_FOUND until the version's first poll registered it with the deployment.
            if time.monotonic() > deadline:
                raise
            print(f"waiting for version {args.set_current}: {error}", flush=True)
            await asyncio.sleep(0.5)


async def wait_until_registered(client: Client, args) -> None:
    """Until the server knows every version with every task queue (workflow and activity) it polls."""
    deadline = time.monotonic() + 120
    for build_id in args.build_id:
        request = DescribeWorkerDeploymentVersionRequest(
            namespace=args.namespace,
            deployment_version=DeploymentVersionMessage(deployment_name=args.deployment, build_id=build_id))
        while True:
            try:
                response = await client.workflow_service.describe_worker_deployment_version(request)
                if len(response.version_task_queues) >= 2 * len(args.task_queue):
                    break
            except RPCError:
                pass  # NOT_FOUND until the version's first poll arrived
            if time.monotonic() > deadline:
                raise TimeoutError(f"version {build_id} never registered all its task queues")
            await asyncio.sleep(0.2)


async def wait_until_versioned(handle) -> None:
    deadline = time.monotonic() + 120
    while True:
        description = await handle.describe()
        info = description.raw_description.workflow_execution_info.versioning_info
        if info.behavior != 0:
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"workflow {handle.id} never ran on a version")
        await asyncio.sleep(0.2)


async def run(args) -> None:
    client = await Client.connect(args.address, namespace=args.namespace)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)

    workers = []
    for build_id in args.build_id:
        config = WorkerDeploymentConfig(
            version=WorkerDeploymentVersion(deployment_name=args.deployment, build_id=build_id),
            use_worker_versioning=True)
        for queue in args.task_queue:
            workers.append(Worker(client, task_queue=queue, workflows=[PinnedWorkflow, AutoUpgradeWorkflow],
                                  activities=[prepare], deployment_config=config,
                                  identity=f"{args.deployment}-{build_id}-{queue}"))
    for worker in workers:
        await worker.__aenter__()
    try:
        print(f"workers polling: {args.deployment} {args.build_id} on {args.task_queue}", flush=True)
        await wait_until_registered(client, args)
        if args.set_current:
            await set_current(client, args)
        handles = []
        for kind, count, workflow_run in (("pinned", args.pinned, PinnedWorkflow.run),
                                          ("auto-upgrade", args.auto_upgrade, AutoUpgradeWorkflow.run)):
            for i in range(count):
                handles.append(await client.start_workflow(
                    workflow_run, f"{kind} {i}", id=f"{args.deployment}-{kind}-{i}-{os.getpid()}",
                    task_queue=args.task_queue[0]))
        await asyncio.gather(*(wait_until_versioned(handle) for handle in handles))
        print(f"ready: {len(handles)} workflows open", flush=True)
        if args.ready_file:
            pathlib.Path(args.ready_file).touch()
        await stop.wait()
    finally:
        for worker in reversed(workers):
            await worker.__aexit__(None, None, None)


def background(args, argv) -> int:
    state = pathlib.Path(args.background)
    state.mkdir(parents=True, exist_ok=True)
    stop_background(state)
    ready = state / "ready"
    ready.unlink(missing_ok=True)
    forwarded = []
    skip = False
    for item in argv:
        if skip:
            skip = False
        elif item == "--background":
            skip = True
        elif not item.startswith("--background="):
            forwarded.append(item)
    with open(state / "worker.log", "wb") as log:
        process = subprocess.Popen([sys.executable, os.path.abspath(__file__), *forwarded, "--ready-file", str(ready)],
                                   stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   start_new_session=True)
    (state / "worker.pid").write_text(str(process.pid))
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if ready.exists():
            print(f"deployment workers ready (pid {process.pid})")
            return 0
        if process.poll() is not None:
            break
        time.sleep(0.2)
    print("the deployment workers did not get ready; their log:", file=sys.stderr)
    print((state / "worker.log").read_text(errors="replace")[-4000:], file=sys.stderr)
    stop_background(state)
    return 1


def stop_background(state: pathlib.Path) -> None:
    pidfile = state / "worker.pid"
    if not pidfile.exists():
        return
    pid = int(pidfile.read_text())
    for sig, wait in ((signal.SIGTERM, 15.0), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(pid, sig)
        except ProcessLookupError:
            break
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            # Our own child: reap it, or it stays a zombie that kill(0) still finds.
            try:
                os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                pass
            time.sleep(0.1)
        else:
            continue
        break
    pidfile.unlink(missing_ok=True)


def main(argv) -> int:
    args = parse_args(argv)
    if args.stop:
        stop_background(pathlib.Path(args.stop))
        print("stopped")
        return 0
    if args.background:
        return background(args, argv)
    asyncio.run(run(args))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
