"""When the store cannot be used."""

MESSAGES: dict[str, dict[str, str]] = {
    # The store cannot be used (outages/store/failures.py, outages/ui/failure.py)
    "store.unavailable": {"en": "The store is unavailable: {reason}",
                          "uk": "Сховище даних недоступне: {reason}"},
    "store.unavailable_help": {
        "en": "Nothing can be shown until it is back; the details are in the server's log for "
              "whoever runs this dashboard. Try again in a few minutes.",
        "uk": "Поки його не відновлять, показати нічого не можна; подробиці записано в журнал "
              "сервера для того, хто його обслуговує. Спробуйте ще раз за кілька хвилин.",
    },
    "store.why.disk_full": {"en": "the disk is full", "uk": "диск заповнений"},
    "store.why.read_only": {"en": "it is read-only: this program may not write to it",
                            "uk": "воно лише для читання: ця програма не може в нього писати"},
    "store.why.cannot_open": {
        "en": "its file cannot be opened or created (is its folder missing or read-only?)",
        "uk": "його файл не вдається відкрити чи створити (чи існує тека, чи можна в неї "
              "писати?)"},
    "store.why.not_a_database": {"en": "its file is not a database",
                                 "uk": "його файл не є базою даних"},
    "store.why.damaged": {"en": "its file is damaged", "uk": "його файл пошкоджений"},
    "store.why.io_error": {"en": "the disk failed to read or write",
                           "uk": "диск не зміг прочитати чи записати дані"},
    "store.why.denied": {"en": "access to it was denied", "uk": "доступ до нього заборонено"},
    "store.why.unreachable": {"en": "its PostgreSQL server does not answer",
                              "uk": "його сервер PostgreSQL не відповідає"},
    "store.why.busy": {"en": "other programs kept it locked for too long",
                       "uk": "інші програми надто довго тримали його заблокованим"},
    "store.why.version": {"en": "a newer version of this program wrote it",
                          "uk": "його записала новіша версія цієї програми"},
}
