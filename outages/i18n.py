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
    # Upload page and editing (outages/ui/upload.py, outages/ui/auth.py, pages/upload.py)
    "upload.intro": {
        "en": "Check how a file of outage figures reads before it goes public. Anyone can "
              "preview a file here; nothing is stored until an editor publishes it.",
        "uk": "Перевірте, як читається файл із даними про відключення, перш ніж його "
              "оприлюднити. Переглянути файл може будь-хто; нічого не зберігається, доки "
              "редактор не опублікує його.",
    },
    "upload.file_label": {"en": "File of outage figures (CSV, JSON, XLS or XLSX)",
                          "uk": "Файл із даними про відключення (CSV, JSON, XLS або XLSX)"},
    "upload.file_help": {"en": "Up to {mb} MB. The file name is only shown, never used.",
                         "uk": "До {mb} МБ. Назва файлу лише показується і ніде не "
                               "використовується."},
    "upload.file_name": {"en": "File: {name}", "uk": "Файл: {name}"},
    "upload.options": {"en": "How to read the file", "uk": "Як читати файл"},
    "upload.format": {"en": "Format", "uk": "Формат"},
    "upload.format_auto": {"en": "Detect automatically", "uk": "Визначити автоматично"},
    "upload.service": {"en": "Service, for a file without a service column",
                       "uk": "Послуга, якщо у файлі немає стовпця послуги"},
    "upload.service_file": {"en": "As in the file", "uk": "Як у файлі"},
    "upload.tz": {"en": "Time zone of times written without an offset",
                  "uk": "Часовий пояс для часу, записаного без зсуву"},
    "upload.tz_none": {"en": "Times give their own offset", "uk": "Час записано зі зсувом"},
    "upload.mapping": {"en": "Column mapping", "uk": "Відповідність стовпців"},
    "upload.mapping_help": {
        "en": "Say which column of the file holds what. Automatic goes by the column names.",
        "uk": "Вкажіть, що містить кожен стовпець файлу. «Автоматично» — за назвами "
              "стовпців.",
    },
    "upload.mapping_auto": {"en": "Automatic", "uk": "Автоматично"},
    "upload.mapping_used": {"en": "Columns as they will be read",
                            "uk": "Як будуть прочитані стовпці"},
    "upload.mapping_file_column": {"en": "Column in the file", "uk": "Стовпець у файлі"},
    "upload.mapping_read_as": {"en": "Read as", "uk": "Читається як"},
    "upload.col.timestamp": {"en": "Time", "uk": "Час"},
    "upload.col.region_id": {"en": "Region code", "uk": "Код регіону"},
    "upload.col.region_name": {"en": "Region name", "uk": "Назва регіону"},
    "upload.col.service": {"en": "Service", "uk": "Послуга"},
    "upload.col.customers_out": {"en": "Customers cut off", "uk": "Споживачів без послуги"},
    "upload.col.customers_restored": {"en": "Customers restored",
                                      "uk": "Споживачів відновлено"},
    "upload.col.customers_total": {"en": "Customers served", "uk": "Усього споживачів"},
    "upload.file_columns": {"en": "Columns in the file: {columns}",
                            "uk": "Стовпці у файлі: {columns}"},
    "upload.reading": {"en": "Reading the file…", "uk": "Читання файлу…"},
    # a preview refused by outages.sandbox: why, and what to do
    "upload.refused.memory": {
        "en": "Reading this file needed more than {mb} MB of memory here, so it was stopped. "
              "Split it into smaller files, or publish it with the command line "
              "(`python -m outages ingest`).",
        "uk": "Читання цього файлу потребувало тут понад {mb} МБ пам’яті, тому його зупинено. "
              "Розділіть файл на менші або опублікуйте його з командного рядка "
              "(`python -m outages ingest`)."},
    "upload.refused.time": {
        "en": "Reading this file took longer than {seconds} s here, so it was stopped. Split it "
              "into smaller files, or publish it with the command line "
              "(`python -m outages ingest`).",
        "uk": "Читання цього файлу тривало тут понад {seconds} с, тому його зупинено. Розділіть "
              "файл на менші або опублікуйте його з командного рядка "
              "(`python -m outages ingest`)."},
    "upload.refused.result": {
        "en": "This file holds more than {mb} MB of figures, more than a preview here can hold. "
              "Split it into smaller files, or publish it with the command line.",
        "uk": "Цей файл містить понад {mb} МБ даних, більше, ніж уміщує перегляд тут. Розділіть "
              "його на менші файли або опублікуйте з командного рядка."},
    "upload.refused.crash": {
        "en": "Reading this file stopped unexpectedly. Check the file or split it into smaller "
              "ones; the command line (`python -m outages ingest`) says more.",
        "uk": "Читання цього файлу несподівано зупинилося. Перевірте файл або розділіть його на "
              "менші; командний рядок (`python -m outages ingest`) скаже більше."},
    "upload.refused.busy": {
        "en": "The server is reading other files just now (at most {count} at once). Try again "
              "in a minute.",
        "uk": "Сервер зараз читає інші файли (щонайбільше {count} одночасно). Спробуйте ще раз "
              "за хвилину."},
    "upload.refused.session": {
        "en": "A file is already being read in this session. Wait until it is done, then try "
              "again.",
        "uk": "У цьому сеансі вже читається файл. Дочекайтеся кінця й спробуйте ще раз."},
    "upload.retry": {"en": "Read again", "uk": "Прочитати знову"},
    "upload.rejected": {
        "en": "This file cannot be published. Problems found: {count}. Fix them and upload "
              "the file again.",
        "uk": "Цей файл не можна опублікувати. Знайдено проблем: {count}. Виправте їх і "
              "завантажте файл знову.",
    },
    "upload.accepted": {"en": "The file reads cleanly.", "uk": "Файл читається без помилок."},
    "upload.detected": {"en": "Format", "uk": "Формат"},
    "upload.encoding": {"en": "Encoding", "uk": "Кодування"},
    "upload.rows": {"en": "Rows", "uk": "Рядків"},
    "upload.regions": {"en": "Regions", "uk": "Регіонів"},
    "upload.services": {"en": "Services", "uk": "Послуги"},
    "upload.time_range": {"en": "Time range: {range}", "uk": "Проміжок часу: {range}"},
    "upload.table_title": {"en": "Table preview (first {rows} rows)",
                           "uk": "Попередній перегляд таблиці (перші {rows} рядків)"},
    "upload.report_title": {"en": "Validation report", "uk": "Звіт перевірки"},
    "upload.errors": {"en": "Errors: {count}", "uk": "Помилки: {count}"},
    "upload.warnings": {"en": "Warnings: {count}", "uk": "Попередження: {count}"},
    "upload.no_warnings": {"en": "No warnings.", "uk": "Попереджень немає."},
    "upload.skipped": {"en": "Rows skipped ({reason}): {count}",
                       "uk": "Пропущено рядків ({reason}): {count}"},
    "upload.col_row": {"en": "Row", "uk": "Рядок"},
    "upload.col_column": {"en": "Column", "uk": "Стовпець"},
    "upload.col_problem": {"en": "Problem", "uk": "Проблема"},
    "upload.chart_title": {"en": "Customers out, as the dashboard will show them",
                           "uk": "Споживачі без послуги — так, як покаже панель"},
    "upload.nothing_stored": {"en": "Preview only: nothing has been stored.",
                              "uk": "Лише перегляд: нічого не збережено."},
    "upload.publish_title": {"en": "Publish", "uk": "Опублікувати"},
    "upload.viewer_note": {
        "en": "Only editors can publish. An editor signs in at the top of this page.",
        "uk": "Публікувати можуть лише редактори. Редактор входить угорі цієї сторінки.",
    },
    "upload.fix_first": {"en": "A file with errors cannot be published: fix them first.",
                         "uk": "Файл із помилками не можна опублікувати: спершу виправте їх."},
    "upload.mode": {"en": "Publish as", "uk": "Опублікувати як"},
    "upload.mode_new": {"en": "A new dataset", "uk": "Новий набір даних"},
    "upload.mode_version": {"en": "A new version of a dataset (replaces it)",
                            "uk": "Нову версію набору даних (замінює його)"},
    "upload.mode_append": {"en": "Newer figures added to a dataset",
                           "uk": "Новіші дані, додані до набору"},
    "upload.append_help": {
        "en": "Every row must be later than the dataset's last figure for its region and "
              "service; the dataset gets a new version with the old and the new rows.",
        "uk": "Кожен рядок має бути пізнішим за останні дані набору для свого регіону й "
              "послуги; набір отримає нову версію зі старими й новими рядками.",
    },
    "upload.target": {"en": "Dataset", "uk": "Набір даних"},
    "upload.name": {"en": "Name", "uk": "Назва"},
    "upload.description": {"en": "Description", "uk": "Опис"},
    "upload.source": {"en": "Source", "uk": "Джерело"},
    "upload.licence": {"en": "Licence", "uk": "Ліцензія"},
    "upload.publish_button": {"en": "Publish", "uk": "Опублікувати"},
    "upload.phase.reading": {"en": "Parsing and validating the file…",
                             "uk": "Розбір і перевірка файлу…"},
    "upload.phase.writing": {"en": "Writing to the store…", "uk": "Запис до сховища…"},
    "upload.phase.done": {"en": "Published", "uk": "Опубліковано"},
    "upload.phase.failed": {"en": "Nothing was published", "uk": "Нічого не опубліковано"},
    "upload.published": {"en": "Published {name} ({rows} rows added). Every viewer sees it "
                               "on their next update.",
                         "uk": "Опубліковано {name} (додано рядків: {rows}). Кожен глядач "
                               "побачить це після наступного оновлення."},
    "upload.identical": {
        "en": "These figures are already published as {name}; nothing new was written.",
        "uk": "Ці дані вже опубліковано як {name}; нічого нового не записано.",
    },
    "upload.share": {"en": "Link to the new figures", "uk": "Посилання на нові дані"},
    "upload.failed": {"en": "Nothing was published: {reason}",
                      "uk": "Нічого не опубліковано: {reason}"},
    "editor.title": {"en": "Editor sign-in", "uk": "Вхід для редакторів"},
    "editor.off": {
        "en": "Editing is off on this server: no editor password and no editor list are "
              "configured.",
        "uk": "Редагування на цьому сервері вимкнено: не налаштовано ні пароль редактора, ні "
              "список редакторів.",
    },
    "editor.password": {"en": "Editor password", "uk": "Пароль редактора"},
    "editor.name": {"en": "Your name, for the log of changes",
                    "uk": "Ваше ім'я — для журналу змін"},
    "editor.sign_in": {"en": "Sign in", "uk": "Увійти"},
    "editor.sign_out": {"en": "Sign out", "uk": "Вийти"},
    "editor.signed_in": {"en": "Signed in as editor {name}.",
                         "uk": "Ви увійшли як редактор {name}."},
    "editor.wrong": {"en": "Wrong password. Attempts left from this connection before a wait: "
                           "{left}",
                     "uk": "Неправильний пароль. Спроб з цього з'єднання до очікування: {left}"},
    "editor.wrong_wait": {"en": "Wrong password. The next attempt from this connection: in {wait}.",
                          "uk": "Неправильний пароль. Наступна спроба з цього з'єднання — через "
                                "{wait}."},
    "editor.locked": {"en": "Too many wrong passwords from this connection: try again in {wait}.",
                      "uk": "Забагато неправильних паролів з цього з'єднання: спробуйте знову "
                            "через {wait}."},
    "editor.locked_account": {
        "en": "Many wrong editor passwords were given lately, some from this connection: try "
              "again in {wait}, or sign in from a connection without failed attempts.",
        "uk": "Останнім часом введено багато неправильних паролів редактора, зокрема з цього "
              "з'єднання: спробуйте знову через {wait} або увійдіть з іншого з'єднання без "
              "невдалих спроб.",
    },
    "editor.log_in": {"en": "Log in", "uk": "Увійти"},
    "editor.not_allowed": {"en": "You are logged in as {email}, which is not on the list of "
                                 "editors.",
                           "uk": "Ви увійшли як {email}, але цієї адреси немає в списку "
                                 "редакторів."},
    "editor.no_authlib": {
        "en": "Logging in needs the Authlib package on the server (pip install Authlib).",
        "uk": "Для входу на сервері потрібен пакет Authlib (pip install Authlib).",
    },
    "manage.title": {"en": "Manage datasets", "uk": "Керування наборами даних"},
    "manage.dataset": {"en": "Dataset", "uk": "Набір даних"},
    "manage.annotate_title": {"en": "Add an annotation", "uk": "Додати примітку"},
    "manage.date": {"en": "Date", "uk": "Дата"},
    "manage.time": {"en": "Time ({zone})", "uk": "Час ({zone})"},
    "manage.text": {"en": "Text", "uk": "Текст"},
    "manage.annotate_button": {"en": "Add annotation", "uk": "Додати примітку"},
    "manage.annotated": {"en": "Annotation added to {name}.", "uk": "Примітку додано до {name}."},
    "manage.delete_title": {"en": "Delete a dataset", "uk": "Видалити набір даних"},
    "manage.delete_confirm": {"en": "Delete {name} for everyone",
                              "uk": "Видалити {name} для всіх"},
    "manage.delete_button": {"en": "Delete", "uk": "Видалити"},
    "manage.deleted": {"en": "Deleted {name}.", "uk": "Видалено {name}."},
    "manage.audit_title": {"en": "Recent changes", "uk": "Останні зміни"},
    "manage.audit_at": {"en": "When (UTC)", "uk": "Коли (UTC)"},
    "manage.audit_by": {"en": "Who", "uk": "Хто"},
    "manage.audit_action": {"en": "What", "uk": "Що"},
    "manage.audit_dataset": {"en": "Dataset", "uk": "Набір даних"},
    "manage.failed": {"en": "Not done: {reason}", "uk": "Не виконано: {reason}"},
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
    # Dashboard pages (outages/ui, pages/)
    "picker.dataset": {"en": "Dataset", "uk": "Набір даних"},
    "picker.service": {"en": "Service", "uk": "Послуга"},
    "picker.window": {"en": "Time window ({zone})", "uk": "Проміжок часу ({zone})"},
    "picker.window_help": {
        "en": "Figures, charts and downloads cover this time window",
        "uk": "Показники, графіки та завантаження охоплюють цей проміжок часу",
    },
    "picker.superseded": {"en": "{name} (older version)", "uk": "{name} (старіша версія)"},
    "picker.window_reset": {"en": "Whole time range", "uk": "Увесь час"},
    "empty.no_dataset_help": {
        "en": "Load a file on the Upload page, or from the command line: "
              "python -m outages ingest FILE",
        "uk": "Завантажте файл на сторінці «Завантаження» або з командного рядка: "
              "python -m outages ingest FILE",
    },
    "empty.no_data_in_window_help": {
        "en": "Nothing was observed for this selection in this time window. Widen the time "
              "window, pick other regions or another service.",
        "uk": "Для цього вибору в цьому проміжку часу немає спостережень. Розширте проміжок "
              "часу, виберіть інші регіони або іншу послугу.",
    },
    "notice.unknown_dataset": {
        "en": "There is no dataset {dataset}; showing the default view instead",
        "uk": "Набору даних {dataset} немає; показано типовий вигляд",
    },
    "notice.newer_version": {
        "en": "This link shows an older version of the dataset; a newer version exists.",
        "uk": "Це посилання показує старішу версію набору даних; є новіша версія.",
    },
    "notice.open_newer": {"en": "Open the newest version", "uk": "Відкрити найновішу версію"},
    "notice.service_missing": {
        "en": "Ignored service={service}: this dataset has no figures for it",
        "uk": "Пропущено service={service}: у цьому наборі даних немає показників для неї",
    },
    "notice.regions_missing": {
        "en": "Ignored regions that are not in this dataset ({count}): {examples}",
        "uk": "Пропущено регіони, яких немає в цьому наборі даних ({count}): {examples}",
    },
    "notice.at_outside": {
        "en": "Ignored at={value}: outside the dataset's time range; the map shows the latest "
              "moment",
        "uk": "Пропущено at={value}: поза часовим діапазоном набору даних; мапа показує "
              "останній момент",
    },
    "notice.page_missing": {"en": "Ignored page={page}: this page is not available",
                            "uk": "Пропущено page={page}: ця сторінка недоступна"},
    "kpi.at": {"en": "at {time}", "uk": "о {time}"},
    "kpi.restored_reported_short": {"en": "as reported", "uk": "за даними джерела"},
    "kpi.restored_derived_short": {"en": "derived, not reported", "uk": "обчислено, не з джерела"},
    "kpi.of_cut_off": {"en": "of {count} cut off", "uk": "з {count} відключених"},
    "kpi.of_served": {"en": "{pct} of customers served", "uk": "{pct} від усіх споживачів"},
    "kpi.not_reached": {"en": "not reached yet", "uk": "ще не досягнуто"},
    "kpi.since_first": {"en": "since the first figure", "uk": "від першого показника"},
    "kpi.after_peak": {"en": "after the peak", "uk": "після піку"},
    "kpi.latest_figure": {"en": "time of the latest figure", "uk": "час останнього показника"},
    "overview.chart_title": {"en": "Customers out over time", "uk": "Споживачі без послуги в часі"},
    "overview.map_title": {"en": "Where it is worst now", "uk": "Де найгірше зараз"},
    "overview.regions_selected": {"en": "Regions selected: {names}",
                                  "uk": "Вибрані регіони: {names}"},
    "dataset.about": {"en": "About this dataset", "uk": "Про цей набір даних"},
    "dataset.zone": {"en": "Times are shown in {zone}", "uk": "Час показано в поясі {zone}"},
    "dataset.source_times": {"en": "Times in the source", "uk": "Час у джерелі"},
    "caveats.title": {"en": "Caveats", "uk": "Застереження"},
    "caveats.none": {"en": "The source gives no caveats for this dataset.",
                     "uk": "Джерело не наводить застережень до цього набору даних."},
    "map.service_note": {"en": "The map shows one service at a time: {service}",
                         "uk": "Мапа показує одну послугу: {service}"},
    "map.area": {"en": "Area", "uk": "Територія"},
    "map.area.ua_oblast": {"en": "Ukraine: oblasts", "uk": "Україна: області"},
    "map.area.kyiv_district": {"en": "Kyiv: districts", "uk": "Київ: райони"},
    "map.area.us_state": {"en": "United States: states", "uk": "США: штати"},
    "map.area.us_county": {"en": "United States: counties", "uk": "США: округи"},
    "map.area.state_counties": {"en": "{state}: counties", "uk": "{state}: округи"},
    "map.draw_as": {"en": "Draw regions as", "uk": "Показати регіони як"},
    "map.draw.areas": {"en": "Areas", "uk": "Області"},
    "map.draw.circles": {"en": "Circles", "uk": "Кола"},
    "map.draw.columns": {"en": "Columns", "uk": "Стовпці"},
    "map.basemap": {"en": "Base map (online)", "uk": "Базова мапа (онлайн)"},
    "map.basemap_help": {
        "en": "Draws a CARTO street map under the regions; needs internet access",
        "uk": "Показує мапу вулиць CARTO під регіонами; потрібен доступ до інтернету",
    },
    "map.moment": {"en": "Moment shown ({zone})", "uk": "Показаний момент ({zone})"},
    "map.play": {"en": "Play", "uk": "Відтворити"},
    "map.pause": {"en": "Pause", "uk": "Пауза"},
    "map.moments_thinned": {
        "en": "The slider offers {shown} of {total} observation times",
        "uk": "Повзунок пропонує {shown} з {total} моментів спостереження",
    },
    "map.legend.customers_out": {"en": "Customers out at {time}",
                                 "uk": "Споживачів без послуги о {time}"},
    "map.legend.pct_out": {"en": "Share of customers served who are out at {time}",
                           "uk": "Частка споживачів без послуги о {time}"},
    "map.legend.no_data": {"en": "No data", "uk": "Немає даних"},
    "map.no_level": {
        "en": "These regions match no bundled boundaries or coordinates, so the map cannot "
              "place them: {examples}",
        "uk": "Ці регіони не відповідають жодним вбудованим межам чи координатам, тому мапа "
              "не може їх показати: {examples}",
    },
    "map.unmapped": {"en": "Not on this map ({count}): {examples}",
                     "uk": "Не показано на цій мапі ({count}): {examples}"},
    "map.table_title": {"en": "Regions at this moment", "uk": "Регіони в цей момент"},
    "regions.table_title": {"en": "Regions", "uk": "Регіони"},
    "regions.pick": {"en": "Regions to compare", "uk": "Регіони для порівняння"},
    "regions.pick_help": {
        "en": "The selection also applies to the Overview, Map and Data pages",
        "uk": "Вибір діє також на сторінках «Огляд», «Мапа» і «Дані»",
    },
    "regions.not_linkable": {
        "en": "Regions whose ids cannot be written in a link cannot be picked ({count}): "
              "{examples}",
        "uk": "Регіони, ідентифікатори яких не можна записати в посилання, не можна вибрати "
              "({count}): {examples}",
    },
    "regions.pick_placeholder": {"en": "Choose regions", "uk": "Виберіть регіони"},
    "regions.curves_title": {"en": "Restoration curves", "uk": "Криві відновлення"},
    "regions.top_note": {
        "en": "No regions picked: showing the {count} with the highest peak",
        "uk": "Регіони не вибрано: показано {count} з найвищим піком",
    },
    "regions.compare_title": {"en": "Side by side", "uk": "Поруч"},
    "regions.compare_hint": {"en": "Pick two or more regions to compare them side by side.",
                             "uk": "Виберіть два чи більше регіонів, щоб порівняти їх."},
    "regions.one_service": {"en": "Regions of one service at a time: {service}",
                            "uk": "Регіони однієї послуги: {service}"},
    "col.region": {"en": "Region", "uk": "Регіон"},
    "col.region_id": {"en": "Region id", "uk": "Ідентифікатор регіону"},
    "col.service": {"en": "Service", "uk": "Послуга"},
    "col.figure": {"en": "Figure", "uk": "Показник"},
    "col.peak_time": {"en": "Peak time", "uk": "Час піку"},
    "col.latest": {"en": "Out at the end", "uk": "Без послуги наприкінці"},
    "col.customers_out": {"en": "Customers out", "uk": "Без послуги"},
    "col.pct_out": {"en": "Share of customers served", "uk": "Частка від усіх споживачів"},
    "col.observed_at": {"en": "Figure from", "uk": "Показник від"},
    "col.name": {"en": "Name", "uk": "Назва"},
    "col.time_range": {"en": "Time range", "uk": "Часовий діапазон"},
    "col.rows": {"en": "Rows", "uk": "Рядків"},
    "col.regions": {"en": "Regions", "uk": "Регіонів"},
    "col.services": {"en": "Services", "uk": "Послуги"},
    "col.loaded": {"en": "Loaded", "uk": "Завантажено"},
    "col.version": {"en": "Version", "uk": "Версія"},
    "data.catalog_title": {"en": "Datasets in the store", "uk": "Набори даних у сховищі"},
    "data.version.current": {"en": "current", "uk": "поточна"},
    "data.version.older": {"en": "older (replaced)", "uk": "старіша (замінена)"},
    "data.downloads_title": {"en": "Download the current selection",
                             "uk": "Завантажити поточний вибір"},
    "data.selection": {"en": "Rows in the selection: {rows}", "uk": "Рядків у виборі: {rows}"},
    "data.download": {"en": "Download {format}", "uk": "Завантажити {format}"},
    "data.description": {"en": "Description", "uk": "Опис"},
    "data.id": {"en": "Dataset id (version)", "uk": "Ідентифікатор (версія) набору даних"},
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
