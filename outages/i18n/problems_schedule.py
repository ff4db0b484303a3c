"""Problems found while reading an outage-queue schedule (outages/schedules.py): the templates
``problem.schedule.<code>``.

Part of the catalog of ``outages.i18n.problems``, which holds the rules they follow.
"""

MESSAGES: dict[str, dict[str, str]] = {
    "problem.schedule.too_big": {
        "en": "the schedule file has {size} bytes; the limit is {limit}",
        "uk": "файл графіка має {size} байтів, а можна щонайбільше {limit}"},
    "problem.schedule.no_fact": {
        "en": "not an outage-queue schedule: expected an object whose \"fact\" holds \"data\": "
              "days, each with queue groups, each with hours \"1\" to \"24\"",
        "uk": "це не графік відключень за чергами: очікується об'єкт, у якого \"fact\" містить "
              "\"data\": дні, у кожному черги, у кожній години від \"1\" до \"24\""},
    "problem.schedule.no_days": {"en": "the schedule has no days",
                                 "uk": "у графіку немає жодного дня"},
    "problem.schedule.too_many_days": {
        "en": "the schedule has {count} days; the limit is {limit}",
        "uk": "у графіку днів: {count}, а можна щонайбільше {limit}"},
    "problem.schedule.too_many_groups": {
        "en": "the schedule has {count} groups; the limit is {limit}",
        "uk": "у графіку черг: {count}, а можна щонайбільше {limit}"},
    "problem.schedule.bad_day": {
        "en": "the day {value!r} is not the Unix time of a midnight in Kyiv between 2000 and 2100",
        "uk": "день {value!r} не є часом Unix опівночі за київським часом між 2000 і 2100 роками"},
    "problem.schedule.repeated_day": {
        "en": "this day is given twice", "uk": "цей день вказано двічі"},
    "problem.schedule.not_object": {
        "en": "expected an object here", "uk": "тут очікується об'єкт"},
    "problem.schedule.missing_group": {
        "en": "this group is missing on this day (other days have it)",
        "uk": "цієї черги немає в цей день (в інші дні вона є)"},
    "problem.schedule.bad_hour": {
        "en": "unknown hour {value!r}: hours are \"1\" (00:00-01:00) to \"24\" (23:00-24:00)",
        "uk": "невідома година {value!r}: години від \"1\" (00:00-01:00) до \"24\" "
              "(23:00-24:00)"},
    "problem.schedule.missing_hour": {"en": "this hour is missing",
                                      "uk": "цієї години немає"},
    "problem.schedule.bad_state": {
        "en": "unknown state {value!r}; use one of {states}",
        "uk": "невідомий стан {value!r}; вкажіть один із: {states}"},
}
