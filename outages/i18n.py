"""Every user-facing string, in English and Ukrainian.

``t(key, lang, **values)`` looks a message up and fills its ``{placeholders}``. A message with no
Ukrainian text falls back to English. Messages with counts are phrased as "label: {count}" so
that Ukrainian needs no plural forms.
"""

from __future__ import annotations

import string

LANGS = ("en", "uk")
DEFAULT_LANG = "en"
LANG_NAMES = {"en": "English", "uk": "Українська"}

MESSAGES: dict[str, dict[str, str]] = {
    # Application and pages
    "app.title": {"en": "Infrastructure outages", "uk": "Відключення інфраструктури"},
    "page.overview": {"en": "Overview", "uk": "Огляд"},
    "page.map": {"en": "Map", "uk": "Мапа"},
    "page.regions": {"en": "Regions", "uk": "Регіони"},
    "page.data": {"en": "Data", "uk": "Дані"},
    "page.upload": {"en": "Upload", "uk": "Завантаження"},
    "lang.label": {"en": "Language", "uk": "Мова"},
    # Key figures
    "kpi.customers_out_now": {"en": "Customers out now", "uk": "Зараз без послуги"},
    "kpi.peak": {"en": "Peak", "uk": "Пік"},
    "kpi.peak_time": {"en": "Peak at {time}", "uk": "Пік о {time}"},
    "kpi.cut_off": {"en": "Cut off", "uk": "Відключено"},
    "kpi.restored": {"en": "Restored", "uk": "Відновлено"},
    "kpi.restored_pct": {"en": "Restored %", "uk": "Відновлено, %"},
    "kpi.hours_to_50": {"en": "Hours to 50 % restored", "uk": "Годин до відновлення 50 %"},
    "kpi.hours_to_90": {"en": "Hours to 90 % restored", "uk": "Годин до відновлення 90 %"},
    "kpi.customer_hours": {"en": "Customer-hours", "uk": "Споживачо-години"},
    "kpi.last_updated": {"en": "Last updated", "uk": "Оновлено"},
    "kpi.customers_served": {"en": "Customers served", "uk": "Усього споживачів"},
    "kpi.pct_out_latest": {"en": "Share out now", "uk": "Частка без послуги зараз"},
    "kpi.saidi": {"en": "SAIDI (minutes)", "uk": "SAIDI (хвилини)"},
    "kpi.saifi": {"en": "SAIFI", "uk": "SAIFI"},
    "kpi.caidi": {"en": "CAIDI (minutes)", "uk": "CAIDI (хвилини)"},
    "kpi.restored_reported": {"en": "Restored figures as reported by the source",
                              "uk": "Кількість відновлених — за даними джерела"},
    "kpi.restored_derived": {
        "en": "Restored figures derived from falls in customers out",
        "uk": "Кількість відновлених обчислено зі зменшення кількості споживачів без послуги",
    },
    # Services
    "service.all": {"en": "All services", "uk": "Усі послуги"},
    "service.power": {"en": "Power", "uk": "Електропостачання"},
    "service.water": {"en": "Water", "uk": "Водопостачання"},
    "service.heating": {"en": "Heating", "uk": "Опалення"},
    "service.gas": {"en": "Gas", "uk": "Газопостачання"},
    "service.transit": {"en": "Transit", "uk": "Громадський транспорт"},
    "service.telecom": {"en": "Telecom", "uk": "Зв’язок"},
    # Empty states
    "empty.no_dataset": {"en": "No dataset yet", "uk": "Ще немає набору даних"},
    "empty.no_data_in_window": {"en": "Nothing in this time window",
                                "uk": "У цьому проміжку часу нічого немає"},
    # Notices about the address (query string) of the page
    "notice.ignored_value": {"en": "Ignored {key}={value}: {reason}",
                             "uk": "Пропущено {key}={value}: {reason}"},
    "notice.unknown_keys": {"en": "Ignored unknown parameters: {keys}",
                            "uk": "Пропущено невідомі параметри: {keys}"},
    "notice.repeated_key": {"en": "{key} was given {count} times; used the last one",
                            "uk": "Параметр {key} вказано кілька разів ({count}); взято останній"},
    "notice.bad_regions": {"en": "Ignored region ids that are not valid ({count}): {examples}",
                           "uk": "Пропущено недійсні ідентифікатори регіонів ({count}): "
                                 "{examples}"},
    "notice.too_many_regions": {"en": "Kept the first {limit} of {count} regions",
                                "uk": "Залишено перші {limit} з {count} регіонів"},
    "notice.window_reversed": {
        "en": "Ignored start={start} and end={end}: the start is after the end",
        "uk": "Пропущено start={start} і end={end}: початок пізніше за кінець",
    },
    "reason.not_a_time": {"en": "not a time (use ISO 8601 such as 2025-10-10T03:00Z)",
                          "uk": "це не час (використовуйте ISO 8601, наприклад "
                                "2025-10-10T03:00Z)"},
    "reason.no_zone": {"en": "the time has no zone (add Z for UTC)",
                       "uk": "у часу не вказано пояс (додайте Z для UTC)"},
    "reason.out_of_range": {"en": "the year must be from {first} to {last}",
                            "uk": "рік має бути від {first} до {last}"},
    "reason.bad_dataset": {"en": "not a dataset id", "uk": "це не ідентифікатор набору даних"},
    "reason.unknown_service": {"en": "not a service (one of {choices})",
                               "uk": "невідома послуга (можливі: {choices})"},
    "reason.unknown_page": {"en": "not a page (one of {choices})",
                            "uk": "невідома сторінка (можливі: {choices})"},
    "reason.unknown_lang": {"en": "not a language (one of {choices})",
                            "uk": "невідома мова (можливі: {choices})"},
    # Charts
    "axis.time": {"en": "Time ({zone})", "uk": "Час ({zone})"},
    "axis.customers": {"en": "Customers", "uk": "Споживачі"},
    "axis.customers_out": {"en": "Customers out", "uk": "Споживачів без послуги"},
    "axis.restored_pct": {"en": "Restored (% of cut off)",
                          "uk": "Відновлено (% від відключених)"},
    "legend.out": {"en": "{service}: out", "uk": "{service}: без послуги"},
    "legend.cut_off": {"en": "{service}: cut off, cumulative",
                       "uk": "{service}: відключено, наростаючим підсумком"},
    "legend.restored": {"en": "{service}: restored, cumulative",
                        "uk": "{service}: відновлено, наростаючим підсумком"},
    "legend.annotation": {"en": "Events", "uk": "Події"},
    "hover.out": {"en": "Out", "uk": "Без послуги"},
    "hover.cut_off": {"en": "Cut off, cumulative", "uk": "Відключено, наростаючим підсумком"},
    "hover.restored": {"en": "Restored, cumulative", "uk": "Відновлено, наростаючим підсумком"},
    "hover.restored_pct": {"en": "Restored", "uk": "Відновлено"},
    "chart.downsampled": {
        "en": "Lines thinned to at most {points} points each; every peak is kept",
        "uk": "Лінії спрощено до {points} точок кожна; усі піки збережено",
    },
    # Sharing, sources, honesty labels
    "share.button": {"en": "Share this view", "uk": "Поділитися цим виглядом"},
    "share.help": {"en": "Copy this link to open the same view",
                   "uk": "Скопіюйте посилання, щоб відкрити цей самий вигляд"},
    "source.label": {"en": "Source", "uk": "Джерело"},
    "licence.label": {"en": "Licence", "uk": "Ліцензія"},
    "illustrative.label": {"en": "Illustrative", "uk": "Ілюстративні дані"},
    "illustrative.help": {
        "en": "Illustrative figures, not real measurements",
        "uk": "Ілюстративні значення, а не справжні вимірювання",
    },
    # Units used by outages.fmt
    "unit.hours": {"en": "{value} h", "uk": "{value} год"},
    "unit.minutes": {"en": "{value} min", "uk": "{value} хв"},
}


def lang_or_default(lang: str | None) -> str:
    """``lang`` when it is one of LANGS, else the default language."""
    return lang if lang in LANGS else DEFAULT_LANG


def placeholders(text: str) -> set[str]:
    """The ``{names}`` a message text expects."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def t(key: str, lang: str = DEFAULT_LANG, /, **values: object) -> str:
    """The message ``key`` in ``lang`` (English when missing), with ``values`` filled in.

    ``key`` and ``lang`` are positional-only, so messages may use {key} and {lang} placeholders.
    An unknown key raises KeyError: every string shown must be in MESSAGES.
    """
    try:
        texts = MESSAGES[key]
    except KeyError:
        raise KeyError(f"no message {key!r} in outages.i18n.MESSAGES") from None
    text = texts.get(lang_or_default(lang)) or texts[DEFAULT_LANG]
    return text.format(**values)
