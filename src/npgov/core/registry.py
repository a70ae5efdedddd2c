"""What apps contribute to shared pages: menu items, detail-page panels, dashboard cards.

A lower app never imports a higher one (DESIGN.md). Where a page of a lower app shows data of a
higher one — a substance's monitoring tab, say — the higher app registers a panel here in its
``AppConfig.ready()`` and the page renders whatever panels exist for the model.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Model
from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse
    from django_stubs_ext import StrOrPromise

    from npgov.core.models import District, User

RoleSet = frozenset[str] | None  # None: every signed-in user


@dataclass(frozen=True)
class NavItem:
    section: str  # key of the menu section
    label: StrOrPromise
    url_name: str
    icon: str = "circle"
    order: int = 100
    roles: RoleSet = None
    visible: Callable[[User], bool] | None = None  # extra check on the (signed-in) user


@dataclass(frozen=True)
class NavSection:
    key: str
    label: StrOrPromise
    icon: str
    order: int


@dataclass(frozen=True)
class Panel:
    """A block on a model's detail page (signed-in users only); ``context(obj, user)`` returns None to hide it."""

    model: type[Model]
    key: str
    title: StrOrPromise
    template: str
    context: Callable[[Any, User], dict[str, Any] | None]
    order: int = 100


@dataclass(frozen=True)
class DashboardCard:
    """A block on the home dashboard (signed-in users only); ``context(user)`` returns None to hide it."""

    key: str
    template: str
    context: Callable[[User], dict[str, Any] | None]
    order: int = 100


@dataclass(frozen=True)
class ActivityRecord:
    """An enterprise's recorded activity with a substance outside its survey report (a customs check, a tested
    product), as a list change's impact reads it."""

    enterprise_id: int
    substance_id: int
    activity: str  # "import", "export", "product" (the compliance activity codes)
    year: int
    source: StrOrPromise  # what kind of record, for the reader ("import or export check")
    declared_use: str = ""


@dataclass(frozen=True)
class WorkItem:
    """One line of a user's workspace (工作台): something to do or to read, with its deadline."""

    title: str  # plain text; escaped by the template
    url: str  # a page the user may open (tests follow every one)
    due: date | None = None
    status: StrOrPromise = ""  # a label, never a stored code
    note: str = ""  # e.g. the reviewers' comment on a returned submission

    def overdue(self, today: date) -> bool:
        return self.due is not None and self.due < today


@dataclass(frozen=True)
class WorkList:
    """What a WorkWidget returns: at most a page of items (overdue first, then by due date) and the total."""

    items: list[WorkItem]
    total: int
    more_url: str | None = None  # the full list, when ``total`` exceeds the items shown


@dataclass(frozen=True)
class WorkWidget:
    """A block of the workspace for the roles it names; ``items(user, today)`` returns a WorkList or None.

    Each widget costs a bounded number of queries, whatever the amount of data (tests assert it).
    """

    key: str
    title: StrOrPromise
    roles: frozenset[str]
    items: Callable[[User, date], WorkList | None]
    order: int = 100
    icon: str = "list-check"


@dataclass(frozen=True)
class Deadline:
    """A dated obligation of some users, found by a DeadlineSource: reminders are sent before and after ``due``."""

    kind: str  # a notification kind key, e.g. "dispatch_due", "submission_due", "finding_due", "milestone_due"
    key: str  # identifies the object, e.g. "workplan.progressreport:12" (one reminder per kind, key, due, stage)
    recipients: tuple[int, ...]  # user ids
    title: str  # plain text naming the object (shown in the notification)
    url: str
    due: date


@dataclass(frozen=True)
class DeadlineSource:
    """Finds open obligations due on or before ``horizon`` (overdue ones too) in a bounded number of queries."""

    key: str
    scan: Callable[[date, date], Iterable[Deadline]]  # (today, horizon) -> deadlines


@dataclass(frozen=True)
class Tick:
    """Periodic work of the scheduled job (``npgov tick``, Celery beat): ``run(today)`` returns something printable.

    Reminders of deadlines and the recomputation of KPIs are ticks; each must be idempotent (a tick may run
    twice in a day, or be missed for a day).
    """

    key: str
    run: Callable[[date], Any]
    order: int = 100


@dataclass(frozen=True)
class KeyFigure:
    """A number an app contributes to evaluation reports (e.g. substances in the registry)."""

    key: str
    label: StrOrPromise
    compute: Callable[[int], Any]  # year -> value (a number, or None when there is no data yet)
    order: int = 100


@dataclass(frozen=True)
class KpiCalculator:
    """Computes a KPI from platform data: ``compute(plan, district, period_end)`` returns a value or None.

    The app that holds the data registers it (surveys: survey completion rate; monitoring: coverage of
    drinking-water sources; compliance: findings closed on time); a KPI names it in ``calculator``.
    """

    key: str
    label: StrOrPromise
    compute: Callable[[Any, District, date], float | None]  # the plan is a workplan model (a higher app)


@dataclass(frozen=True)
class DataStep:
    """A loading step of ``npgov reference`` (reference data) or ``npgov demo`` (adds demo data)."""

    key: str
    label: str
    # The loader, or its dotted path: a path is imported only when the step runs, so that registering demo
    # steps in AppConfig.ready() loads none of the heavy code they call. Returns something printable.
    run: Callable[[], Any] | str
    order: int = 100
    demo_only: bool = False

    def execute(self) -> Any:
        run = import_string(self.run) if isinstance(self.run, str) else self.run
        return run()


@dataclass(frozen=True)
class ObligationStatus:
    """Whether an enterprise met an obligation (e.g. published its annual disclosure), as a higher app knows it."""

    met: bool
    status: StrOrPromise  # a label: 已公开 / 未公开 …
    url: str  # where the enterprise acts on it (a page it may open)


# (enterprise ids, the year the obligation is about) -> status per enterprise id; ids missing are "not met".
ObligationCheck = Callable[[Iterable[int], int], dict[int, ObligationStatus]]


@dataclass
class Registry:
    sections: dict[str, NavSection] = field(default_factory=dict)
    nav: list[NavItem] = field(default_factory=list)
    panels: list[Panel] = field(default_factory=list)
    cards: list[DashboardCard] = field(default_factory=list)
    data_steps: list[DataStep] = field(default_factory=list)
    figures: list[KeyFigure] = field(default_factory=list)
    calculators: dict[str, KpiCalculator] = field(default_factory=dict)
    widgets: list[WorkWidget] = field(default_factory=list)
    deadline_sources: list[DeadlineSource] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    # Obligation key (compliance's OBLIGATION_LISTS, e.g. "disclosure") -> how a higher app checks it is met.
    obligation_checks: dict[str, ObligationCheck] = field(default_factory=dict)
    # What enterprises do with substances besides their survey reports, from higher apps (enforcement: trade
    # checks, product samples), for a list change's impact: each callable returns ActivityRecord rows.
    activity_sources: list[Callable[[], Iterable[ActivityRecord]]] = field(default_factory=list)
    # How a higher app (compliance) reports a list change's impact: regulations' ListDiff -> JSON-ready dict.
    list_change_impact: Callable[[Any], dict[str, Any]] | None = None
    # The page "/" shows visitors who are not signed in (the public portal registers it); None: the login page.
    public_home: Callable[[HttpRequest], HttpResponse] | None = None

    def add_obligation_check(self, key: str, check: ObligationCheck) -> None:
        self.obligation_checks[key] = check

    def add_tick(self, tick: Tick | str, run: Callable[[date], Any] | None = None, order: int = 100) -> None:
        """``add_tick(Tick(key, run))`` or ``add_tick(key, run)``; a key registers once (the last one wins)."""
        if isinstance(tick, str):
            if run is None:
                raise TypeError("add_tick(key, run): run is required")
            tick = Tick(tick, run, order)
        self.ticks = [t for t in self.ticks if t.key != tick.key] + [tick]

    def ticks_in_order(self) -> list[Tick]:
        return sorted(self.ticks, key=lambda t: (t.order, t.key))

    def add_widget(self, widget: WorkWidget) -> None:
        self.widgets.append(widget)

    def add_deadline_source(self, source: DeadlineSource) -> None:
        self.deadline_sources.append(source)

    def widgets_for(self, user: User) -> list[WorkWidget]:
        role = "bureau" if user.is_superuser else user.role
        return sorted((w for w in self.widgets if role in w.roles), key=lambda w: w.order)

    def add_section(self, section: NavSection) -> None:
        self.sections[section.key] = section

    def add_nav(self, item: NavItem) -> None:
        self.nav.append(item)

    def add_panel(self, panel: Panel) -> None:
        self.panels.append(panel)

    def add_card(self, card: DashboardCard) -> None:
        self.cards.append(card)

    def add_calculator(self, calculator: KpiCalculator) -> None:
        self.calculators[calculator.key] = calculator

    def add_figure(self, figure: KeyFigure) -> None:
        self.figures.append(figure)

    def add_data_step(self, step: DataStep) -> None:
        self.data_steps.append(step)

    def panels_for(self, model: type[Model]) -> list[Panel]:
        return sorted((p for p in self.panels if p.model is model), key=lambda p: p.order)


registry = Registry()
