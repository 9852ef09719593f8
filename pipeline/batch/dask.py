"""Run the per-document job on a Dask cluster (``--dask ADDRESS``).

The client (the machine running ``perf-facts extract``) plans the run, submits
one task per document with a bounded window, and writes results as they stream
back with ``as_completed``; workers only need read access to the input files
and ``pipeline`` installed. Each worker loads the model itself, once: the
``ModelPlugin`` loads it when the worker joins (also workers that join later),
and ``worker.get_pipeline`` caches it per process.

ADDRESS is a scheduler address (``tcp://host:8786``), a scheduler file written
by ``dask scheduler --scheduler-file`` (a path ending in ``.json``), or
``local`` / ``local:N`` for a throwaway LocalCluster of N processes on this
machine.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from itertools import islice
from pathlib import Path

from distributed import Client, LocalCluster, WorkerPlugin, as_completed

from pipeline.batch.local import crashed_result
from pipeline.batch.plan import WorkItem
from pipeline.batch.worker import ItemResult, Limits, get_pipeline, process_item

PLUGIN_NAME = "perf-facts-model"


class ModelPlugin(WorkerPlugin):
    """Loads the tagging pipeline in each worker process when it starts."""

    def __init__(self, model: str | None = None) -> None:
        self.model = model

    def setup(self, worker) -> None:
        get_pipeline(self.model)


def connect(address, stack: ExitStack) -> Client:
    """A Client for ``address`` (see module doc); a Client or cluster object is used as is."""
    if isinstance(address, Client):
        return address
    if not isinstance(address, str):  # a cluster object, e.g. LocalCluster
        return stack.enter_context(Client(address))
    if address == "local" or address.startswith("local:"):
        n = int(address.split(":", 1)[1]) if ":" in address else None
        cluster = stack.enter_context(
            LocalCluster(n_workers=n, processes=True, threads_per_worker=1, dashboard_address=None)
        )
        return stack.enter_context(Client(cluster))
    if address.endswith(".json") and Path(address).is_file():
        return stack.enter_context(Client(scheduler_file=address))
    return stack.enter_context(Client(address))


def _submit(client: Client, item: WorkItem, model: str | None, limits: Limits):
    # pure=False: the same item submitted again (resume) is a new task
    return client.submit(process_item, item, model, limits, pure=False, retries=1)


def run_dask(
    items: Iterable[WorkItem],
    address,
    model: str | None = None,
    limits: Limits | None = None,
    window: int | None = None,
) -> Iterator[ItemResult]:
    """Process ``items`` on the cluster at ``address``, yielding results as they finish."""
    limits = limits or Limits()
    with ExitStack() as stack:
        client = connect(address, stack)
        client.register_plugin(ModelPlugin(model), name=PLUGIN_NAME)
        n_threads = sum(client.nthreads().values()) or 1
        window = window or max(8, n_threads * 4)
        source = iter(items)
        futures = {}
        for item in islice(source, window):
            futures[_submit(client, item, model, limits)] = item
        queue = as_completed(list(futures))
        for fut in queue:
            item = futures.pop(fut)
            try:
                result = fut.result()
            except Exception as exc:  # noqa: BLE001 - e.g. KilledWorker: the worker died
                result = crashed_result(item, str(exc) or type(exc).__name__, type(exc).__name__)
            fut.release()
            yield result
            nxt = next(source, None)
            if nxt is not None:
                f = _submit(client, nxt, model, limits)
                futures[f] = nxt
                queue.add(f)
