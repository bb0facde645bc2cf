"""Where shards run: worker processes of this machine (the default), threads of this process,
or the workers of a Dask cluster.

An engine takes shards addressed to one of its workers and hands back finished shards in the
order they finish. The driver never waits for a particular shard, so a slow host holds up
nothing but itself.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import queue
import sys
import time
import types
import uuid
from abc import ABC, abstractmethod
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from typing import Any

from citecheck.audit.processes import available_cpus, serve_shards
from citecheck.audit.shards import Shard
from citecheck.audit.work import (
    SHARDS_PER_WORKER,
    Line,
    ShardResult,
    check_packed_shard_on_dask,
    check_shard,
    pack,
    release,
)
from citecheck.errors import CitecheckError
from citecheck.options import CheckOptions

RESULT_POLL_SECONDS = 0.02
"""How often a Dask engine looks for finished shards while it waits."""
ROLL_CALL_SECONDS = 2.0
"""How often a Dask engine checks that every worker it pins shards to is still there."""


class EngineError(CitecheckError):
    """The cluster cannot be reached or started."""


class Engine(ABC):
    """Runs shards; use as a context manager, after :meth:`open`."""

    audit_id: str = ""

    @property
    @abstractmethod
    def workers(self) -> int:
        """How many workers shards can be addressed to (known after :meth:`open`)."""

    @abstractmethod
    def open(self, options: CheckOptions) -> None:
        """Connect or start, and set the options every shard is checked with."""

    @abstractmethod
    def submit(self, shard: Shard) -> None:
        """Start ``shard`` on its worker."""

    @abstractmethod
    def next_done(self) -> ShardResult:
        """Block until sources of a submitted shard finish: the next lines (a shard's error
        re-raised)."""

    @abstractmethod
    def close(self) -> None:
        """Cancel what has not run and release the workers' HTTP pools."""

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


class LocalEngine(Engine):
    """One worker: threads of this process sharing one checker (no server, nothing to set
    up). Lines stream back one by one, as each source is done."""

    def __init__(self) -> None:
        self.audit_id = uuid.uuid4().hex
        self._pool: ThreadPoolExecutor | None = None
        self._done: queue.Queue[ShardResult | Future[ShardResult]] = queue.Queue()
        self._options = CheckOptions()

    @property
    def workers(self) -> int:
        return 1

    def open(self, options: CheckOptions) -> None:
        self._options = options
        self._pool = ThreadPoolExecutor(SHARDS_PER_WORKER, thread_name_prefix="citecheck-shard")

    def submit(self, shard: Shard) -> None:
        if self._pool is None:
            raise RuntimeError("LocalEngine.open() was not called")
        future = self._pool.submit(
            check_shard, shard, self._options, self.audit_id, "local", self._line
        )
        future.add_done_callback(self._done.put)

    def _line(self, line: Line) -> None:
        self._done.put(ShardResult((line,), finished=False))

    def next_done(self) -> ShardResult:
        done = self._done.get()
        return done if isinstance(done, ShardResult) else done.result()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
        release(self.audit_id)


class ProcessEngine(Engine):
    """Worker processes of this machine, one per CPU by default (no server, nothing to set
    up). Every host's shards go to one process; ``concurrency`` and the archive pace are
    shared out between the processes, so the machine as a whole keeps them. Lines stream
    back one by one, as each source is done."""

    def __init__(self, processes: int | None = None) -> None:
        """``processes`` defaults to the CPUs this process may use."""
        self.audit_id = uuid.uuid4().hex
        self._wanted = processes or available_cpus()
        self._context = multiprocessing.get_context("spawn")  # no fork of a threaded process
        self._processes: list[Any] = []
        self._inboxes: list[Any] = []
        self._results: Any = None

    @property
    def workers(self) -> int:
        return len(self._processes)

    @property
    def pids(self) -> tuple[int, ...]:
        """The worker processes' ids, in the order shards address them."""
        return tuple(process.pid for process in self._processes)

    def open(self, options: CheckOptions) -> None:
        count = max(1, min(self._wanted, options.concurrency))
        share = replace(
            options,
            concurrency=max(1, options.concurrency // count),
            archive_rate=options.archive_rate / count,
        )
        self._results = self._context.Queue()
        try:
            for index in range(count):
                inbox = self._context.Queue()
                process = self._context.Process(
                    target=serve_shards,
                    args=(inbox, self._results, share, self.audit_id, index),
                    name=f"citecheck-worker-{index}",
                    daemon=True,
                )
                with _main_module_hidden():
                    process.start()
                self._inboxes.append(inbox)
                self._processes.append(process)
        except OSError as error:
            self.close()
            raise EngineError(f"cannot start worker processes: {error}") from error

    def submit(self, shard: Shard) -> None:
        if not self._processes:
            raise RuntimeError("ProcessEngine.open() was not called")
        self._inboxes[shard.worker].put(pack(shard))

    def next_done(self) -> ShardResult:
        while True:
            try:
                kind, payload = self._results.get(timeout=1.0)
            except queue.Empty:
                self._check_alive()
                continue
            if kind == "line":
                return ShardResult((payload,), finished=False)
            if kind == "done":
                assert isinstance(payload, ShardResult)
                return payload
            raise EngineError(str(payload))

    def _check_alive(self) -> None:
        for process in self._processes:
            if not process.is_alive():
                raise EngineError(
                    f"{process.name} stopped (exit code {process.exitcode}); run the audit "
                    "again to resume"
                )

    def close(self) -> None:
        for inbox in self._inboxes:
            with contextlib.suppress(Exception):
                inbox.put(None)
        for process in self._processes:
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
                process.join(timeout=5)
        for channel in (*self._inboxes, self._results):
            if channel is not None:
                channel.cancel_join_thread()  # a queue nobody reads must not hold up the exit
                channel.close()
        self._processes, self._inboxes, self._results = [], [], None


class DaskEngine(Engine):
    """Shards on the workers of a Dask cluster: one you name (``tcp://host:8786``), or a
    :class:`distributed.LocalCluster` of ``workers`` started here.

    Every host's shards are pinned to one worker. Each worker of a cluster you name may have
    ``concurrency`` requests in flight; the workers of a local cluster share it out. Archive
    lookups keep the configured pace over the whole cluster: each worker process gets an
    equal part of it.
    """

    def __init__(
        self,
        scheduler: str | None = None,
        *,
        workers: int | None = None,
        processes: bool = True,
        threads_per_worker: int = SHARDS_PER_WORKER,
        connect_timeout: str = "20s",
    ) -> None:
        """``processes=False`` runs a local cluster's workers as threads of this process
        (quicker to start; they still talk to the scheduler over TCP)."""
        if (scheduler is None) == (workers is None):
            raise ValueError("give a scheduler address or a number of workers, not both")
        self.audit_id = uuid.uuid4().hex
        self._scheduler = scheduler
        self._local_workers = workers
        self._processes = processes
        self._threads = threads_per_worker
        self._connect_timeout = connect_timeout
        self._cluster: Any = None
        self._client: Any = None
        self._addresses: list[str] = []
        self._options = CheckOptions()
        self._completed: Any = None
        self._futures: set[Any] = set()
        self._submitted = 0
        self._next_roll_call = 0.0

    @property
    def workers(self) -> int:
        return len(self._addresses)

    @property
    def addresses(self) -> tuple[str, ...]:
        """The workers' addresses, in the order shards address them."""
        return tuple(self._addresses)

    def open(self, options: CheckOptions) -> None:
        distributed = _import_distributed()
        try:
            if self._scheduler is None:
                self._cluster = _local_cluster(
                    distributed,
                    n_workers=self._local_workers,
                    threads_per_worker=self._threads,
                    processes=self._processes,
                    host="127.0.0.1",
                    protocol="tcp",
                    dashboard_address=None,
                    scheduler_port=0,
                )
                self._client = distributed.Client(self._cluster)
            else:
                self._client = distributed.Client(self._scheduler, timeout=self._connect_timeout)
            info = self._client.scheduler_info(n_workers=-1)
            self._addresses = sorted(info["workers"])
            processes = set(self._client.run(os.getpid).values())
        except (OSError, TimeoutError) as error:
            self.close()
            where = self._scheduler or "a local cluster"
            raise EngineError(f"cannot use the Dask cluster at {where}: {error}") from error
        if not self._addresses:
            self.close()
            raise EngineError(f"the Dask cluster at {self._scheduler} has no workers")
        # Processes pace archive calls separately; together they keep the configured pace.
        per_process = options.archive_rate / max(1, len(processes))
        self._options = replace(options, archive_rate=per_process)
        if self._scheduler is None:
            # A local cluster is this machine's network, as worker processes are: it shares
            # --concurrency out; a remote cluster's workers are machines, each with all of it.
            share = max(1, options.concurrency // len(self._addresses))
            self._options = replace(self._options, concurrency=share)
        self._completed = distributed.as_completed(with_results=True, raise_errors=False)

    def submit(self, shard: Shard) -> None:
        self._submitted += 1
        future = self._client.submit(
            check_packed_shard_on_dask,
            pack(shard),
            self._options,
            self.audit_id,
            key=f"citecheck-shard-{self.audit_id}-{self._submitted}",
            workers=[self._addresses[shard.worker]],
            allow_other_workers=False,
            pure=False,
        )
        self._futures.add(future)
        self._completed.add(future)

    def next_done(self) -> ShardResult:
        # The results are gathered by as_completed as they finish; dropping the last
        # reference to a future lets the cluster forget the shard.
        while not self._completed.has_ready():
            if time.monotonic() >= self._next_roll_call:
                self._roll_call()
            time.sleep(RESULT_POLL_SECONDS)
        future, result = next(self._completed)
        self._futures.discard(future)
        if future.status == "error":
            raise result
        assert isinstance(result, ShardResult)
        return result

    def _roll_call(self) -> None:
        """Fail when a worker that shards are pinned to has left the cluster: the scheduler
        would hold its shards for it forever (they may not go to another worker, or their
        hosts' limits would no longer hold in one place)."""
        self._next_roll_call = time.monotonic() + ROLL_CALL_SECONDS
        try:
            present = set(self._client.scheduler_info(n_workers=-1)["workers"])
        except (OSError, TimeoutError) as error:
            raise EngineError(
                f"lost the Dask scheduler: {error}; run the audit again to resume"
            ) from error
        gone = [address for address in self._addresses if address not in present]
        if gone:
            raise EngineError(
                f"Dask worker {gone[0]} left the cluster; run the audit again to resume"
            )

    @property
    def scheduler_address(self) -> str | None:
        """The address of the cluster's scheduler (known after :meth:`open`)."""
        return None if self._client is None else str(self._client.scheduler.address)

    def close(self) -> None:
        client, cluster = self._client, self._cluster
        self._client = self._cluster = None
        if client is not None:
            try:
                if self._futures:
                    client.cancel(list(self._futures))
                client.run(release, self.audit_id)
            except Exception:  # a cluster going away must not hide how the run ended
                pass
            finally:
                self._futures.clear()
                client.close()
        if cluster is not None:
            cluster.close()


@contextlib.contextmanager
def _main_module_hidden() -> Iterator[None]:
    """Start worker processes without re-running the caller's script in them.

    A spawned process imports the parent's ``__main__`` first, so a script calling
    :func:`~citecheck.audit.audit` outside an ``if __name__ == "__main__":`` block would run
    again in every worker (and fail there). Workers need nothing from it: their code and
    arguments all come from citecheck.
    """
    main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = main


def _local_cluster(distributed: Any, **settings: Any) -> Any:
    # Without the workers' sampling profiler: on Python 3.11 its sys._current_frames() can
    # deadlock the interpreter against threads starting and ending (CPython issue 106883).
    import dask

    with dask.config.set({"distributed.worker.profile.enabled": False}):
        return distributed.LocalCluster(**settings)


def default_engine(processes: int | None = None) -> Engine:
    """The engine of an audit on this machine: ``processes`` worker processes (default: one
    per CPU), or the threads of this process when that is one."""
    count = processes or available_cpus()
    return ProcessEngine(count) if count > 1 else LocalEngine()


def _import_distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise EngineError(
            "--scheduler and --workers need Dask: pip install 'citecheck[dask]'"
        ) from None
    return distributed
