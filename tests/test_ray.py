"""The scale-out path on a real engine: ``examples/distributed_ray.py`` on a local Ray cluster
(2 CPUs, no dashboard, 127.0.0.1 only) gives exactly the rows of the single-machine path, and
leaves no process behind. Ray comes from the optional extra ``ray`` (``make test`` installs it).
"""

from __future__ import annotations

import importlib.util
import time

import psutil
import pytest
from conftest import ROOT
from test_backend_parity import _generate

ray = pytest.importorskip("ray", reason="Ray is not installed: pip install -e '.[test,ray]'")

N = 200


def _example():
    spec = importlib.util.spec_from_file_location(
        "distributed_ray", ROOT / "examples" / "distributed_ray.py"
    )
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _descendants() -> set[int]:
    return {p.pid for p in psutil.Process().children(recursive=True)}


def test_ray_rows_equal_the_single_machine_rows(tmp_path, monkeypatch):
    example = _example()
    folder = _generate(N, tmp_path / "notices")
    paths = example.files_under(str(folder))
    assert len(paths) == N
    single = [example.rows_of(p) for p in paths]
    assert all("nodes" in r for r in single)

    monkeypatch.setenv("RAY_USAGE_STATS_ENABLED", "0")  # no usage report over the network
    monkeypatch.delenv("RAY_ADDRESS", raising=False)
    before = _descendants()
    ray.init(
        num_cpus=2,
        include_dashboard=False,
        log_to_driver=False,
        _node_ip_address="127.0.0.1",
    )
    try:
        assert ray.cluster_resources().get("CPU") == 2
        rows = list(example.ray_rows(paths, chunk=16))
        out = tmp_path / "rows"
        example.with_ray(paths, str(out))  # joins the running cluster, writes rows.jsonl
    finally:
        ray.shutdown()
    assert rows == single
    import json

    written = [json.loads(line) for line in (out / "rows.jsonl").read_text().splitlines()]
    assert written == single

    deadline = time.monotonic() + 30
    while (left := _descendants() - before) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not left, [psutil.Process(p).cmdline()[:2] for p in left if psutil.pid_exists(p)]
