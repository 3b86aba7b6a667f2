#!/usr/bin/env python3
"""Container health checks with the standard library only (the image has no curl).

    dinner-healthcheck URL                 healthy when URL answers 2xx within the timeout
    dinner-healthcheck --connected-to PORT healthy while this network namespace holds an
                                           established TCP connection to PORT (a consumer's
                                           broker connection; the process exits when it
                                           drops and is restarted)

Exit status 0 is healthy, 1 unhealthy: what Docker's HEALTHCHECK and a Kubernetes exec probe
expect.
"""

from __future__ import annotations

import argparse
import sys
import urllib.error
import urllib.request
from pathlib import Path

ESTABLISHED = "01"
TCP_TABLES = (Path("/proc/net/tcp"), Path("/proc/net/tcp6"))


def answers(url: str, timeout: float) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return 200 <= response.status < 300
    except (urllib.error.URLError, OSError, ValueError):
        return False


def connected_to(port: int, tables: tuple[Path, ...] = TCP_TABLES) -> bool:
    for table in tables:
        try:
            rows = table.read_text().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            fields = row.split()
            remote, state = fields[2], fields[3]
            if state == ESTABLISHED and int(remote.rsplit(":", 1)[1], 16) == port:
                return True
    return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="dinner-healthcheck", description=__doc__)
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("url", nargs="?", help="an HTTP URL that must answer 2xx")
    target.add_argument("--connected-to", type=int, metavar="PORT")
    parser.add_argument("--timeout", type=float, default=3.0, help="seconds (HTTP only)")
    arguments = parser.parse_args(argv)
    if arguments.connected_to is not None:
        healthy = connected_to(arguments.connected_to)
        reason = f"no established connection to port {arguments.connected_to}"
    else:
        healthy = answers(arguments.url, arguments.timeout)
        reason = f"{arguments.url} did not answer 2xx"
    if not healthy:
        sys.stderr.write(f"unhealthy: {reason}\n")
    return 0 if healthy else 1


if __name__ == "__main__":
    sys.exit(main())
