"""The chaos run's verdict: the invariants that must hold, and the counts as a Rich table."""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Console
from rich.table import Table

from harness.chaos.run import ChaosResult


@dataclass(frozen=True)
class Invariant:
    name: str
    value: object
    holds: bool


def invariants(result: ChaosResult) -> list[Invariant]:
    load, found = result.load, result.findings
    dead = sum(q.dead_lettered for q in found.queues)
    undelivered = sum(q.routed - q.delivered for q in found.queues if q.delivered is not None)
    waiting = sum(q.waiting for q in found.queues)
    wanted = {f"kill {name}" for name in result.processes} | {
        "restart rabbitmq",
        "restart postgresql",
    }
    missed = wanted - set(result.disruptions.counts())
    return [
        Invariant("5xx other than 503", sum(load.server_errors.values()), not load.server_errors),
        Invariant(
            "503 without problem+json and Retry-After",
            load.unavailable_malformed,
            load.unavailable_malformed == 0,
        ),
        Invariant(
            "4xx for commands the order could take", load.unexpected_4xx, load.unexpected_4xx == 0
        ),
        Invariant("hangs (commands never answered)", load.hangs, load.hangs == 0),
        Invariant("lost (accepted, event missing)", len(found.lost), not found.lost),
        Invariant(
            "duplicates appended (a command run twice)",
            found.duplicates_in_store,
            found.duplicates_in_store == 0,
        ),
        Invariant(
            "duplicates applied to read models",
            found.duplicates_projected,
            found.duplicates_projected == 0,
        ),
        Invariant(
            "read-model mismatches vs the event store",
            len(found.read_model_mismatches),
            not found.read_model_mismatches,
        ),
        Invariant(
            "orders whose status differs from what clients were told",
            len(found.told_wrong_status),
            not found.told_wrong_status,
        ),
        Invariant("events routed but not delivered", undelivered, undelivered == 0),
        Invariant("messages left in work and retry queues", waiting, waiting == 0),
        Invariant("dead letters", dead, dead == 0),
        Invariant(
            "kinds of fault that never happened", ", ".join(sorted(missed)) or "none", not missed
        ),
        Invariant(
            "commands sent ≥ asked for", load.commands, load.commands >= result.config.commands
        ),
    ]


def passed(result: ChaosResult) -> bool:
    return all(invariant.holds for invariant in invariants(result))


def counts_table(result: ChaosResult) -> Table:
    load, found = result.load, result.findings
    table = Table(title=f"chaos run (seed {result.config.seed})", show_lines=False)
    table.add_column("count")
    table.add_column("value", justify="right")
    rows: list[tuple[str, object]] = [
        ("commands sent", load.commands),
        ("  HTTP attempts (with retries)", load.attempts),
        ("accepted (2xx)", load.accepted),
        ("  of which idempotent replays", load.replayed),
        ("rejected with 503 (retried)", load.unavailable),
        ("  503 with problem+json and Retry-After", load.unavailable - load.unavailable_malformed),
        ("409 request in progress (retried)", load.in_progress_retries),
        ("429 rate limited (retried)", load.rate_limited),
        ("other 4xx (final)", sum(load.other_4xx.values())),
        ("  of which not sent out of order on purpose", load.unexpected_4xx),
        *((f"  {reason}", n) for reason, n in sorted(load.other_4xx.items())),
        ("5xx other than 503", sum(load.server_errors.values())),
        *((f"  {reason}", n) for reason, n in sorted(load.server_errors.items())),
        ("connection errors (retried)", load.transport_errors),
        ("client timeouts (retried)", load.timeouts),
        ("hangs (never answered)", load.hangs),
        ("events stored", found.events_stored),
    ]
    for queue in found.queues:
        delivered = "n/a" if queue.delivered is None else queue.delivered
        rows.append((f"queue {queue.name}: routed / delivered", f"{queue.routed} / {delivered}"))
        rows.append(
            (
                f"queue {queue.name}: waiting / dead letters",
                f"{queue.waiting} / {queue.dead_lettered}",
            )
        )
    rows += [
        ("live updates pushed twice (allowed: at least once)", found.pushed_twice),
        ("read-model mismatches", len(found.read_model_mismatches)),
        ("lost", len(found.lost)),
        ("duplicates appended", found.duplicates_in_store),
        ("duplicates applied", found.duplicates_projected),
        ("status told ≠ stored", len(found.told_wrong_status)),
    ]
    for kind, n in sorted(result.disruptions.counts().items()):
        rows.append((f"fault: {kind}", n))
    for name, tally in result.processes.items():
        rows.append(
            (f"{name}: killed / exited by itself", f"{tally.killed} / {tally.exited_by_itself}")
        )
    for phase, seconds in result.seconds.items():
        rows.append((f"seconds: {phase}", f"{seconds:.1f}"))
    for label, value in rows:
        table.add_row(label, str(value))
    return table


def print_report(result: ChaosResult, console: Console) -> None:
    console.print(counts_table(result))
    verdicts = Table(title="invariants")
    verdicts.add_column("invariant")
    verdicts.add_column("value", justify="right")
    verdicts.add_column("holds")
    for invariant in invariants(result):
        mark = "[green]yes[/green]" if invariant.holds else "[red]NO[/red]"
        verdicts.add_row(invariant.name, str(invariant.value), mark)
    console.print(verdicts)
    found = result.findings
    details = [
        *result.unsettled,
        *found.lost[:10],
        *found.read_model_mismatches[:10],
        *found.told_wrong_status[:10],
        *result.load.samples[:10],
    ]
    for line in details:
        console.print(f"  {line}", highlight=False, markup=False)
    console.print(f"process logs: {result.log_dir}")
