"""The Schedules page in a real browser: the bundled DTEK schedule shows its 12 queue groups and
its two days, and the szheliab schedule opened on the page shows its own; the page says there is
no measured dataset for Dnipro (UA-12) in the fresh store."""

from __future__ import annotations

from pathlib import Path

from . import CHART, WAIT_MS, Visit

DATA = Path(__file__).resolve().parents[1] / "data" / "ukraine"
CEK = DATA / "dnipro_cek_schedule_2025-12-25.szheliab.json"
DROPZONE = '[data-testid="stFileUploaderDropzoneInput"]'
X_TICKS = f"{CHART} .xtick text"
Y_TICKS = f"{CHART} .ytick text"
GROUPS = [f"GPV{n}.{k}" for n in range(1, 7) for k in (1, 2)]
_TICKS_ARE = """([selector, wanted]) => {
  const seen = [...document.querySelectorAll(selector)].map(e => e.textContent);
  return seen.length === wanted.length && seen.every((s, i) => s === wanted[i]);
}"""


def wait_days(visit: Visit, days: list[str]) -> None:
    visit.page.wait_for_function(_TICKS_ARE, arg=[X_TICKS, days], timeout=WAIT_MS)


def test_both_schedules_show_their_groups_and_days(app, context):
    visit = Visit(context).open(app.url + "/schedules")
    wait_days(visit, ["2025-12-10", "2025-12-11"])
    assert sorted(visit.page.locator(Y_TICKS).all_text_contents()) == GROUPS
    cells = visit.page.locator(f"{CHART} text.heatmap-label, {CHART} .textpoint text, "
                               f"{CHART} g.heatmaplayer text").all_text_contents()
    assert "15.5" in cells  # GPV1.1 on 10 December
    visit.page.get_by_text("No stored dataset has measured power outages for UA-12").wait_for(
        timeout=WAIT_MS)

    visit.page.set_input_files(DROPZONE, str(CEK))
    wait_days(visit, ["2025-12-25", "2025-12-26"])
    visit.idle()
    assert sorted(visit.page.locator(Y_TICKS).all_text_contents()) == GROUPS
    visit.page.get_by_text(CEK.name).first.wait_for(timeout=WAIT_MS)
    assert visit.app_errors() == []
    assert visit.page.locator('[data-testid="stException"]').count() == 0
    assert visit.remote_requests() == []
