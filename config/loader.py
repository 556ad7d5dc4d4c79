"""Load and check the catalogue: a frozen :class:`Catalogue`, or every problem at once.

Each problem is one line a business manager can act on::

    config/catalogue/medway.yaml: ce-leader-report: owner: unknown role 'dsc' (declared: ...)

Nothing is half-loaded: :func:`load_catalogue` either returns the whole catalogue or raises
:class:`CatalogueError` listing every problem in every file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import pickle
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from config import CATALOGUE_DIR
from config.model import Area, Obligation
from cycles.engine.occurrences import EventRecord, Occurrence, Schedule, due_for, occurrences
from cycles.engine.periods import periods_between
from cycles.engine.rules import RuleNotComputable
from cycles.engine.stages import ReminderPolicy
from storage.private import private_dir, write_private


@lru_cache(maxsize=1)
def _yaml_loader() -> Any:
    """PyYAML's safe loader (C when available), except that an impossible date
    (2026-13-45) stays a string: PyYAML's timestamp constructor raises a bare ValueError
    for it; kept as text, the schema reports it against its field."""
    import yaml

    base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Loader(base):  # type: ignore[misc,valid-type]
        def construct_yaml_timestamp(self, node: Any) -> Any:
            try:
                return super().construct_yaml_timestamp(node)
            except ValueError:
                return self.construct_scalar(node)

    Loader.add_constructor("tag:yaml.org,2002:timestamp", Loader.construct_yaml_timestamp)
    return Loader


def _cache_file(data: bytes) -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "reporting-cycles" / "yaml" / f"{hashlib.sha256(data).hexdigest()}.pickle"


@lru_cache(maxsize=1)
def _checker_stamp() -> str:
    """Identifies the checking code: the marker below is void once any of it changes."""
    import cycles.engine

    here = Path(__file__)
    files = [here, here.with_name("schema.py"), here.with_name("model.py")]
    files += sorted(Path(cycles.engine.__file__).parent.glob("*.py"))
    stamp = "|".join(f"{f.name}:{f.stat().st_mtime_ns}:{f.stat().st_size}" for f in files)
    return hashlib.sha256(stamp.encode()).hexdigest()[:12]


def _snapshot(data: bytes) -> Path:
    """The checked :class:`Area` of this exact file content, loaded with this code."""
    return _cache_file(data).with_suffix(f".area-{_checker_stamp()}.pickle")


def _read_snapshot(data: bytes) -> Area | None:
    try:
        area = pickle.loads(_snapshot(data).read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError,
            ImportError, TypeError):
        return None
    return area if isinstance(area, Area) else None


def _write_snapshot(data: bytes, area: Area) -> None:
    path = _snapshot(data)
    with contextlib.suppress(OSError):
        private_dir(path.parent)  # owner-only (0700), whatever the umask
        write_private(path, pickle.dumps(area, protocol=pickle.HIGHEST_PROTOCOL))


def parse_yaml(data: bytes, text: str) -> Any:
    """The parsed file, from a cache keyed by its content when this exact text was parsed
    before (start-up speed: PyYAML costs ~55 ms to import and parse the catalogue). Only
    successful parses are cached; validation always runs on the result."""
    cached = _cache_file(data)
    try:
        return pickle.loads(cached.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
        pass
    import yaml

    raw = yaml.load(text, Loader=_yaml_loader())
    try:
        private_dir(cached.parent)  # owner-only (0700), whatever the umask
        write_private(cached, pickle.dumps(raw, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        pass
    return raw


@dataclass(frozen=True)
class Problem:
    file: str
    obligation: str  # "-" for the area as a whole
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.obligation}: {self.field}: {self.message}"


class CatalogueError(Exception):
    def __init__(self, problems: Sequence[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class Entry:
    """One obligation with the area it belongs to."""

    area: Area
    obligation: Obligation

    @property
    def id(self) -> str:
        return f"{self.area.area}.{self.obligation.id}"

    @property
    def policy(self) -> ReminderPolicy:
        return self.area.policy(self.obligation)

    def schedule(self) -> Schedule:
        ob = self.obligation
        return Schedule(
            obligation=self.id,
            rule=self.area.rule(ob),
            calendar=self.area.calendar,
            tracking_from=self.area.tracking_from,
            periods=ob.period_spec(),
            counted_from=ob.due.counted_from,
            meetings=self.area.meeting_dates,
            trigger=ob.trigger,
            repeat=ob.repeat_spec(),
        )

    def role_titles(self, roles: Iterable[str]) -> list[str]:
        return [self.area.role_title(r) for r in roles]


@dataclass(frozen=True)
class Catalogue:
    areas: dict[str, Area]
    files: dict[str, str] = field(default_factory=dict)  # area -> file it came from

    def entries(self, area: str | None = None, role: str | None = None) -> list[Entry]:
        out = []
        for a in self.areas.values():
            if area is not None and a.area != area:
                continue
            for ob in a.obligations:
                if role is not None and role not in ob.owner and role not in ob.recipients:
                    continue
                out.append(Entry(a, ob))
        return out

    def entry(self, qualified: str) -> Entry:
        """``medway.chair-dcs-six-monthly-report`` (or a bare id when it is unique) -> the entry."""
        matches = [e for e in self.entries() if e.id == qualified]
        if not matches and "." not in qualified:
            matches = [e for e in self.entries() if e.obligation.id == qualified]
        if len(matches) != 1:
            known = "unknown" if not matches else "ambiguous (qualify it with the area)"
            raise KeyError(f"obligation {qualified!r} is {known}")
        return matches[0]

    def occurrences(
        self,
        start: dt.date,
        end: dt.date,
        area: str | None = None,
        role: str | None = None,
        events: Iterable[EventRecord] = (),
    ) -> list[tuple[Entry, Occurrence]]:
        events = list(events)
        found = []
        for e in self.entries(area, role):
            area_events = [ev for ev in events if ev.event.startswith(f"{e.area.area}.")]
            local = [
                EventRecord(ev.event.split(".", 1)[1], ev.on, ev.reference, ev.closed_on)
                for ev in area_events
            ]
            for occ in occurrences(e.schedule(), start, end, local):
                found.append((e, occ))
        found.sort(key=lambda pair: (pair[1].due, pair[0].id))
        return found


def default_paths() -> list[Path]:
    return sorted(CATALOGUE_DIR.glob("*.yaml"))


def _expand(paths: Iterable[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        out.extend(sorted(p.glob("*.y*ml")) if p.is_dir() else [p])
    return out


def load_catalogue(paths: Iterable[Path] | None = None) -> Catalogue:
    files = _expand(paths) if paths is not None else default_paths()
    problems: list[Problem] = []
    areas: dict[str, Area] = {}
    origin: dict[str, str] = {}
    if not files:
        raise CatalogueError([Problem(str(CATALOGUE_DIR), "-", "-", "no catalogue files found")])
    for path in files:
        area, file_problems = load_area(path)
        problems.extend(file_problems)
        if area is None:
            continue
        if area.area in areas:
            problems.append(Problem(str(path), "-", "area",
                                    f"area {area.area!r} is also defined in {origin[area.area]}"))
            continue
        areas[area.area] = area
        origin[area.area] = str(path)
    if problems:
        raise CatalogueError(problems)
    return Catalogue(areas, origin)


def load_area(path: Path) -> tuple[Area | None, list[Problem]]:
    name = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [Problem(name, "-", "-", f"cannot read the file: {exc.strerror}")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return None, [Problem(name, "-", f"line {line}",
                              "not UTF-8 text: save the file with UTF-8 encoding")]
    snapshot = _read_snapshot(data)
    if snapshot is not None:  # this exact text passed every check with this code
        return snapshot, []
    try:
        raw = parse_yaml(data, text)
    except Exception as exc:  # noqa: BLE001 (sorted below; yaml is imported only on error)
        problem = _yaml_problem(name, exc)
        if problem is None:
            raise
        return None, [problem]
    if not isinstance(raw, dict):
        return None, [Problem(name, "-", "-", "expected a mapping with 'area:' and 'obligations:'")]
    from pydantic import ValidationError

    from config import schema

    try:
        validated = schema.Area.model_validate(raw)
    except ValidationError as exc:
        return None, list(_pydantic_problems(name, raw, exc))
    area = Area.from_validated(validated.model_dump())
    problems = list(check_area(name, area))
    if problems:
        return None, problems
    _write_snapshot(data, area)
    return area, []


def _yaml_problem(name: str, exc: Exception) -> Problem | None:
    import yaml

    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "YAML"
        what = " ".join(str(x) for x in (exc.context, exc.problem) if x)
        return Problem(name, "-", where, f"YAML syntax error: {what}")
    if isinstance(exc, yaml.YAMLError):
        return Problem(name, "-", "YAML", f"YAML error: {exc}")
    return None


def _pydantic_problems(name: str, raw: dict[str, Any], exc: Any) -> Iterator[Problem]:
    listed = raw.get("obligations")
    obligations: list[Any] = listed if isinstance(listed, list) else []
    for err in exc.errors():
        loc = list(err["loc"])
        ob_id = "-"
        if len(loc) >= 2 and loc[0] == "obligations" and isinstance(loc[1], int):
            item = obligations[loc[1]] if loc[1] < len(obligations) else None
            ob_id = str(item.get("id")) if isinstance(item, dict) and item.get("id") else (
                f"obligation #{loc[1] + 1}")
            loc = loc[2:]
        # drop pydantic's union/tag noise, keep the path a person wrote
        fields = [str(x) for x in loc if not str(x).startswith(("function-", "literal["))]
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "missing":
            msg = "missing (required)"
        elif err["type"] == "extra_forbidden":
            msg = "unknown field (check the spelling)"
        yield Problem(name, ob_id, ".".join(fields) or "-", msg)


def check_area(name: str, area: Area) -> Iterator[Problem]:
    """Cross-references that a schema alone cannot check."""
    roles = set(area.roles)
    declared = ", ".join(sorted(roles))

    def unknown(ob: str, fld: str, names: Iterable[str]) -> Iterator[Problem]:
        for r in names:
            if r not in roles:
                yield Problem(name, ob, fld, f"unknown role {r!r} (declared: {declared})")

    for i, step in enumerate(area.escalation):
        yield from unknown("-", f"escalation[{i}].to", step.to)
    seen: set[str] = set()
    for ob in area.obligations:
        if ob.id in seen:
            yield Problem(name, ob.id, "id", "duplicate id (each obligation needs its own)")
        seen.add(ob.id)
        yield from unknown(ob.id, "owner", ob.owner)
        yield from unknown(ob.id, "recipients", ob.recipients)
        for i, step in enumerate(ob.escalation or []):
            yield from unknown(ob.id, f"escalation[{i}].to", step.to)
        if ob.source.file != area.source_file:
            yield Problem(name, ob.id, "source.file",
                          f"{ob.source.file!r} is not this area's source_file {area.source_file!r}")
        for fld in ("trigger", "until"):
            ev = getattr(ob, fld)
            if ev is not None and ev not in area.events:
                yield Problem(name, ob.id, fld, f"unknown event {ev!r} "
                              f"(declared: {', '.join(sorted(area.events)) or 'none'})")
        if ob.due.meeting is not None:
            meeting = area.meetings.get(ob.due.meeting)
            if meeting is None:
                yield Problem(name, ob.id, "due.meeting",
                              f"unknown meeting {ob.due.meeting!r} "
                              f"(declared: {', '.join(sorted(area.meetings)) or 'none'})")
                continue
            if not meeting.dates:
                yield Problem(name, ob.id, "due.meeting",
                              f"meeting {ob.due.meeting!r} has no dates: list them under "
                              f"meetings.{ob.due.meeting}.dates")
                continue
        yield from _computable(name, area, ob)


def _computable(name: str, area: Area, ob: Obligation) -> Iterator[Problem]:
    """Every period from tracking_from for two years must have a due date.

    A meeting-relative rule only needs one: periods after the last dated meeting are
    skipped until next year's dates are added.
    """
    schedule = Entry(area, ob).schedule()
    if schedule.periods is None:
        return
    first = area.tracking_from
    periods = list(periods_between(schedule.periods, first, first + dt.timedelta(days=730)))
    computed = 0
    for period in periods:
        try:
            due_for(schedule, period)
            computed += 1
        except RuleNotComputable as exc:
            if ob.due.meeting is None:
                yield Problem(name, ob.id, "due", f"cannot compute for {period.label}: {exc}")
                return
        except (ValueError, OverflowError) as exc:
            yield Problem(name, ob.id, "due", f"cannot compute for {period.label}: {exc}")
            return
    if ob.due.meeting is not None and not computed:
        yield Problem(name, ob.id, "due.meeting",
                      f"no {ob.due.meeting!r} meeting is dated late enough after tracking_from "
                      f"{first.isoformat()}: add the meeting dates")
