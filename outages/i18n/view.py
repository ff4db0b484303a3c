"""The map's opening moment, colour choice and steps, the view state's new address keys, the
timeline's panels, the link to newly published figures and the audit log."""

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
}
