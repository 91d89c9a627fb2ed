"""fork_map: closures reach the workers by fork, results keep their order, a dying worker fails fast."""

from __future__ import annotations

import os

import pytest

from edtfeed.runner.workers import WorkerDied, fork_map, workers_available
from edtfeed.errors import EXIT_PROBLEMS

pytestmark = pytest.mark.skipif(not workers_available(), reason="needs fork and two CPUs")


def test_a_closure_over_unpicklable_state_runs_in_the_workers_in_item_order() -> None:
    state = {"factor": 3, "unpicklable": lambda: None}  # inherited by fork, never pickled
    results = fork_map(lambda item: (item * state["factor"], os.getpid()), range(6), 2, "testing")
    assert [value for value, _ in results] == [0, 3, 6, 9, 12, 15]
    assert os.getpid() not in {pid for _, pid in results}


def test_a_worker_that_dies_fails_the_map_instead_of_hanging() -> None:
    def crash_on_two(item: int) -> int:
        if item == 2:
            os._exit(3)
        return item

    with pytest.raises(WorkerDied) as died:
        fork_map(crash_on_two, [1, 2, 3], 2, "testing")
    assert died.value.exit_code == EXIT_PROBLEMS and "worker process died" in died.value.message


def test_every_item_gets_a_fresh_process() -> None:
    pids = fork_map(lambda item: os.getpid(), range(5), 2, "testing")
    assert len(set(pids)) == 5


def test_an_exception_in_a_task_is_raised_in_the_parent() -> None:
    def fail_on_one(item: int) -> int:
        if item == 1:
            raise ValueError(f"bad item {item}")
        return item

    with pytest.raises(ValueError, match="bad item 1"):
        fork_map(fail_on_one, [0, 1, 2], 2, "testing")


def test_an_outcome_that_cannot_be_pickled_is_reported() -> None:
    with pytest.raises(RuntimeError, match="could not be sent back"):
        fork_map(lambda item: (lambda: item), [0], 2, "testing")
