"""LadybugDB's buffer pool: $POLICYKG_BUFFER_POOL_MB, else a quarter of the memory within
[1 GiB, 16 GiB] (LadybugDB 0.22 keeps read pages in it, so a large update needs more than
the old fixed 1 GiB); a full pool is a message that names the setting, not a bare engine error."""

from __future__ import annotations

import os

from policykg.graph import embedded


def test_the_setting_wins(monkeypatch):
    monkeypatch.setenv("POLICYKG_BUFFER_POOL_MB", "512")
    assert embedded._buffer_pool() == 512 << 20


def test_default_is_a_quarter_of_the_memory_within_bounds(monkeypatch):
    monkeypatch.delenv("POLICYKG_BUFFER_POOL_MB", raising=False)
    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    got = embedded._buffer_pool()
    assert got == min(max(ram // 4, 1 << 30), 16 << 30)
    assert 1 << 30 <= got <= 16 << 30


def test_a_full_pool_says_which_setting_to_raise(tmp_path, monkeypatch):
    backend = embedded.EmbeddedBackend(tmp_path / "g.db")
    try:

        class Full:
            def execute(self, query, params):
                raise RuntimeError(
                    "Buffer manager exception: Unable to allocate memory! The buffer pool is "
                    "full and no memory could be freed!"
                )

        monkeypatch.setattr(backend, "_conn", Full())
        try:
            backend.run("MATCH (n:Document) RETURN n.id")
        except embedded.QueryError as e:
            assert "POLICYKG_BUFFER_POOL_MB" in str(e) and "buffer pool" in str(e)
        else:
            raise AssertionError("no error")
    finally:
        monkeypatch.undo()
        backend.close()
