"""Problems found while reading a file (outages/readers): the templates ``problem.<code>``.

Part of the catalog of ``outages.i18n.problems``, which holds the rules they follow.
"""

MESSAGES: dict[str, dict[str, str]] = {
    # Any file (outages/readers)
    "problem.file.empty": {"en": "file is empty", "uk": "файл порожній"},
    "problem.file.too_many_rows": {
        "en": "the file has {rows} rows; the limit is {limit}: split it into smaller files",
        "uk": "у файлі {rows} рядків, а можна щонайбільше {limit}: розділіть його на менші "
              "файли"},
    # Text files (outages/readers/text.py)
    "problem.text.not_text": {"en": "this is {what}, not {expected}; {fix}",
                              "uk": "це {what}, а не {expected}; {fix}"},
    "problem.text.expected": {"en": "text", "uk": "текст"},
    "problem.text.expected_kind": {"en": "{kind} text", "uk": "текст {kind}"},
    "problem.text.kind.gzip": {"en": "a gzip archive", "uk": "архів gzip"},
    "problem.text.kind.zip": {"en": "a zip archive", "uk": "архів zip"},
    "problem.text.kind.zip_empty": {"en": "an empty zip archive", "uk": "порожній архів zip"},
    "problem.text.kind.xls": {"en": "an old-style Excel workbook (.xls) or other Office file",
                              "uk": "книга Excel старого формату (.xls) чи інший файл Office"},
    "problem.text.kind.xlsx": {"en": "an Excel workbook (.xlsx)", "uk": "книга Excel (.xlsx)"},
    "problem.text.kind.pdf": {"en": "a PDF document", "uk": "документ PDF"},
    "problem.text.kind.parquet": {"en": "a Parquet file", "uk": "файл Parquet"},
    "problem.text.kind.sqlite": {"en": "an SQLite database", "uk": "база даних SQLite"},
    "problem.text.kind.bzip2": {"en": "a bzip2 archive", "uk": "архів bzip2"},
    "problem.text.kind.xz": {"en": "an xz archive", "uk": "архів xz"},
    "problem.text.kind.7z": {"en": "a 7-Zip archive", "uk": "архів 7-Zip"},
    "problem.text.kind.png": {"en": "a PNG image", "uk": "зображення PNG"},
    "problem.text.kind.jpeg": {"en": "a JPEG image", "uk": "зображення JPEG"},
    "problem.text.kind.utf32": {"en": "UTF-32 text", "uk": "текст UTF-32"},
    "problem.text.kind.no_bom": {"en": "{encoding} text without a byte-order mark",
                                 "uk": "текст {encoding} без позначки порядку байтів (BOM)"},
    "problem.text.kind.binary": {"en": "a binary file", "uk": "двійковий файл"},
    "problem.text.fix.gunzip": {"en": "decompress it first (gunzip)",
                                "uk": "спершу розпакуйте його (gunzip)"},
    "problem.text.fix.bunzip2": {"en": "decompress it first (bunzip2)",
                                 "uk": "спершу розпакуйте його (bunzip2)"},
    "problem.text.fix.unxz": {"en": "decompress it first (unxz)",
                              "uk": "спершу розпакуйте його (unxz)"},
    "problem.text.fix.unzip": {"en": "unzip it first", "uk": "спершу розпакуйте його"},
    "problem.text.fix.extract": {"en": "extract it first", "uk": "спершу видобудьте з нього файл"},
    "problem.text.fix.sheet_as_csv": {"en": "save the sheet as CSV UTF-8",
                                      "uk": "збережіть аркуш як CSV UTF-8"},
    "problem.text.fix.table_as_csv": {"en": "export the table as CSV",
                                      "uk": "експортуйте таблицю як CSV"},
    "problem.text.fix.table_as_csv_utf8": {"en": "export the table as CSV UTF-8",
                                           "uk": "експортуйте таблицю як CSV UTF-8"},
    "problem.text.fix.as_csv": {"en": "export it as CSV", "uk": "експортуйте його як CSV"},
    "problem.text.fix.save_utf8": {"en": "save it as UTF-8 (in Excel: Save As, CSV UTF-8)",
                                   "uk": "збережіть його як UTF-8 (в Excel: «Зберегти як», "
                                         "CSV UTF-8)"},
    "problem.text.nul_byte": {
        "en": "this line holds a NUL byte (0x00), which text never contains: the file is damaged "
              "or was joined with binary data; remove it or export the table again",
        "uk": "у цьому рядку є байт NUL (0x00), якого в тексті не буває: файл пошкоджений або "
              "злитий із двійковими даними; вилучіть цей байт або експортуйте таблицю знову"},
    "problem.text.bad_utf16": {
        "en": "the file starts like UTF-16 text but is not valid UTF-16; save it as UTF-8",
        "uk": "файл починається як текст UTF-16, але не є правильним UTF-16; збережіть його як "
              "UTF-8"},
    "problem.text.mixed_encodings": {
        "en": "the file mixes text encodings: line {utf8_line} is UTF-8 but line {bad_line} is "
              "not (byte {byte}); save the whole file as UTF-8",
        "uk": "у файлі змішано кодування: рядок {utf8_line} в UTF-8, а рядок {bad_line} — ні "
              "(байт {byte}); збережіть увесь файл як UTF-8"},
    "problem.text.not_utf8": {
        "en": "byte {byte} is not valid UTF-8, and the file does not read as Windows-1251 "
              "Cyrillic either; save it as UTF-8 (in Excel: Save As, CSV UTF-8)",
        "uk": "байт {byte} не є правильним UTF-8, і файл не читається також як кирилиця "
              "Windows-1251; збережіть його як UTF-8 (в Excel: «Зберегти як», CSV UTF-8)"},
    "problem.text.header_only": {
        "en": "no data rows: the file has a header line and nothing else",
        "uk": "немає рядків з даними: у файлі є лише рядок заголовка"},
    "problem.text.too_many_columns": {
        "en": "the header has {width} columns; the limit is {limit}",
        "uk": "у заголовку {width} стовпців, а можна щонайбільше {limit}"},
    "problem.text.long_header": {
        "en": "the header line holds a name of {size} characters; the limit is {limit} (is this "
              "a table with a header line? is a quote \" left open?)",
        "uk": "у рядку заголовка є назва довжиною {size} символів, а можна щонайбільше {limit} "
              "(чи це таблиця з рядком заголовка? чи не лишилася незакритою лапка \"?)"},
    "problem.text.long_value": {
        "en": "a value of {size} characters; the limit is {limit} (is a quote \" left open?)",
        "uk": "значення довжиною {size} символів, а можна щонайбільше {limit} (чи не лишилася "
              "незакритою лапка \"?)"},
    "problem.text.bad_csv_line": {"en": "cannot read this line as CSV: {detail}",
                                  "uk": "не вдається прочитати цей рядок як CSV: {detail}"},
    "problem.text.ragged": {
        "en": "this row has {got} fields but the header has {want}",
        "uk": "у цьому рядку полів: {got}, а в заголовку: {want}"},
    "problem.text.ragged_open_quote": {
        "en": "this row has {got} fields but the header has {want} (a quote \" opened on this "
              "line seems never to be closed)",
        "uk": "у цьому рядку полів: {got}, а в заголовку: {want} (лапку \", відкриту в цьому "
              "рядку, схоже, так і не закрито)"},
    "problem.text.ragged_delimiter": {
        "en": "this row has {got} fields but the header has {want} (an unquoted value containing "
              "the delimiter? put such values in double quotes)",
        "uk": "у цьому рядку полів: {got}, а в заголовку: {want} (значення з роздільником без "
              "лапок? візьміть такі значення в подвійні лапки)"},
    "problem.text.header_line": {"en": "the header line", "uk": "рядку заголовка"},
    "problem.text.unnamed_column": {
        "en": "column {label} has values but no name in {where}; give it a name",
        "uk": "стовпець {label} має значення, але не має назви в {where}; дайте йому назву"},
    "problem.text.repeated_name": {
        "en": "the header names column {name!r} twice (column {first} and column {second}); "
              "rename one",
        "uk": "у заголовку двічі є стовпець {name!r} (стовпці {first} і {second}); "
              "перейменуйте один"},
    # Workbooks (outages/readers/bounds.py, outages/readers/sheet.py)
    "problem.size.kb": {"en": "{size} KB", "uk": "{size} КБ"},
    "problem.size.mb": {"en": "{size} MB", "uk": "{size} МБ"},
    "problem.sheet.xls_too_big": {
        "en": "the .xls workbook is {size}; the limit is {limit}: save it as .xlsx or CSV",
        "uk": "книга .xls має розмір {size}, а можна щонайбільше {limit}: збережіть її як .xlsx "
              "або CSV"},
    "problem.sheet.damaged_zip": {
        "en": "cannot open the spreadsheet ({why}); the file may be damaged: save it again from "
              "your spreadsheet program, or as CSV UTF-8",
        "uk": "не вдається відкрити електронну таблицю ({why}); можливо, файл пошкоджений: "
              "збережіть його знову у своїй програмі для таблиць або як CSV UTF-8"},
    "problem.sheet.too_many_parts": {
        "en": "the workbook holds {count} parts; the limit is {limit}",
        "uk": "книга містить частин: {count}, а можна щонайбільше {limit}"},
    "problem.sheet.part.workbook": {"en": "the workbook", "uk": "книга"},
    "problem.sheet.part.content": {"en": "the sheets' part 'content.xml'",
                                   "uk": "частина аркушів 'content.xml'"},
    "problem.sheet.part.sheet": {"en": "the sheet {sheet!r}", "uk": "аркуш {sheet!r}"},
    "problem.sheet.part.other": {"en": "the part {part!r}", "uk": "частина {part!r}"},
    "problem.sheet.unpacks": {"en": "{what} unpacks to {size}; the limit is {limit}",
                              "uk": "{what}: після розпакування {size}, а можна щонайбільше "
                                    "{limit}"},
    "problem.sheet.unpacks_more": {
        "en": "{what} unpacks to more than {size}; the limit is {limit}",
        "uk": "{what}: після розпакування понад {size}, а можна щонайбільше {limit}"},
    "problem.sheet.unpacks_in_all": {
        "en": "{what} unpacks to {size} in all; the limit is {limit}",
        "uk": "{what}: після розпакування загалом {size}, а можна щонайбільше {limit}"},
    "problem.sheet.unpacks_more_in_all": {
        "en": "{what} unpacks to more than {size} in all; the limit is {limit}",
        "uk": "{what}: після розпакування загалом понад {size}, а можна щонайбільше {limit}"},
    "problem.sheet.packed": {
        "en": "{what} is packed {ratio} times ({size} in {packed}); the limit is {limit} times",
        "uk": "{what} стиснуто в {ratio} разів ({size} у {packed}), а можна щонайбільше в "
              "{limit} разів"},
    "problem.sheet.part_missing": {"en": "the part {part!r} is missing",
                                   "uk": "бракує частини {part!r}"},
    "problem.sheet.encrypted": {
        "en": "the workbook is encrypted: save it again without a password",
        "uk": "книгу зашифровано: збережіть її знову без пароля"},
    "problem.sheet.part_method": {
        "en": "the part {part!r} uses compression method {method}, which spreadsheets do not",
        "uk": "частина {part!r} стиснута методом {method}, якого електронні таблиці не "
              "використовують"},
    "problem.sheet.part_longer": {
        "en": "the part {part!r} unpacks to more than the {size} bytes it declares",
        "uk": "частина {part!r} після розпакування більша за заявлені {size} байтів"},
    "problem.sheet.part_shorter": {
        "en": "the part {part!r} unpacks to {size} bytes, not the {declared} it declares",
        "uk": "частина {part!r} після розпакування має {size} байтів, а не заявлені {declared}"},
    "problem.sheet.part_unpack": {"en": "the part {part!r} cannot be unpacked: {detail}",
                                  "uk": "частину {part!r} не вдається розпакувати: {detail}"},
    "problem.sheet.dimension": {"en": " (dimension {ref})", "uk": " (розмір {ref})"},
    "problem.sheet.has_rows": {"en": "{what} has {rows} rows{where}; the limit is {limit}",
                               "uk": "{what}: рядків {rows}{where}, а можна щонайбільше "
                                     "{limit}"},
    "problem.sheet.declares_rows": {
        "en": "{what} declares {rows} rows{where}; the limit is {limit}",
        "uk": "{what}: заявлено рядків {rows}{where}, а можна щонайбільше {limit}"},
    "problem.sheet.has_columns": {
        "en": "{what} has {columns} columns{where}; the limit is {limit}",
        "uk": "{what}: стовпців {columns}{where}, а можна щонайбільше {limit}"},
    "problem.sheet.declares_columns": {
        "en": "{what} declares {columns} columns{where}; the limit is {limit}",
        "uk": "{what}: заявлено стовпців {columns}{where}, а можна щонайбільше {limit}"},
    "problem.sheet.has_cells": {
        "en": "{what} has {cells} cells ({rows} rows by {columns} columns{where}); the limit is "
              "{limit}",
        "uk": "{what}: клітинок {cells} ({rows} рядків на {columns} стовпців{where}), а можна "
              "щонайбільше {limit}"},
    "problem.sheet.declares_cells": {
        "en": "{what} declares {cells} cells ({rows} rows by {columns} columns{where}); the "
              "limit is {limit}",
        "uk": "{what}: заявлено клітинок {cells} ({rows} рядків на {columns} стовпців{where}), "
              "а можна щонайбільше {limit}"},
    "problem.sheet.damaged": {
        "en": "cannot open the spreadsheet ({detail}); the file may be damaged or protected by a "
              "password: save it again from your spreadsheet program, or as CSV UTF-8",
        "uk": "не вдається відкрити електронну таблицю ({detail}); можливо, файл пошкоджений або "
              "захищений паролем: збережіть його знову у своїй програмі для таблиць або як CSV "
              "UTF-8"},
    "problem.sheet.empty": {"en": "the workbook is empty: no sheet holds a value",
                            "uk": "книга порожня: жоден аркуш не містить значень"},
    "problem.sheet.other_sheets": {
        "en": "the table was read from sheet {sheet!r}, the first with data; other sheets were "
              "not read ({others})",
        "uk": "таблицю прочитано з аркуша {sheet!r}, першого з даними; інші аркуші не "
              "прочитано ({others})"},
    "problem.sheet.too_many_columns": {
        "en": "the header has more than {limit} columns",
        "uk": "у заголовку понад {limit} стовпців"},
    "problem.sheet.header_row": {
        "en": "its header row (row {at} of sheet {sheet!r}, the first row with anything in it: "
              "remove any title rows above the header)",
        "uk": "його рядку заголовка (рядок {at} аркуша {sheet!r}, перший непорожній рядок: "
              "вилучіть рядки з назвою над заголовком)"},
    "problem.sheet.header_only": {
        "en": "no data rows: sheet {sheet!r} has a header row and nothing below it",
        "uk": "немає рядків з даними: на аркуші {sheet!r} є рядок заголовка і нічого під ним"},
    "problem.sheet.long_header": {
        "en": "the header cell holds {size} characters; the limit is {limit}",
        "uk": "клітинка заголовка містить {size} символів, а можна щонайбільше {limit}"},
    "problem.sheet.long_value": {
        "en": "a value of {size} characters; the limit is {limit}",
        "uk": "значення довжиною {size} символів, а можна щонайбільше {limit}"},
    "problem.sheet.too_many_rows": {
        "en": "the sheet has {rows} rows; the limit is {limit}: split it into smaller files",
        "uk": "на аркуші {rows} рядків, а можна щонайбільше {limit}: розділіть його на менші "
              "файли"},
    "problem.file.unknown_kind": {
        "en": "cannot tell what kind of file this is; expected CSV or JSON text (formats: "
              "{formats})",
        "uk": "не вдається визначити, що це за файл; очікується текст CSV або JSON (формати: "
              "{formats})"},
    "problem.file.too_big": {
        "en": "the file is {size} MB; the limit is {limit} MB: split it into smaller files",
        "uk": "файл має {size} МБ, а можна щонайбільше {limit} МБ: розділіть його на менші "
              "файли"},
    "problem.file.unknown_format": {"en": "unknown format {format!r}; known formats: {formats}",
                                    "uk": "невідомий формат {format!r}; відомі формати: "
                                          "{formats}"},
    "problem.file.too_deep": {
        "en": "the file is too large or too deeply nested to read here; split it into smaller "
              "files",
        "uk": "файл завеликий або має надто глибоку вкладеність, щоб прочитати його тут; "
              "розділіть його на менші файли"},
    "problem.file.unexpected": {
        "en": "cannot read this file: unexpected {error} ({detail}); please report it with the "
              "file, so the message can say what is wrong",
        "uk": "не вдається прочитати цей файл: неочікувана помилка {error} ({detail}); "
              "повідомте про неї, додавши файл, щоб повідомлення могло пояснити, що не так"},
    "problem.file.missing": {"en": "no such file", "uk": "такого файлу немає"},
    "problem.file.folder": {"en": "this is a folder, not a file", "uk": "це тека, а не файл"},
    # Tidy CSV and JSON files (outages/readers/tidy.py and tidy_json.py)
    "problem.tidy.role.timestamp": {"en": "the time of each figure", "uk": "час кожного значення"},
    "problem.tidy.role.region_id": {"en": "the region code", "uk": "код регіону"},
    "problem.tidy.role.region_name": {"en": "the region name", "uk": "назва регіону"},
    "problem.tidy.role.region": {"en": "the region", "uk": "регіон"},
    "problem.tidy.role.service": {"en": "the service", "uk": "послуга"},
    "problem.tidy.role.customers_out": {"en": "the number of customers cut off",
                                        "uk": "кількість відключених споживачів"},
    "problem.tidy.role.customers_restored": {"en": "the number of customers restored",
                                             "uk": "кількість споживачів, яким відновили "
                                                   "постачання"},
    "problem.tidy.role.customers_total": {"en": "the number of customers served",
                                          "uk": "кількість обслуговуваних споживачів"},
    "problem.tidy.mapping_unknown": {
        "en": "the column mapping uses {canonical!r}, which is not a column we know; use one of "
              "{known}",
        "uk": "відповідність стовпців використовує {canonical!r}, такого стовпця ми не знаємо; "
              "вкажіть один з: {known}"},
    "problem.tidy.mapping_absent": {
        "en": "the column mapping names {name!r}, which is not in the file; its columns are "
              "{columns}",
        "uk": "відповідність стовпців називає {name!r}, а у файлі такого немає; його стовпці: "
              "{columns}"},
    "problem.tidy.ambiguous": {
        "en": "columns {first!r} and {second!r} could both be {role}; rename one, or choose in "
              "the column mapping",
        "uk": "і стовпець {first!r}, і стовпець {second!r} можуть означати {role}; "
              "перейменуйте один або виберіть у відповідності стовпців"},
    "problem.tidy.missing_column": {
        "en": "no column for {role}: name a column {name!r} (also accepted: {also}, ...), or "
              "choose it in the column mapping; the file's columns are {columns}",
        "uk": "немає стовпця, що означає {role}: назвіть стовпець {name!r} (приймаються також: "
              "{also}, ...) або виберіть його у відповідності стовпців; стовпці файлу: "
              "{columns}"},
    "problem.tidy.unknown_service": {
        "en": "unknown service {service!r} given for the file; use one of {services}",
        "uk": "для файлу вказано невідому послугу {service!r}; вкажіть одну з: {services}"},
    "problem.tidy.no_service": {
        "en": "the file has no service column: say which service the figures are for, for "
              "example --service power (one of {services}), or add a 'service' column",
        "uk": "у файлі немає стовпця послуги: вкажіть, до якої послуги належать дані, "
              "наприклад --service power (одна з: {services}), або додайте стовпець 'service'"},
    "problem.tidy.unused_columns": {"en": "columns not used: {columns}{more}",
                                    "uk": "невикористані стовпці: {columns}{more}"},
    "problem.tidy.bad_json": {
        "en": "not valid JSON: {detail} (line {line}, character {char})",
        "uk": "неправильний JSON: {detail} (рядок {line}, символ {char})"},
    "problem.tidy.too_deep": {"en": "the JSON is nested too deeply to read",
                              "uk": "JSON має надто глибоку вкладеність, щоб його прочитати"},
    "problem.tidy.repeated_top": {
        "en": "the key {key!r} is given twice in the top-level object; keep one",
        "uk": "ключ {key!r} двічі вказано в об'єкті верхнього рівня; залиште один"},
    "problem.tidy.not_records": {
        "en": "expected a list of records, or an object with a \"data\" list of records",
        "uk": "очікується список записів або об'єкт зі списком записів \"data\""},
    "problem.tidy.nested": {
        "en": "the JSON is nested more than {depth} levels deep (line {line}); records should "
              "be flat objects of names and values",
        "uk": "JSON має вкладеність понад {depth} рівнів (рядок {line}); записи мають бути "
              "пласкими об'єктами з назв і значень"},
    "problem.tidy.too_many_records": {
        "en": "the file has {records} records; the limit is {limit}: split it into smaller files",
        "uk": "у файлі {records} записів, а можна щонайбільше {limit}: розділіть його на менші "
              "файли"},
    "problem.tidy.no_records": {"en": "no data rows: the list of records is empty",
                                "uk": "немає рядків з даними: список записів порожній"},
    "problem.tidy.not_object": {
        "en": "this record is not an object of names and values (it is {kind})",
        "uk": "цей запис не є об'єктом з назв і значень (це {kind})"},
    "problem.tidy.repeated_record": {
        "en": "the key {key!r} is given twice in this record; keep one",
        "uk": "ключ {key!r} двічі вказано в цьому записі; залиште один"},
    "problem.tidy.nested_value": {"en": "expected a single value, found {kind}",
                                  "uk": "очікується одне значення, а знайдено {kind}"},
    "problem.tidy.kind.list": {"en": "a list", "uk": "список"},
    "problem.tidy.kind.string": {"en": "a string", "uk": "рядок тексту"},
    "problem.tidy.kind.bool": {"en": "true or false", "uk": "true чи false"},
    "problem.tidy.kind.null": {"en": "null", "uk": "null"},
    "problem.tidy.kind.number": {"en": "a number", "uk": "число"},
    "problem.tidy.kind.other": {"en": "{name}", "uk": "{name}"},
    "problem.tidy.not_text": {"en": "\"{key}\" should be text, found {kind}",
                              "uk": "\"{key}\" має бути текстом, а знайдено {kind}"},
    "problem.tidy.unused_keys": {"en": "keys not used: {keys}",
                                 "uk": "невикористані ключі: {keys}"},
    "problem.tidy.key": {"en": "\"{key}\"", "uk": "\"{key}\""},
    "problem.tidy.this_caveat": {"en": "this caveat", "uk": "це застереження"},
    "problem.tidy.this_annotation": {"en": "this annotation's text", "uk": "текст цієї примітки"},
    "problem.tidy.too_long": {
        "en": "{what} is {size} characters long; the limit is {limit}: shorten it",
        "uk": "{what}: довжина {size} символів, а можна щонайбільше {limit}: скоротіть"},
    "problem.tidy.caveats_shape": {"en": "\"caveats\" should be a list of texts",
                                   "uk": "\"caveats\" має бути списком текстів"},
    "problem.tidy.annotations_shape": {
        "en": "\"annotations\" should be a list of {shape}",
        "uk": "\"annotations\" має бути списком {shape}"},
    "problem.tidy.repeated_annotation": {
        "en": "the key {key!r} is given twice in this annotation; keep one",
        "uk": "ключ {key!r} двічі вказано в цій примітці; залиште один"},
    "problem.tidy.annotation_blank": {"en": "this annotation's text is blank",
                                      "uk": "текст цієї примітки порожній"},
    "problem.tidy.count_constant": {
        "en": "{key} must be a JSON number, not {value} (JSON has no such value)",
        "uk": "{key} має бути числом JSON, а не {value} (у JSON такого значення немає)"},
    "problem.tidy.count_text": {"en": "{key} must be a JSON number, not the text {value}",
                                "uk": "{key} має бути числом JSON, а не текстом {value}"},
    "problem.tidy.count_constant_bool": {"en": "{key} must be a JSON number, not {value}",
                                         "uk": "{key} має бути числом JSON, а не {value}"},
    "problem.tidy.count_minus_zero": {
        "en": "{key} is -0; a count of customers is 0 or more: write 0",
        "uk": "{key} дорівнює -0; кількість споживачів — 0 або більше: напишіть 0"},
    # Wide files (outages/readers/wide.py)
    "problem.wide.no_service": {
        "en": "a wide file (one column per region) has no service column: say which service the "
              "figures are for, for example --service power",
        "uk": "у широкому файлі (стовпець на кожен регіон) немає стовпця послуги: вкажіть, до "
              "якої послуги належать дані, наприклад --service power"},
    "problem.wide.mapping_absent": {
        "en": "the column mapping names {name!r}, which is not in the file",
        "uk": "відповідність стовпців називає {name!r}, а у файлі такого немає"},
    "problem.wide.total_left_out": {
        "en": "column {name!r} looks like a total of the regions and was left out, so nobody is "
              "counted twice",
        "uk": "стовпець {name!r} схожий на суму за регіонами, тож його не враховано, щоб нікого "
              "не порахувати двічі"},
    "problem.wide.no_regions": {
        "en": "no region columns: a wide file needs a time column and then one column per region",
        "uk": "немає стовпців регіонів: широкий файл має містити стовпець часу, а за ним по "
              "стовпцю на кожен регіон"},
    "problem.wide.all_blank": {"en": "no data rows: every region cell is blank",
                               "uk": "немає рядків з даними: усі клітинки регіонів порожні"},
    # EAGLE-I files (outages/readers/eaglei.py)
    "problem.eaglei.both_counts": {"en": "both customers_out and sum are present: keep one",
                                   "uk": "є і customers_out, і sum: залиште один"},
    "problem.eaglei.missing_counts": {
        "en": "not an EAGLE-I file: missing column(s) {columns}customers_out (or sum)",
        "uk": "це не файл EAGLE-I: бракує стовпців {columns}customers_out (або sum)"},
    "problem.eaglei.missing_columns": {"en": "not an EAGLE-I file: missing column(s) {columns}",
                                       "uk": "це не файл EAGLE-I: бракує стовпців {columns}"},
    "problem.eaglei.ragged": {"en": "expected {want} fields, found {got}",
                              "uk": "очікується полів: {want}, а знайдено: {got}"},
    "problem.eaglei.not_utf8": {
        "en": "the file is not UTF-8 text: EAGLE-I files are UTF-8; re-save it as UTF-8",
        "uk": "файл не є текстом UTF-8: файли EAGLE-I мають кодування UTF-8; збережіть його "
              "знову як UTF-8"},
    "problem.eaglei.unreadable": {"en": "cannot read the file: {detail}",
                                  "uk": "не вдається прочитати файл: {detail}"},
    "problem.eaglei.not_time": {"en": "{value!r} is not a UTC time as YYYY-MM-DD HH:MM:SS",
                                "uk": "{value!r} не є часом UTC у вигляді РРРР-ММ-ДД ГГ:ХХ:СС"},
    "problem.eaglei.not_number": {"en": "{value!r} is not a number",
                                  "uk": "{value!r} не є числом"},
    "problem.eaglei.not_count": {"en": "{value} is not a whole number of at least {low}",
                                 "uk": "{value} не є цілим числом, не меншим за {low}"},
    "problem.eaglei.too_many_rows": {"en": "{rows} rows is more than the limit of {limit}",
                                     "uk": "рядків {rows}, а можна щонайбільше {limit}"},
    "problem.eaglei.not_fips": {"en": "{value} is not a county FIPS code (5 digits)",
                                "uk": "{value} не є кодом FIPS округу (5 цифр)"},
    # Event files and cells (outages/readers/events.py, cells.py, eventsheet.py)
    "problem.events.role.region": {"en": "region", "uk": "регіон"},
    "problem.events.role.region_name": {"en": "region name", "uk": "назва регіону"},
    "problem.events.role.start": {"en": "start time", "uk": "час початку"},
    "problem.events.role.end": {"en": "restoration time", "uk": "час відновлення"},
    "problem.events.role.customers": {"en": "customers affected",
                                      "uk": "кількість постраждалих споживачів"},
    "problem.events.role.service": {"en": "service", "uk": "послуга"},
    "problem.events.role.total": {"en": "customers served",
                                  "uk": "кількість обслуговуваних споживачів"},
    "problem.events.mapping_absent": {
        "en": "column {name!r} (chosen as the {role}) is not in the file",
        "uk": "стовпця {name!r} (вибраного як «{role}») у файлі немає"},
    "problem.events.ambiguous": {
        "en": "columns {columns} could each be the {role}; rename all but one (or choose one in "
              "the upload form)",
        "uk": "кожен зі стовпців {columns} може означати «{role}»; перейменуйте всі, крім "
              "одного (або виберіть один у формі завантаження)"},
    "problem.events.missing_roles": {
        "en": "an event file needs columns for the region, start time, restoration time and "
              "customers affected; missing: {missing}",
        "uk": "файл подій має містити стовпці регіону, часу початку, часу відновлення й "
              "кількості постраждалих споживачів; бракує: {missing}"},
    "problem.events.no_service": {
        "en": "the file has no service column: say which service these events are (for example "
              "--service power)",
        "uk": "у файлі немає стовпця послуги: вкажіть, якої послуги стосуються ці події "
              "(наприклад, --service power)"},
    "problem.cells.implausible_year": {
        "en": "{value!r}: implausible year {year} (times must fall between {first} and {last})",
        "uk": "{value!r}: неправдоподібний рік {year} (час має бути між {first} і {last} "
              "роками)"},
    "problem.cells.not_serial": {"en": "{value!r} is not an Excel date serial",
                                 "uk": "{value!r} не є порядковим номером дати Excel"},
    "problem.cells.not_date": {"en": "{value!r} is not a date", "uk": "{value!r} не є датою"},
    "problem.cells.not_mdy": {"en": "{value!r} is not a date (expected MM/DD/YYYY)",
                              "uk": "{value!r} не є датою (очікується ММ/ДД/РРРР)"},
    "problem.cells.not_time_of_day": {"en": "{value} is not a time of day",
                                      "uk": "{value} не є часом доби"},
    "problem.cells.not_day_fraction": {
        "en": "{value!r} is not a time of day (an Excel day fraction is 0 to 1)",
        "uk": "{value!r} не є часом доби (частка доби в Excel — від 0 до 1)"},
    "problem.cells.not_hhmm": {"en": "{value!r} is not a time of day (expected HH:MM)",
                               "uk": "{value!r} не є часом доби (очікується ГГ:ХХ)"},
    "problem.cells.negative": {"en": "{value!r} is negative", "uk": "{value!r} від'ємне"},
    "problem.cells.not_count": {"en": "{value!r} is not a whole number of customers",
                                "uk": "{value!r} не є цілою кількістю споживачів"},
    "problem.cells.row_skipped": {"en": "{reason}; row skipped", "uk": "{reason}; рядок пропущено"},
    "problem.cells.total_blanked": {
        "en": "{reason}; customers served left blank",
        "uk": "{reason}; кількість обслуговуваних споживачів залишено порожньою"},
    # Published event sheets (outages/readers/oe417.py, purdue.py)
    "problem.oe417.unplaced": {"en": "{value!r} names no US state; row skipped",
                               "uk": "{value!r} не називає жодного штату США; рядок пропущено"},
    "problem.oe417.not_found": {
        "en": "not an OE-417 summary: no sheet has a header row with Date Event Began, Time "
              "Event Began, Date of Restoration, Time of Restoration, Area Affected, Event Type "
              "and Number of Customers Affected in its first 15 rows",
        "uk": "це не зведення OE-417: на жодному аркуші в перших 15 рядках немає рядка "
              "заголовка з Date Event Began, Time Event Began, Date of Restoration, Time of "
              "Restoration, Area Affected, Event Type і Number of Customers Affected"},
    "problem.oe417.duplicate": {
        "en": "the same event as row {first} (the same {customers} customers, state and "
              "restoration): counted once",
        "uk": "та сама подія, що й у рядку {first} (ті самі {customers} споживачів, штат і "
              "відновлення): враховано один раз"},
    "problem.oe417.implausible": {
        "en": "{customers} customers affected is more than the {served} customers served in "
              "{area!r} (EAGLE-I modelled customers); kept as published",
        "uk": "{customers} споживачів, яких зачепило, більше, ніж {served} споживачів у "
              "{area!r} (модельні дані EAGLE-I); збережено як опубліковано"},
    "problem.oe417.unplaced_events": {
        "en": "{count} events name no US state, territory, utility or grid operator recognised "
              "(first: row {at}, {cell!r}); kept under {region}",
        "uk": "подій, що не називають жодного впізнаного штату, території, енергокомпанії чи "
              "оператора мережі: {count} (перша: рядок {at}, {cell!r}); збережено під {region}"},
    "problem.oe417.combined": {
        "en": "{count} events name several states (first: row {at}, {cell!r}); each is kept "
              "whole under a combined region such as {region}, not split between states",
        "uk": "подій, що називають кілька штатів: {count} (перша: рядок {at}, {cell!r}); кожну "
              "збережено цілою під об'єднаним регіоном, як-от {region}, без поділу між штатами"},
    "problem.purdue.unplaced": {"en": "{value!r} is not a US state; row skipped",
                                "uk": "{value!r} не є штатом США; рядок пропущено"},
    "problem.purdue.not_found": {
        "en": "not the Purdue outage table: no sheet has a header row with OUTAGE.START.DATE, "
              "OUTAGE.START.TIME, OUTAGE.RESTORATION.DATE, OUTAGE.RESTORATION.TIME, "
              "CUSTOMERS.AFFECTED and POSTAL.CODE in its first 15 rows",
        "uk": "це не таблиця відключень Purdue: на жодному аркуші в перших 15 рядках немає "
              "рядка заголовка з OUTAGE.START.DATE, OUTAGE.START.TIME, "
              "OUTAGE.RESTORATION.DATE, OUTAGE.RESTORATION.TIME, CUSTOMERS.AFFECTED і "
              "POSTAL.CODE"},
}
