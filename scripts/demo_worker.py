"""A real Temporal worker polling with a build ID and worker versioning on (Temporal Python SDK).

Used by the integration tests and the demo so that pollers per build ID are real. Runs until SIGTERM or
SIGINT, then shuts down cleanly.
"""
import argparse
import asyncio
import pathlib
import signal
import uuid
import warnings
from datetime import timedelta

from temporalio import activity, workflow
from temporalio.client import Client
from temporalio.worker import Worker


@activity.defn
async def greet(name: str) -> str:
    return f"hello {name}"


@workflow.defn
class GreetingWorkflow:
    @workflow.run
    async def run(self, name: str) -> str:
        return await workflow.execute_activity(greet, name, start_to_close_timeout=timedelta(seconds=10))


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--address", default="127.0.0.1:7233")
    parser.add_argument("--namespace", default="default")
    parser.add_argument("--task-queue", required=True)
    parser.add_argument("--build-id", required=True)
    parser.add_argument("--identity")
    parser.add_argument("--ready-file")
    parser.add_argument("--start-workflows", type=int, default=0,
                        help="start this many workflows on the queue once polling (so discovery finds it)")
    args = parser.parse_args()

    client = await Client.connect(args.address, namespace=args.namespace)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)

    with warnings.catch_warnings():
        # build_id/use_worker_versioning belong to the deprecated version-set API, which is the point here.
        warnings.simplefilter("ignore", DeprecationWarning)
        worker = Worker(
            client,
            task_queue=args.task_queue,
            workflows=[GreetingWorkflow],
            activities=[greet],
            build_id=args.build_id,
            use_worker_versioning=True,
            identity=args.identity or f"demo-worker-{args.build_id}",
        )
    async with worker:
        print(f"worker ready: queue={args.task_queue} build_id={args.build_id}", flush=True)
        for i in range(args.start_workflows):
            # Not awaited: on a queue whose default nobody polls they wait, as they would in production.
            await client.start_workflow(
                GreetingWorkflow.run, f"demo {i}", id=f"demo-{args.task_queue}-{args.build_id}-{uuid.uuid4()}",
                task_queue=args.task_queue)
        if args.ready_file:
            pathlib.Path(args.ready_file).touch()
        await stop.wait()


if __name__ == "__main__":
    asyncio.run(main())
