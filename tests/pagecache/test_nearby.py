"""The kept pages in a process's own memory (sherloc/pagecache/nearby.py): bounded, the least lately served
going first, and never served past the time the page was kept until."""

import time

import pytest

from sherloc.pagecache.nearby import _OVERHEAD, Nearby


def entry(size: int, *, seconds: float = 300) -> dict:
    return {"content": b"x" * size, "until": time.time() + seconds}


@pytest.fixture
def store(settings):
    settings.PAGE_CACHE_NEARBY_MIB = 1  # 1,048,576 bytes
    return Nearby()


def test_a_page_is_served_until_its_time_and_not_after(store):
    store.put("fresh", entry(10))
    store.put("old", entry(10, seconds=0.05))
    assert store.get("fresh")["content"] == b"x" * 10
    assert store.get("old") is not None
    time.sleep(0.1)
    assert store.get("old") is None
    assert len(store) == 1 and store.used == 10 + _OVERHEAD


def test_memory_is_bounded_and_the_least_lately_served_go_first(store):
    third = 1024 * 1024 // 3 - _OVERHEAD
    for key in ("a", "b", "c"):
        store.put(key, entry(third))
    store.get("a")  # served lately: "b" is now the least lately served
    store.put("d", entry(third))
    assert [k for k in "abcd" if store.get(k) is not None] == ["a", "c", "d"]
    assert store.used <= 1024 * 1024


def test_a_page_larger_than_the_memory_or_already_stale_is_not_kept(store):
    store.put("huge", entry(2 * 1024 * 1024))
    store.put("stale", entry(10, seconds=-1))
    assert store.get("huge") is None and store.get("stale") is None and store.used == 0


def test_a_page_kept_again_replaces_the_older_copy(store):
    store.put("a", entry(10))
    store.put("a", entry(20))
    assert len(store.get("a")["content"]) == 20 and store.used == 20 + _OVERHEAD
