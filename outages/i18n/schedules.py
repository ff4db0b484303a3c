"""The Schedules page (pages/schedules.py, outages/ui/scheduleview.py, outages/schedulecharts.py):
outage-queue schedules and the measured figures beside them."""

MESSAGES: dict[str, dict[str, str]] = {
    "page.schedules": {"en": "Schedules", "uk": "Графіки"},
    "schedules.intro": {
        "en": "Outage-queue schedules say when each queue group is planned to be without power. "
              "They are plans, not measurements: they are shown here apart from customer "
              "figures.",
        "uk": "Графіки відключень за чергами кажуть, коли кожна черга має бути без світла. Це "
              "плани, а не вимірювання: тут вони показані окремо від даних про споживачів."},
    "schedules.pick": {"en": "Schedule", "uk": "Графік"},
    "schedules.upload": {"en": "Or open a schedule file (DTEK / Yasno JSON)",
                         "uk": "Або відкрийте файл графіка (JSON ДТЕК / Yasno)"},
    "schedules.none": {"en": "No schedule to show: open a schedule file above.",
                       "uk": "Немає графіка для показу: відкрийте файл графіка вище."},
    "schedules.rejected": {"en": "The schedule file cannot be read", "uk":
                           "Файл графіка не вдається прочитати"},
    "schedules.about": {
        "en": "{file}: {area} ({region}), updated {updated}. Groups: {groups}. Days: {days}.",
        "uk": "{file}: {area} ({region}), оновлено {updated}. Черги: {groups}. Дні: {days}."},
    "schedules.region_unknown": {"en": "area not known", "uk": "район невідомий"},
    "schedules.hours_title": {"en": "Planned hours without power, by group and day",
                              "uk": "Заплановані години без світла за чергами й днями"},
    "schedules.maybe_title": {"en": "Hours possibly without power, by group and day",
                              "uk": "Години можливого відключення за чергами й днями"},
    "schedules.no_maybe": {"en": "No hours are marked as possible outages in this schedule.",
                           "uk": "У цьому графіку немає годин із можливим відключенням."},
    "schedules.axis_group": {"en": "Queue group", "uk": "Черга"},
    "schedules.axis_day": {"en": "Day (Kyiv time)", "uk": "День (за київським часом)"},
    "schedules.axis_hours": {"en": "Hours off", "uk": "Годин без світла"},
    "schedules.hover": {"en": "group {group}, {day}: {hours} h",
                        "uk": "черга {group}, {day}: {hours} год"},
    "schedules.beside_title": {"en": "Planned beside measured", "uk": "План поруч із фактом"},
    "schedules.no_measured": {
        "en": "No stored dataset has measured power outages for {region} on these days, so the "
              "plan cannot be set beside what happened. Publish one on the Upload page.",
        "uk": "Жоден збережений набір даних не має виміряних відключень світла для {region} у "
              "ці дні, тож план не можна порівняти з тим, що сталося. Опублікуйте такий набір на "
              "сторінці «Завантаження»."},
    "schedules.no_region": {
        "en": "The schedule does not say which area it covers in a way the dashboard knows "
              "(regionId {key!r}), so no measured figures can be set beside it.",
        "uk": "Графік не вказує свій район у спосіб, відомий панелі (regionId {key!r}), тож "
              "виміряні дані не можна поставити поруч."},
    "schedules.measured_from": {"en": "Measured figures from {dataset}, region {region}.",
                                "uk": "Виміряні дані з {dataset}, регіон {region}."},
    "schedules.col_day": {"en": "Day", "uk": "День"},
    "schedules.col_planned": {"en": "Planned hours off (mean of groups)",
                              "uk": "Заплановано годин без світла (середнє черг)"},
    "schedules.col_planned_range": {"en": "Planned hours off (least-most)",
                                    "uk": "Заплановано годин (найменше-найбільше)"},
    "schedules.col_hours_out": {"en": "Measured hours with customers out",
                                "uk": "Виміряно годин зі споживачами без світла"},
    "schedules.col_customer_hours": {"en": "Measured customer-hours out",
                                     "uk": "Виміряно споживачо-годин без світла"},
}
