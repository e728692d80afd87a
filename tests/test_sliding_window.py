"""The sliding window behind the refused-archive and login limits."""

from abl.sliding_window import SlidingWindow


def test_a_key_waits_until_its_oldest_event_leaves_the_window():
    window = SlidingWindow(limit=3, window=60)
    for t in (0, 10, 20):
        assert window.wait("a", t) == 0
        window.add("a", t)
    assert window.wait("a", 30) == 30  # the event at 0 leaves at 60
    assert window.wait("b", 30) == 0  # keys are counted apart
    assert window.count("a", 60) == 2 and window.wait("a", 60) == 0
    assert window.count("a", 200) == 0 and window._events == {}  # a quiet key costs no memory
