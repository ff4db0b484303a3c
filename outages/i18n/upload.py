"""The Upload page, signing in and managing datasets."""

MESSAGES: dict[str, dict[str, str]] = {
    # Upload page and editing (outages/ui/upload.py, outages/ui/auth.py, pages/upload.py)
    "upload.intro": {
        "en": "Check how a file of outage figures reads before it goes public. Anyone can "
              "preview a file here; nothing is stored until an editor publishes it.",
        "uk": "Перевірте, як читається файл із даними про відключення, перш ніж його "
              "оприлюднити. Переглянути файл може будь-хто; нічого не зберігається, доки "
              "редактор не опублікує його.",
    },
    "upload.file_label": {
        "en": "File of outage figures (CSV, TSV, TXT, JSON, XLS, XLSX or ODS)",
        "uk": "Файл із даними про відключення (CSV, TSV, TXT, JSON, XLS, XLSX або ODS)"},
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
    "manage.audit_at": {"en": "When ({zone})", "uk": "Коли ({zone})"},
    "manage.audit_by": {"en": "Who", "uk": "Хто"},
    "manage.audit_action": {"en": "What", "uk": "Що"},
    "manage.audit_dataset": {"en": "Dataset", "uk": "Набір даних"},
    "manage.failed": {"en": "Not done: {reason}", "uk": "Не виконано: {reason}"},
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
    # rows a reader skipped (outages.skips), and the preview's headline
    "skip.unknown_count": {"en": "unknown customers affected",
                           "uk": "кількість споживачів невідома"},
    "skip.zero_count": {"en": "no customers affected (0)", "uk": "жодного споживача (0)"},
    "skip.no_start": {"en": "start time unknown", "uk": "час початку невідомий"},
    "skip.no_end": {"en": "restoration time unknown", "uk": "час відновлення невідомий"},
    "skip.not_after": {"en": "restoration not after start",
                       "uk": "відновлення не пізніше за початок"},
    "skip.no_region": {"en": "region missing", "uk": "регіон не вказано"},
    "skip.bad_count": {"en": "customers affected unreadable",
                       "uk": "кількість споживачів не читається"},
    "skip.bad_start": {"en": "start time unreadable", "uk": "час початку не читається"},
    "skip.bad_end": {"en": "restoration time unreadable", "uk": "час відновлення не читається"},
    "skip.oe417_duplicate": {
        "en": "duplicate report (same customers, state and restoration as an earlier row)",
        "uk": "повторний звіт (ті самі споживачі, штат і відновлення, що й у попередньому "
              "рядку)"},
    "skip.oe417_excluded": {
        "en": "event type not an outage (see the caveats; include with event types: all)",
        "uk": "тип події — не відключення (див. застереження; увімкнути можна через "
              "типи подій: усі)"},
    "skip.no_place": {"en": "area affected not placed", "uk": "уражену територію не визначено"},
    "skip.no_state": {"en": "state not recognised", "uk": "штат не розпізнано"},
    "skip.no_fips": {"en": "blank fips_code", "uk": "порожній fips_code"},
    "skip.no_time": {"en": "blank run_start_time", "uk": "порожній run_start_time"},
    "skip.blank_count": {"en": "blank customers_out", "uk": "порожній customers_out"},
    "skip.eaglei_duplicate": {"en": "duplicate county and run (kept the largest count)",
                              "uk": "повтор округу й запуску (залишено найбільше значення)"},
    "skip.blank_cells": {"en": "blank cells", "uk": "порожні клітинки"},
    "skip.caveat": {"en": "Rows skipped while reading the file: {count} ({reasons}).",
                    "uk": "Рядків пропущено під час читання файлу: {count} ({reasons})."},
    "upload.kept_skipped": {
        "en": "The file reads, but not every row: {kept} rows kept, {skipped} skipped "
              "(reasons below). Skipped rows are not published; the caveats will say so.",
        "uk": "Файл читається, але не весь: {kept} рядків залишено, {skipped} пропущено "
              "(причини нижче). Пропущені рядки не публікуються; про це скажуть "
              "застереження."},
    "upload.kept_all": {"en": "The file reads cleanly: all {kept} rows kept.",
                        "uk": "Файл читається без помилок: залишено всі {kept} рядків."},
    "upload.kept_all_warnings": {
        "en": "The file reads: all {kept} rows kept, with warnings (below).",
        "uk": "Файл читається: залишено всі {kept} рядків, є попередження (нижче)."},
    "upload.kpi_title": {"en": "Key figures", "uk": "Основні показники"},
    "upload.map_title": {"en": "Regions found", "uk": "Знайдені регіони"},
    "upload.map_at_peak": {"en": "Customers out at the peak, {time}",
                           "uk": "Без послуги в пік, {time}"},
    "upload.unmatched": {
        "en": "{count} regions match no bundled boundary and will not be drawn on the map: "
              "{regions}",
        "uk": "{count} регіонів не збігаються з жодною межею і не будуть показані на мапі: "
              "{regions}"},
    "upload.no_map": {
        "en": "The regions match no bundled boundaries (Ukrainian oblasts, Kyiv districts, US "
              "states or counties): the dataset would have no map. Regions: {regions}",
        "uk": "Регіони не збігаються з жодними межами (області України, райони Києва, штати "
              "чи округи США): у набору не буде мапи. Регіони: {regions}"},
    "upload.all_matched": {"en": "Every region matches a boundary.",
                           "uk": "Усі регіони збігаються з межами."},
    "upload.col_time_in": {"en": "timestamp ({zone})", "uk": "timestamp ({zone})"},
    "upload.retry": {"en": "Read again", "uk": "Прочитати знову"},
}
