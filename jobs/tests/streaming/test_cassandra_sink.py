"""How the Cassandra sink groups rows into requests (pure; the engine test writes them to a real Cassandra)."""

from __future__ import annotations

import random

from lakehouse_jobs.streaming.cassandra_sink import Keys, estimated_bytes, plan_requests

# (partition, clustering, value): partition key = column 0, primary key = columns 0 and 1.
KEYS = Keys(partition=(0,), primary=(0, 1))


def test_rows_of_one_partition_share_a_request_in_order_of_first_appearance() -> None:
    rows = [("a", 1, "x"), ("b", 1, "x"), ("a", 2, "x"), ("c", 1, "x"), ("b", 2, "x")]

    requests = plan_requests(rows, KEYS)

    assert requests == [[("a", 1, "x"), ("a", 2, "x")], [("b", 1, "x"), ("b", 2, "x")], [("c", 1, "x")]]


def test_a_repeated_primary_key_keeps_only_its_last_row() -> None:
    rows = [("a", 1, "first"), ("a", 2, "x"), ("a", 1, "second"), ("b", 1, "x"), ("a", 1, "last")]

    requests = plan_requests(rows, KEYS)

    assert requests == [[("a", 1, "last"), ("a", 2, "x")], [("b", 1, "x")]]


def test_a_large_partition_is_split_at_the_row_cap() -> None:
    rows = [("p", i, "v") for i in range(250)]

    requests = plan_requests(rows, KEYS, max_rows=100, max_bytes=10**9)

    assert [len(r) for r in requests] == [100, 100, 50]
    assert [row for r in requests for row in r] == rows


def test_no_request_exceeds_the_byte_cap_and_an_oversized_row_goes_alone() -> None:
    wide = [("p", i, "x" * 900) for i in range(20)]
    huge = ("p", 99, "y" * 10_000)

    requests = plan_requests([*wide, huge], KEYS, max_rows=1000, max_bytes=4096)

    assert all(sum(map(estimated_bytes, r)) <= 4096 for r in requests if len(r) > 1)
    assert [huge] in requests
    assert sorted(row for r in requests for row in r) == sorted([*wide, huge])
    assert len(requests) > 1 and max(len(r) for r in requests) > 1  # split, yet still batched


def test_every_primary_key_is_written_exactly_once_with_its_last_value() -> None:
    rng = random.Random(7)
    rows = [(rng.randrange(20), rng.randrange(50), rng.random()) for _ in range(3000)]
    expected = {(p, c): v for p, c, v in rows}

    requests = plan_requests(rows, KEYS, max_rows=37, max_bytes=600)

    written = [row for r in requests for row in r]
    assert {(p, c): v for p, c, v in written} == expected
    assert len(written) == len(expected)
    assert all(len({row[0] for row in r}) == 1 for r in requests)  # one partition per request
    assert all(len(r) <= 37 for r in requests)


def test_estimated_bytes_counts_text_length_and_a_fixed_size_for_other_values() -> None:
    assert estimated_bytes(("abcd", 5, None, b"xy", True)) == (8 + 4) + (8 + 8) + (8 + 2) + (8 + 8)
