"""Worker processes of this machine: the embedded engine that uses every core.

One Python process checks sources on one core at a time (its threads share the interpreter),
and a catalogue audit spends more CPU per source (HTTP, the cache, matching the page) than
the network makes it wait. So the default engine starts one worker process per CPU, hands
each host's shards to the same process, and streams every finished source back as a line.
No server and no extra package: the processes are children of the audit and end with it.
"""

from __future__ import annotations

import os
import queue
import signal
import traceback
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from citecheck.audit.work import (
    SHARDS_PER_WORKER,
    Line,
    ShardResult,
    check_shard,
    release,
    unpack,
)
from citecheck.options import CheckOptions

PARENT_POLL_SECONDS = 1.0
"""How often an idle worker checks that the audit which started it is still there."""


def available_cpus() -> int:
    """CPUs this process may run on (its affinity, where the system tells it)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def serve_shards(
    inbox: Any, results: Any, options: CheckOptions, audit_id: str, index: int
) -> None:
    """A worker process's life: check the shards that arrive in ``inbox`` until ``None``
    (or until the audit that started it is gone), putting messages on ``results``:
    ``("line", Line)`` per finished source, ``("done", ShardResult)`` per finished shard,
    ``("error", text)`` when a shard failed."""
    # Ctrl-C reaches the whole process group; the audit decides, then closes its workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = os.getppid()
    name = f"process-{index}"
    pool = ThreadPoolExecutor(SHARDS_PER_WORKER, thread_name_prefix="citecheck-shard")

    def on_line(line: Line) -> None:
        results.put(("line", line))

    def run(packed: bytes) -> None:
        try:
            done = check_shard(unpack(packed), options, audit_id, name, on_line)
            results.put(("done", ShardResult((), True, done.run_findings)))
        except BaseException as error:  # the audit must hear of it, whatever it was
            detail = "".join(traceback.format_exception_only(type(error), error)).strip()
            results.put(("error", f"worker {name} failed on a shard: {detail}"))

    while True:
        try:
            packed = inbox.get(timeout=PARENT_POLL_SECONDS)
        except queue.Empty:
            if os.getppid() != parent:  # the audit was killed: nobody reads our results
                os._exit(0)
            continue
        if packed is None:
            break
        pool.submit(run, packed)
    pool.shutdown(wait=False, cancel_futures=True)
    release(audit_id)
    results.close()
    results.join_thread()  # what was put is delivered before the process ends
    os._exit(0)  # threads still inside a request must not hold the process open
