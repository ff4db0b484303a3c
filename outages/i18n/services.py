"""Services side by side on the Overview (outages/services.py, outages/servicecharts.py,
outages/ui/services.py): restoration % per service on one axis and the lag behind power."""

MESSAGES: dict[str, dict[str, str]] = {
    "services.title": {"en": "Services side by side", "uk": "Послуги поруч"},
    "services.help": {
        "en": "How much of each service's peak is back: (peak − customers out) / peak, from each "
              "service's peak on. The marks show when each service reached 50 % and 90 % "
              "restored, and how long after {reference}.",
        "uk": "Яку частку піку кожної послуги відновлено: (пік − без послуги) / пік, від "
              "піку кожної послуги. Позначки показують, коли кожна послуга досягла 50 % і 90 % "
              "відновлення і наскільки пізніше, ніж {reference}."},
    "services.axis": {"en": "Restored (% of the service's peak)",
                      "uk": "Відновлено (% піку послуги)"},
    "services.hover": {"en": "Restored", "uk": "Відновлено"},
    "services.level": {"en": "{level} restored", "uk": "{level} відновлено"},
    "services.marker": {"en": "{service}: {level} restored", "uk": "{service}: {level} відновлено"},
    "services.after": {
        "en": "{service}: {level} restored {lag} after {reference} ({at} vs {ref_at}).",
        "uk": "{service}: {level} відновлено на {lag} пізніше, ніж {reference} ({at} проти "
              "{ref_at})."},
    "services.before": {
        "en": "{service}: {level} restored {lag} before {reference} ({at} vs {ref_at}).",
        "uk": "{service}: {level} відновлено на {lag} раніше, ніж {reference} ({at} проти "
              "{ref_at})."},
    "services.same_time": {
        "en": "{service}: {level} restored at the same time as {reference} ({at}).",
        "uk": "{service}: {level} відновлено тоді ж, коли й {reference} ({at})."},
    "services.not_reached": {
        "en": "{service}: not yet {level} restored in this window.",
        "uk": "{service}: у цьому проміжку ще не відновлено {level}."},
    "services.reached_at": {"en": "{service}: {level} restored at {at}.",
                            "uk": "{service}: {level} відновлено: {at}."},
    "services.reference_not_reached": {
        "en": "{service} is not yet {level} restored in this window, so no lag at {level}.",
        "uk": "{service}: у цьому проміжку ще не відновлено {level}, тож відставання на рівні "
              "{level} немає."},
}
