"""Scale-out: Parquet datasets of document records, and the pipeline on a local Dask cluster.

* ``extract --format parquet --output DIR/`` writes what ``--format jsonl`` prints, and
  ``ingest DIR/`` stores it as ingesting the reports would (nothing is read again);
* extraction on a Dask cluster gives the documents of one process, in the same order;
* a worker killed in the middle of an ingest on the cluster loses nothing, and every report
  is stored once.

The reports are short invented texts (``b.write_inputs`` in conftest.py).
"""

from __future__ import annotations

import json
import os
import signal
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from typer.testing import CliRunner

from tollwatch.cli import app
from tollwatch.contract import to_dict
from tollwatch.dataset import is_dataset, read_dataset
from tollwatch.ledger import Store

distributed = pytest.importorskip("distributed", reason="pip install -e '.[test]' brings Dask distributed")


def test_a_parquet_dataset_holds_the_records_and_ingests_in_bulk(
    tmp_path: Path, store: Store, b: SimpleNamespace
) -> None:
    folder = b.write_inputs(tmp_path / "in", 24)
    runner = CliRunner()
    jsonl = runner.invoke(app, ["extract", str(folder), "--format", "jsonl", "-q"])
    out = tmp_path / "docs"
    made = runner.invoke(app, ["extract", str(folder), "--format", "parquet", "--output", str(out), "-q"])
    assert made.exit_code == jsonl.exit_code == 1  # the broken gzip
    assert is_dataset(out) and not is_dataset(folder)
    assert [
        json.dumps(to_dict(d), ensure_ascii=False) for d in read_dataset(out)
    ] == jsonl.stdout.splitlines()
    again = runner.invoke(app, ["extract", str(folder), "--format", "parquet", "--output", str(out), "-q"])
    assert again.exit_code == 2 and "not an empty folder" in again.output  # never written over
    assert runner.invoke(app, ["extract", str(folder), "--format", "parquet", "-q"]).exit_code == 2

    with Store(tmp_path / "from-reports.db") as direct:
        direct.ingest([folder])
        expected = b.contents(direct)
    summary = store.ingest([out])
    assert (summary.read, summary.new, summary.problems) == (25, 24, 1)
    assert b.contents(store) == expected


@pytest.fixture(scope="module")
def threads_cluster() -> Iterator[Any]:
    """Two workers as threads of this process: quick, for what the cluster computes."""
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0"
    )
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


def test_extraction_on_a_dask_cluster_gives_what_one_process_gives(
    tmp_path: Path, threads_cluster: Any, b: SimpleNamespace
) -> None:
    import tollwatch
    from tollwatch.cluster import DaskWorkers

    folder = b.write_inputs(tmp_path / "in", 30)
    serial = [to_dict(d) for d in tollwatch.extract(folder)]
    pool = DaskWorkers(threads_cluster, chunk=3)
    assert pool.n == 2 and pool.parallel
    assert [to_dict(d) for d in tollwatch.extract(folder, workers=pool)] == serial


def test_a_scheduler_that_does_not_answer_is_an_error_that_says_so() -> None:
    from tollwatch.cluster import ClusterError, DaskWorkers

    with pytest.raises(ClusterError, match=r"no Dask scheduler answers at tcp://127\.0\.0\.1:9"):
        DaskWorkers("tcp://127.0.0.1:9", timeout=1)


def test_a_worker_killed_mid_ingest_loses_nothing(tmp_path: Path, b: SimpleNamespace) -> None:
    from tollwatch.cluster import DaskWorkers

    folder = b.write_inputs(tmp_path / "in", 40)
    with Store(tmp_path / "serial.db") as serial:
        serial.ingest([folder], batch_size=8)
        expected = b.contents(serial)
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    )
    try:
        with distributed.Client(cluster) as client, Store(tmp_path / "cluster.db") as store:
            pids = client.run(os.getpid)
            killed: list[int] = []

            def kill_one_after_the_first_batch(_n: int) -> None:
                if not killed:
                    victim = sorted(pids.values())[0]
                    os.kill(victim, signal.SIGKILL)
                    killed.append(victim)

            pool = DaskWorkers(client, chunk=2)
            summary = store.ingest(
                [folder], batch_size=8, workers=pool, progress=kill_one_after_the_first_batch
            )
            assert killed and killed[0] not in client.run(os.getpid).values()  # it did die
            assert (summary.read, summary.new, summary.duplicates) == (41, 40, 0)
            assert b.contents(store) == expected  # every report once, the same incidents
    finally:
        cluster.close()
