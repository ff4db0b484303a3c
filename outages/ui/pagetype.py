"""The page a script draws: its resolved view state, dataset and zone (made by ``page.begin``).

A module of its own so that the parts of a page (window, KPIs, map, tables) can take a Page
without importing ``page``, which imports them.
"""

from __future__ import annotations

from dataclasses import dataclass

from outages import fmt
from outages.i18n import t
from outages.metrics import Window
from outages.schema import SERVICES
from outages.store import DatasetInfo
from outages.viewstate import ViewState


@dataclass(frozen=True)
class Page:
    name: str
    vs: ViewState
    ds: DatasetInfo
    tz: str  # IANA zone the dataset's times are shown in

    @property
    def lang(self) -> str:
        return self.vs.lang

    def t(self, key: str, /, **values: object) -> str:
        return t(key, self.vs.lang, **values)

    def when(self, ts: object) -> str:
        return fmt.when(ts, self.tz, self.vs.lang)

    def number(self, n: object, digits: int = 0) -> str:
        return fmt.number(n, self.vs.lang, digits)

    @property
    def services(self) -> tuple[str, ...]:
        """The dataset's services, in the order of SERVICES."""
        return tuple(sorted(self.ds.services, key=_service_order))

    @property
    def service(self) -> str:
        """The one service shown where a page can show only one: the picked one, else the
        dataset's first."""
        return self.vs.service or self.services[0]

    @property
    def window(self) -> Window:
        return self.vs.window()

    def window_for(self, service: str | None,
                   regions: tuple[str, ...] | None = None) -> Window:
        """The state's time window for ``service`` and ``regions`` (default: the state's)."""
        regions = self.vs.regions if regions is None else regions
        return Window(service=service, regions=regions, start=self.vs.start, end=self.vs.end)


def _service_order(service: str) -> tuple[int, str]:
    return (SERVICES.index(service) if service in SERVICES else len(SERVICES), service)
