"""The map's opening moment, colour choice and steps, the view state's new address keys, the
timeline's panels, the link to newly published figures, the audit log and the live refresh."""

MESSAGES: dict[str, dict[str, str]] = {
    # Which moment a map opened on when the address named none
    "map.opened_peak": {"en": "Shown at the peak, {time}: the dataset is historical",
                        "uk": "Показано на піку, {time}: це історичні дані"},
    "map.opened_latest": {"en": "Shown at the latest figures, {time}",
                          "uk": "Показано останні дані, {time}"},
    "overview.map_title_peak": {"en": "Where it was worst, at the peak",
                                "uk": "Де було найгірше, на піку"},
    "map.colour_by": {"en": "Colour by", "uk": "Колір за"},
    "map.colour.customers_out": {"en": "Customers out", "uk": "Споживачі без послуги"},
    "map.colour.pct_out": {"en": "% of customers served", "uk": "% від усіх споживачів"},
    "map.previous": {"en": "Previous observation", "uk": "Попереднє спостереження"},
    "map.next": {"en": "Next observation", "uk": "Наступне спостереження"},
    # Address values
    "reason.bad_area": {"en": "not a map area", "uk": "це не територія мапи"},
    "reason.unknown_choice": {"en": "not one of {choices}", "uk": "має бути одне з: {choices}"},
    # The timeline's lower panel
    "axis.cumulative": {"en": "Cumulative customers", "uk": "Споживачі, наростаючим підсумком"},
    # After publishing
    "upload.open_new": {"en": "Open the dashboard on the new figures",
                        "uk": "Відкрити панель з новими даними"},
    # The audit log
    "manage.audit_bundled": {"en": "bundled sample", "uk": "вбудований зразок"},
    "manage.audit_deleted": {"en": "{id} (deleted)", "uk": "{id} (видалено)"},
    # Live refresh: when the page last checked for new figures, and late figures
    "live.updated": {"en": "Updated {time}", "uk": "Оновлено о {time}"},
    "live.updated_every": {"en": "Updated {time} · checks for new figures every {every}",
                           "uk": "Оновлено о {time} · нові дані перевіряються кожні {every}"},
    "live.late": {"en": "No new figures for {age}: the source is expected every {cadence}",
                  "uk": "Нових даних немає вже {age}, а джерело має оновлюватися кожні "
                        "{cadence}"},
    "live.cadence_metadata": {"en": "as its metadata says",
                              "uk": "як зазначено в його метаданих"},
    "live.cadence_inferred": {"en": "judged from the usual spacing of its observations",
                              "uk": "судячи зі звичайного проміжку між його спостереженнями"},
    "unit.seconds": {"en": "{value} s", "uk": "{value} с"},
}
