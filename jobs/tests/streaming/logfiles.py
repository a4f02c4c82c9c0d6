"""Small log files for the engine tests: valid events in event-time order plus a known mix of malformed lines."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

from lakehouse_jobs.common import logparse
from tests.streaming.builders import access_line, click_line

T0 = dt.datetime(2017, 3, 12, 14, 0, 0)
EVENTS = ("page_view", "product_view", "add_to_cart", "purchase", "click")
MALFORMED_CLICKS = {
    "this is not a clickstream line": logparse.MALFORMED,
    click_line("2017-02-30 10:00:00"): logparse.BAD_TIMESTAMP,
    click_line("2017-03-12 14:00:00", amount="-3"): logparse.BAD_AMOUNT,
    click_line("2017-03-12 14:00:00").replace("USER_ID: 12", "USER_ID: x"): logparse.BAD_ID,
}
MALFORMED_ACCESS = {
    "GET / HTTP/1.0": logparse.MALFORMED,
    access_line("31/Jun/2017:00:00:00 +0000"): logparse.BAD_TIMESTAMP,
    access_line("01/Jul/2017:00:00:00 +0000").replace("GET", "BREW"): logparse.BAD_METHOD,
    access_line("01/Jul/2017:00:00:00 +0000", status=999): logparse.BAD_STATUS,
}


def clicks(n: int, start: dt.datetime = T0, step_s: float = 1.0, first_session: int = 0) -> list[str]:
    """`n` distinct valid events, one every `step_s` seconds of event time, 7 events per session."""
    out = []
    for i in range(n):
        ts = (start + dt.timedelta(seconds=i * step_s)).strftime("%Y-%m-%d %H:%M:%S.%f")
        event = EVENTS[i % len(EVENTS)]
        amount = f"{(i % 50) + 0.5:.2f}" if event == "purchase" else "N/A"
        out.append(click_line(ts, session=first_session + i // 7, event=event, amount=amount, user=i % 11))
    return out


def accesses(n: int, start: dt.datetime = T0, step_s: float = 1.0) -> list[str]:
    out = []
    for i in range(n):
        ts = (start + dt.timedelta(seconds=i * step_s)).strftime("%d/%b/%Y:%H:%M:%S +0000")
        path = ["/", f"/orders/{i}", "/images/a.gif", "/cgi-bin/x"][i % 4]
        out.append(access_line(ts, path, [200, 200, 404, 500, 304][i % 5], str(i)))
    return out


def with_malformed(valid: list[str], malformed: dict[str, str], every: int = 25) -> list[str]:
    """`valid` with the malformed lines spread through it (each once)."""
    out = list(valid)
    for k, line in enumerate(malformed):
        out.insert(min(len(out), (k + 1) * every), line)
    return out


def write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def reasons(malformed: dict[str, str]) -> Counter[str]:
    return Counter(malformed.values())
