"""The runner: the side effects of one scan, in a fixed order that is safe to crash anywhere.

:meth:`Runner.scan` does all four; :meth:`Runner.plan` only decides (1-2 without writing:
what a scan at ``as_of`` would send). ``as_of`` is passed to each step explicitly.

1. sync the catalogue into the tables;
2. read the occurrences due for action (indexed ``next_action_at``) and decide what is owed
   (:func:`cycles.scan.decide`, pure);
3. write every owed (occurrence, stage, route) to the ledger as *pending* and advance the
   occurrences' next action times, in one transaction (the outbox);
4. deliver: for each route, conditionally claim its ready rows, render one message (a digest
   when there are several), send it, and mark the rows sent or failed, with an attempt row
   each. A failing route is retried with backoff and never stops the others. Routes are
   delivered at once by a bounded pool of threads (``CYCLES_DELIVERY_WORKERS``, default 8),
   each route a unit of its own claim, send and mark; a relay's rate limit holds back what
   is over it (left pending for the next scan).

A crash before 3 loses nothing (the next scan decides again); between 3 and 4 the rows wait
in the outbox; between a send and its mark, the message in flight on each delivery worker
may be repeated once. Two
runners at once never both send a row: the claim is a conditional UPDATE.

Before a message is handed to the notifier its attempt rows are written ("in flight"); a
write that fails there (a full disk) stops the scan before anything is sent. A later scan
that reclaims rows whose attempt was left in flight knows the message may have gone: it
sends it again once and says so in its summary (:attr:`ScanReport.maybe_repeated`); rows
interrupted like that twice are taken as sent and not repeated again
(:attr:`ScanReport.taken_as_sent`).
"""

from __future__ import annotations

import contextvars
import datetime as dt
import logging
import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace

import pendulum
from sqlalchemy.engine import Engine

from config.checks import meeting_horizon_warnings
from config.loader import Catalogue, Entry
from cycles.app.occurrences import SYNC_HORIZON_DAYS, sync_catalogue
from cycles.links.maker import LinkMaker
from cycles.london import day_start_utc, london_date
from cycles.notify.message import Item, render
from cycles.notify.route_index import RouteIndex
from cycles.notify.seam import Notifier, Route
from cycles.process import dead_claimers, runner_identity
from cycles.rate_limits import HeldBack, within_rate_limits
from cycles.route_unit import entries_by_occurrence, greeting, one_per_occurrence, tags_of
from cycles.scan import OccurrenceState, Owed, decide, next_action_day, stage_name
from cycles.tags import Tag
from storage import queries as q
from storage.rows import LedgerRow, PendingRow

log = logging.getLogger("cycles.runner")

BACKOFF_BASE = dt.timedelta(minutes=5)
BACKOFF_CAP = dt.timedelta(hours=6)
WORKERS_ENV = "CYCLES_DELIVERY_WORKERS"
DEFAULT_WORKERS = 8


def delivery_workers(environ: dict[str, str] | None = None) -> int:
    """Routes delivered at once: ``$CYCLES_DELIVERY_WORKERS`` (1 = one after another)."""
    value = (os.environ if environ is None else environ).get(WORKERS_ENV, "").strip()
    return int(value) if value.isdigit() and int(value) >= 1 else DEFAULT_WORKERS


@dataclass
class Failure:
    route: str  # privacy form
    tag: str
    error: str


@dataclass
class ScanReport:
    as_of: dt.datetime
    occurrences_checked: int = 0
    owed: int = 0  # notifications decided this scan (one per occurrence, stage and route)
    queued: int = 0  # new pending rows written
    sent: int = 0  # ledger rows marked sent
    failed: int = 0  # ledger rows marked failed
    skipped: int = 0
    pending: int = 0  # ledger rows still waiting after this scan (failed ones await retry)
    messages_sent: int = 0
    messages_failed: int = 0
    overdue: int = 0
    unrouted: list[str] = field(default_factory=list)  # tags with no route configured
    failures: list[Failure] = field(default_factory=list)
    maybe_repeated: int = 0  # messages sent again after an interrupted send: maybe twice
    taken_as_sent: int = 0  # rows interrupted twice after the hand-over: not sent a third time
    dry_run: bool = False  # a plan: decided, nothing sent or written
    planned: list[tuple[Owed, Route]] = field(default_factory=list)  # plans only
    warnings: list[str] = field(default_factory=list)  # e.g. meeting dates running out
    # what reached a route: (occurrence key, kind, tag), one per ledger row sent
    delivered: list[tuple[str, str, str]] = field(default_factory=list)
    held_back: list[HeldBack] = field(default_factory=list)  # over a relay's rate limit

    @property
    def ok(self) -> bool:
        """False when anything owed could not be delivered, or had nowhere to go."""
        return not self.failures and not self.unrouted


def backoff(attempts: int) -> dt.timedelta:
    return min(BACKOFF_BASE * (2 ** max(attempts - 1, 0)), BACKOFF_CAP)


def item_for(entry: Entry, occ: OccurrenceState, stage: str, kind: str, today: dt.date) -> Item:
    ob = entry.obligation
    late = entry.area.calendar.working_days_between(occ.due, today) if today > occ.due else 0
    return Item(
        area=entry.area.area, area_name=entry.area.name, obligation=entry.id, title=ob.title,
        period=occ.period, due=occ.due,
        original_due=occ.original_due if occ.original_due != occ.due else None,
        stage=stage_name(stage), kind=kind, days_to_due=(occ.due - today).days,
        working_days_late=late,
        owners=tuple(entry.role_titles(ob.owner)),
        recipients=tuple(entry.role_titles(ob.recipients)),
        quote=ob.source.quote, source_file=ob.source.file, local_default=ob.local_default,
        local_addition=ob.local_addition, deadline_note=ob.deadline_note,
        citation=ob.source.citation,
    )


def role_title(catalogue: Catalogue, tag: str) -> str:
    parsed = Tag.parse(tag)
    a = catalogue.areas.get(parsed.area)
    return a.role_title(parsed.role) if a else tag


class Runner:
    def __init__(
        self,
        engine: Engine,
        catalogue: Catalogue,
        notifier: Notifier,
        *,
        clock: Callable[[], dt.datetime] = lambda: pendulum.now("UTC"),
        sleep: Callable[[float], None] = time.sleep,
        retry_delays: Sequence[float] = (2.0,),
        lease: dt.timedelta = dt.timedelta(minutes=10),
        identity: str | None = None,
        links: LinkMaker | None = None,
        workers: int | None = None,
    ):
        self.engine = engine
        self.catalogue = catalogue
        self.notifier = notifier
        self.clock = clock
        self.sleep = sleep
        self.retry_delays = tuple(retry_delays)
        self.lease = lease
        self.identity = identity or runner_identity()
        self.links = links  # signed action links in messages (None: no base URL set)
        self._entries = {e.id: e for e in catalogue.entries()}
        self.workers = workers or delivery_workers()

    def scan(self, as_of: dt.datetime, area: str | None = None) -> ScanReport:
        """Queue what is owed at ``as_of``, then deliver everything ready."""
        report = self.queue(as_of, area)
        self.deliver(as_of, report, area)
        return report

    def plan(self, as_of: dt.datetime, area: str | None = None) -> ScanReport:
        """What a scan at ``as_of`` would send, decided without sending or writing: the
        catalogue's occurrences overlaid with what storage knows (so it also answers before
        the first real scan has synced them), less what the ledger already holds."""
        from cycles.app.status import states_in_window

        today = london_date(as_of)
        # what the sync would store (by key) and the stored rows a scan would act on
        pairs = states_in_window(self.catalogue, self.engine,
                                 today + dt.timedelta(days=SYNC_HORIZON_DAYS), area,
                                 closed=False, acting_at=as_of)
        open_states = [s for _, s in pairs if s.is_open]
        done = q.ledger_keys(self.engine, [s.id for s in open_states if s.id > 0])
        owed = [o for o in decide(self.catalogue, open_states, today, area) if o.key not in done]
        owing = {o.occurrence.id for o in owed}
        report = ScanReport(as_of=as_of, dry_run=True,
                            warnings=meeting_horizon_warnings(self.catalogue, today, area=area))
        self._count(report, [s for s in open_states if s.id in owing], today)
        for o, r in self._routed(report, owed):
            report.planned.append((o, r))
        return report

    # -- 1-3: decide and queue -------------------------------------------------------------
    def queue(self, as_of: dt.datetime, area: str | None = None) -> ScanReport:
        """Sync, decide and write the outbox; nothing is sent."""
        today = london_date(as_of)
        report = ScanReport(as_of=as_of,
                            warnings=meeting_horizon_warnings(self.catalogue, today, area=area))
        now = self.clock()
        sync_catalogue(self.engine, self.catalogue, today, now)
        states = q.due_for_action(self.engine, as_of, area)
        owed = decide(self.catalogue, states, today, area)
        self._count(report, states, today)
        rows = [PendingRow(o.occurrence.id, o.stage.key, o.stage.kind.value, o.tag, r.id,
                           r.privacy) for o, r in self._routed(report, owed)]
        # An occurrence owing something to a role with no route keeps its next action time:
        # the next scan decides again, so the notice goes out once a route is added.
        waiting = {o.occurrence.id for o in owed if o.tag in report.unrouted}
        next_actions: dict[int, dt.datetime | None] = {}
        for s in states:
            if s.id in waiting:
                continue
            entry = self._entries.get(s.obligation)
            nxt = next_action_day(entry, s.due, today) if entry else None
            next_actions[s.id] = day_start_utc(nxt) if nxt else None
        report.queued = q.write_outbox(self.engine, rows, next_actions, now)
        return report

    @staticmethod
    def _count(report: ScanReport, states: list[OccurrenceState], today: dt.date) -> None:
        report.occurrences_checked = len(states)
        report.overdue = sum(1 for s in states if s.due < today)

    def _routed(self, report: ScanReport, owed: list[Owed]) -> list[tuple[Owed, Route]]:
        """Each owed notification with each of its routes; tags without one are noted."""
        routed: list[tuple[Owed, Route]] = []
        unrouted: set[str] = set()
        index = RouteIndex.build(self.notifier)  # one lookup per tag, not per notification
        for o in owed:
            routes = index[o.tag]
            if not routes:
                unrouted.add(o.tag)
            routed.extend((o, r) for r in routes)
        report.owed = len(routed)
        report.unrouted = sorted(unrouted)
        for tag in report.unrouted:
            log.warning("no notification route for %s: add one to the Apprise config", tag)
        return routed

    # -- 4: deliver --------------------------------------------------------------------------
    def deliver(self, as_of: dt.datetime, report: ScanReport, area: str | None = None) -> None:
        """Send everything ready (one message per route), counting into ``report``; the
        messages speak of the London day of ``as_of``."""
        today = london_date(as_of)
        failed_routes = self._deliver_round(today, report, area, final=not self.retry_delays)
        for i, delay in enumerate(self.retry_delays):
            if not failed_routes:
                break
            self.sleep(delay)
            final = i == len(self.retry_delays) - 1
            failed_routes = self._deliver_round(today, report, area, final,
                                                only=failed_routes)
        report.pending = q.waiting(self.engine, area)

    def _deliver_round(self, today: dt.date, report: ScanReport, area: str | None,
                       final: bool, only: set[str] | None = None) -> set[str]:
        now = self.clock()
        dead = dead_claimers(q.sending_claimers(self.engine))
        groups = q.claimable(self.engine, now, self.lease, dead, area)
        units = [(route_id, ids) for route_id, ids in groups.items()
                 if only is None or route_id in only]
        units = self._within_rate_limits(units, now, report)

        def run(unit: tuple[str, list[int]]) -> tuple[str, ScanReport, bool]:
            part = ScanReport(as_of=report.as_of)  # one per unit: threads share nothing
            return unit[0], part, self._claim_and_send(today, unit, part, area, final, dead)

        if self.workers <= 1 or len(units) <= 1:
            outcomes = [run(u) for u in units]
        else:
            # each unit runs in a copy of this context: a flow run's logging context (Prefect
            # keeps it in context variables) reaches the log lines of every worker
            with ThreadPoolExecutor(min(self.workers, len(units)),
                                    thread_name_prefix="cycles-deliver") as pool:
                futures = [pool.submit(contextvars.copy_context().run, run, u) for u in units]
                outcomes = [f.result() for f in futures]
        failed: set[str] = set()
        for route_id, part, ok in outcomes:
            _add(report, part)
            if not ok:
                failed.add(route_id)
        return failed

    def _claim_and_send(self, today: dt.date, unit: tuple[str, list[int]], report: ScanReport,
                        area: str | None, final: bool, dead: Sequence[str]) -> bool:
        """One route's unit: claim its rows (conditionally), send one message, mark them."""
        route_id, ids = unit
        claimed, interrupted = q.claim(self.engine, ids, self.identity, self.clock(),
                                       self.lease, dead)
        if not claimed:
            return True  # another runner has them
        rows = [r for r in claimed if area is None or Tag.parse(r.tag).area == area]
        if not rows:
            return True
        rows = self._not_a_third_time(rows, interrupted, report)
        if not rows:
            return True
        repeat = any(interrupted.get(r.id) for r in rows)
        ok = self._send_unit(today, route_id, rows, report, final)
        if ok and repeat:
            report.maybe_repeated += 1
        return ok

    def _within_rate_limits(self, units: list[tuple[str, list[int]]], now: dt.datetime,
                            report: ScanReport) -> list[tuple[str, list[int]]]:
        """The units a relay's rate limit lets through now; the rest stay pending for the
        next scan and are counted in ``report.held_back``."""
        limit_of = getattr(self.notifier, "rate_limit", None)
        if limit_of is None:
            return units
        kept, report.held_back = within_rate_limits(self.engine, limit_of, units, now,
                                                    report.held_back)
        return kept

    def _not_a_third_time(self, rows: list[LedgerRow], interrupted: dict[int, int],
                          report: ScanReport) -> list[LedgerRow]:
        """Rows whose message was handed over twice and interrupted both times are marked
        sent without a third send (at most one repeat); the others are returned."""
        twice = [r.id for r in rows if interrupted.get(r.id, 0) >= 2]
        if twice:
            q.mark(self.engine, twice, True, "interrupted twice after being handed to the "
                   "notifier: taken as sent, not repeated again", self.identity, self.clock())
            report.taken_as_sent += len(twice)
            log.warning("%d notification(s) interrupted twice mid-send: taken as sent",
                        len(twice))
        return [r for r in rows if r.id not in set(twice)]

    def _send_unit(self, today: dt.date, route_id: str, rows: list[LedgerRow],
                   report: ScanReport, final: bool) -> bool:
        states = {s.id: s for s in q.occurrence_states(self.engine,
                                                       ids={r.occurrence_id for r in rows})}
        live: list[LedgerRow] = []
        gone: list[LedgerRow] = []
        for r in rows:
            s = states.get(r.occurrence_id)
            (live if s is not None and s.is_open and s.obligation in self._entries
             else gone).append(r)
        if gone:
            q.skip(self.engine, [r.id for r in gone], self.identity,
                   "no longer owed: submitted, waived or removed before sending")
            report.skipped += len(gone)
        if not live:
            return True
        tag = live[0].tag
        route = next((x for x in self.notifier.routes(tag) if x.id == route_id), None)
        privacy = live[0].route
        live_ids = [r.id for r in live]
        if route is None:
            err = "route no longer in the notification config"
            q.mark(self.engine, live_ids, False, err, self.identity, self.clock(), BACKOFF_CAP)
            report.failed += len(live)
            report.failures.append(Failure(privacy, tag, err))
            return True  # nothing to retry in this scan
        # one message for the route: every role it serves greeted, each occurrence once
        entry_of = entries_by_occurrence(states, self._entries)
        shown = one_per_occurrence(live, entry_of)
        items = [item_for(entry_of(s.row), states[s.row.occurrence_id], s.row.stage,
                          s.row.kind, today) for s in shown]
        items = [replace(item, audience="owner") if s.owner else item
                 for item, s in zip(items, shown, strict=True)]
        more_url = None
        if self.links is not None:  # signed action links per item; "and M more": the board
            now = self.clock()
            items = [replace(item, actions=self.links.for_entry(
                entry_of(s.row), s.row.occurrence_id, s.link_tag, now))
                for item, s in zip(items, shown, strict=True)]
            more_url = self.links.board(tag, now)
        greet = greeting(tags_of(live), lambda t: role_title(self.catalogue, t))
        message = render(items, greet, today, more_url=more_url)
        q.begin_attempt(self.engine, live_ids, self.identity, self.clock())
        result = self.notifier.send(message, route)
        now = self.clock()
        if result.ok:
            q.mark(self.engine, live_ids, True, None, self.identity, now)
            report.sent += len(live)
            report.messages_sent += 1
            report.delivered.extend((states[r.occurrence_id].key, r.kind, r.tag) for r in live)
            log.info("sent %d item(s) to %s (%s)", len(items), route.privacy, tag)
            return True
        attempts = max(r.attempts for r in live) + 1
        retry_after = backoff(attempts) if final else dt.timedelta(0)
        q.mark(self.engine, live_ids, False, result.error, self.identity, now, retry_after)
        log.warning("could not deliver to %s (%s): %s", route.privacy, tag, result.error)
        if final:
            report.failed += len(live)
            report.messages_failed += 1
            report.failures.append(Failure(route.privacy, tag, result.error or "failed"))
        return False


def _add(report: ScanReport, part: ScanReport) -> None:
    """Fold one unit's counts into the scan's report."""
    report.sent += part.sent
    report.failed += part.failed
    report.skipped += part.skipped
    report.messages_sent += part.messages_sent
    report.messages_failed += part.messages_failed
    report.failures.extend(part.failures)
    report.delivered.extend(part.delivered)
    report.maybe_repeated += part.maybe_repeated
    report.taken_as_sent += part.taken_as_sent
