"""Problems found in input files: one template per code (``problem.<code>``), and where it is.

``outages.errors.Problem(file, code, row, column, **params)`` fills ``problem.<code>``; the
parameters are the template's placeholders, no more and no fewer. Parameters are values (file
names, cell values, column names, numbers) or phrases of their own, never English words.
"""

from __future__ import annotations

import string
from functools import cache

MESSAGES: dict[str, dict[str, str]] = {
    # Where a problem is (outages/errors.py)
    "problem_at.row": {"en": "row {row}", "uk": "рядок {row}"},
    "problem_at.column": {"en": "column {column!r}", "uk": "стовпець {column!r}"},
    "problem_at.line": {"en": "{where}: {message}", "uk": "{where}: {message}"},
    # Times (outages/times.py)
    "problem.times.unknown_zone": {
        "en": "unknown time zone {tz!r}; use an IANA name such as Europe/Kyiv or America/Chicago",
        "uk": "невідомий часовий пояс {tz!r}; вкажіть назву IANA, наприклад Europe/Kyiv або "
              "America/Chicago"},
    "problem.times.implausible_year": {
        "en": "implausible year in {shown}: times must fall between {first} and {last} (a typo "
              "or a placeholder date?)",
        "uk": "неправдоподібний рік у {shown}: час має бути між {first} і {last} роками "
              "(описка чи дата-заповнювач?)"},
    "problem.times.missing": {"en": "time is missing", "uk": "час не вказано"},
    "problem.times.unreadable": {
        "en": "cannot read time {value!r}: expected ISO 8601 such as 2025-10-10T06:00:00+03:00, "
              "or DD.MM.YYYY HH:MM",
        "uk": "не вдається прочитати час {value!r}: очікується ISO 8601, наприклад "
              "2025-10-10T06:00:00+03:00, або ДД.ММ.РРРР ГГ:ХХ"},
    "problem.times.format_at": {"en": "row {at} is {format}", "uk": "рядок {at}: {format}"},
    "problem.times.format.iso": {"en": "ISO 8601 (2025-10-10 06:00)",
                                 "uk": "ISO 8601 (2025-10-10 06:00)"},
    "problem.times.format.ymd_slash": {"en": "YYYY/MM/DD", "uk": "РРРР/ММ/ДД"},
    "problem.times.format.numeric": {"en": "DD.MM.YYYY or MM/DD/YYYY",
                                     "uk": "ДД.ММ.РРРР або ММ/ДД/РРРР"},
    "problem.times.mixed_formats": {
        "en": "mixed time formats in one column ({formats}); use one format throughout",
        "uk": "різні формати часу в одному стовпці ({formats}); використовуйте один формат"},
    "problem.times.no_zone": {
        "en": "times such as {example!r} have no time zone: state the zone they are in (for "
              "example --tz Europe/Kyiv), or give times with an offset",
        "uk": "час на зразок {example!r} записано без часового поясу: вкажіть пояс (наприклад, "
              "--tz Europe/Kyiv) або запишіть час зі зсувом"},
    "problem.times.offset_mixed": {
        "en": "time {value!r} has no UTC offset while others have one",
        "uk": "час {value!r} записано без зсуву від UTC, а інші — зі зсувом"},
    "problem.times.clock_mixed": {
        "en": "time {value!r} has no clock time while others have one",
        "uk": "у {value!r} немає часу доби, а в інших значеннях він є"},
    "problem.times.order_differs": {
        "en": "day/month order differs between {day_first!r} (day first) and {month_first!r} "
              "(month first)",
        "uk": "порядок дня й місяця різний у {day_first!r} (спершу день) і {month_first!r} "
              "(спершу місяць)"},
    "problem.times.ambiguous": {
        "en": "ambiguous dates such as {value!r}: day/month order cannot be told from the data "
              "(no value above 12); write dates as YYYY-MM-DD",
        "uk": "неоднозначні дати на зразок {value!r}: з даних не видно, що йде спершу — день "
              "чи місяць (немає значення понад 12); запишіть дати як РРРР-ММ-ДД"},
    "problem.times.invalid": {"en": "{value!r} is not a valid date or time",
                              "uk": "{value!r} не є правильною датою чи часом"},
    "problem.times.dst_gap": {
        "en": "{time} does not exist in {tz} (the clocks jump forward then); {fix}",
        "uk": "{time} не існує в поясі {tz} (тоді годинники переводять уперед); {fix}"},
    "problem.times.dst_overlap": {
        "en": "{time} happens twice in {tz} (the clocks go back then); {fix}",
        "uk": "{time} буває двічі в поясі {tz} (тоді годинники переводять назад); {fix}"},
    "problem.times.fix.strict": {"en": "give times with a UTC offset",
                                 "uk": "запишіть час зі зсувом від UTC"},
    "problem.times.fix.gap_shifted": {
        "en": "read with the offset in force before the change (moved forward by the gap)",
        "uk": "прочитано зі зсувом, що діяв до переведення (зсунуто вперед на проміжок)"},
    "problem.times.fix.overlap_shifted": {"en": "read as the earlier of the two",
                                          "uk": "прочитано як перший із двох"},
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
    # Region ids and names (outages/names.py)
    "problem.names.region_id": {"en": "region id", "uk": "ідентифікатор регіону"},
    "problem.names.region_name": {"en": "region name", "uk": "назва регіону"},
    "problem.names.Latin": {"en": "Latin", "uk": "латинські"},
    "problem.names.Cyrillic": {"en": "Cyrillic", "uk": "кириличні"},
    "problem.names.Greek": {"en": "Greek", "uk": "грецькі"},
    "problem.names.control": {
        "en": "{what} {value} contains a control character (a tab, line break or similar); it "
              "must be one line of plain text",
        "uk": "{what} {value} містить керівний символ (табуляцію, розрив рядка тощо); це має "
              "бути один рядок простого тексту"},
    "problem.names.markup": {
        "en": "{what} {value} looks like HTML or script; region names and ids must be plain "
              "text",
        "uk": "{what} {value} схоже на HTML чи скрипт; назви й ідентифікатори регіонів мають "
              "бути простим текстом"},
    "problem.names.formula": {
        "en": "{what} {value} starts with {first!r}, which spreadsheet programs run as a "
              "formula; remove that character",
        "uk": "{what} {value} починається з {first!r}, і програми для таблиць виконують таке "
              "як формулу; вилучіть цей символ"},
    "problem.names.mixed": {
        "en": "{what} {value} mixes {first} and {second} letters in one word ({a!r} is {first}, "
              "{b!r} is {second}); such a name looks like another but does not match it: type "
              "each word in one alphabet",
        "uk": "{what} {value} поєднує {first} і {second} літери в одному слові ({a!r} — "
              "{first}, {b!r} — {second}); така назва схожа на іншу, але не збігається з нею: "
              "пишіть кожне слово одним алфавітом"},
    "problem.names.invisible": {
        "en": "{what} {value} contains an invisible character ({char}); such a name looks like "
              "another but does not match it: retype it",
        "uk": "{what} {value} містить невидимий символ ({char}); така назва схожа на іншу, але "
              "не збігається з нею: наберіть її заново"},
    "problem.names.lookalike": {
        "en": "{what} {value} contains a look-alike character ({char}, a fullwidth or "
              "mathematical form); use ordinary letters and digits",
        "uk": "{what} {value} містить схожий символ ({char}, повноширинна чи математична "
              "форма); використовуйте звичайні літери й цифри"},
    # Checks on every table (outages/validate.py)
    "problem.check.more": {
        "en": "and {count} more problems not listed; fix these and load the file again",
        "uk": "і ще проблем, не показаних тут: {count}; виправте ці й завантажте файл знову"},
    "problem.check.no_rows": {"en": "no data rows", "uk": "немає рядків з даними"},
    "problem.check.out_blank": {"en": "customers_out is blank",
                                "uk": "customers_out не заповнено"},
    "problem.check.missing_columns": {"en": "missing required column(s): {columns}",
                                      "uk": "бракує обов'язкових стовпців: {columns}"},
    "problem.check.no_zone": {
        "en": "times have no time zone; state the zone they are in (for example --tz "
              "Europe/Kyiv)",
        "uk": "час записано без часового поясу; вкажіть пояс (наприклад, --tz Europe/Kyiv)"},
    "problem.check.region_blank": {
        "en": "region id is blank; every row needs the region it is about",
        "uk": "ідентифікатор регіону порожній; кожен рядок має вказувати свій регіон"},
    "problem.check.two_names": {
        "en": "region {region!r} is named both {first!r} and {second!r} ({count} region(s) have "
              "more than one name); the first name in the file is shown",
        "uk": "регіон {region!r} має дві назви: {first!r} і {second!r} (регіонів з кількома "
              "назвами: {count}); показано першу назву з файлу"},
    "problem.check.unknown_service": {"en": "unknown service {service!r}; use one of {services}",
                                      "uk": "невідома послуга {service!r}; вкажіть одну з: "
                                            "{services}"},
    "problem.check.service_blank": {"en": "service is blank; use one of {services}",
                                    "uk": "послугу не вказано; вкажіть одну з: {services}"},
    "problem.check.not_number_text": {"en": "{value} is not a number", "uk": "{value} не є числом"},
    "problem.check.not_number": {"en": "{value!r} is not a number", "uk": "{value!r} не є числом"},
    "problem.check.negative": {
        "en": "{value} is negative; a count of customers cannot be below 0",
        "uk": "{value} від'ємне; кількість споживачів не може бути меншою за 0"},
    "problem.check.fraction": {"en": "{value} is not a whole number",
                               "uk": "{value} не є цілим числом"},
    "problem.check.dotted_thousands": {
        "en": "{value} is not a whole number; if '.' separates thousands here, remove it",
        "uk": "{value} не є цілим числом; якщо '.' тут відокремлює тисячі, вилучіть її"},
    "problem.check.huge": {"en": "{value} is larger than any real count of customers",
                           "uk": "{value} більше за будь-яку справжню кількість споживачів"},
    "problem.check.out_count_blank": {
        "en": "the count of customers cut off is blank; write 0 when no customers were cut off",
        "uk": "кількість відключених споживачів не вказано; напишіть 0, якщо відключень не "
              "було"},
    "problem.check.decimal_comma": {
        "en": "{value!r} is not a whole number (the comma reads as a decimal mark here, since "
              "other values in this column use one)",
        "uk": "{value!r} не є цілим числом (кома тут читається як десятковий знак, бо інші "
              "значення в цьому стовпці його використовують)"},
    "problem.check.grouped": {
        "en": "counts such as {value!r} were read with the spaces or commas between thousands "
              "removed ({read}); {count} value(s) were written this way",
        "uk": "числа на зразок {value!r} прочитано без пробілів чи ком між тисячами ({read}); "
              "так записано значень: {count}"},
    "problem.check.above_total": {
        "en": "{label} {value} is above {total_column} {total}; a region cannot have more "
              "customers affected than it serves",
        "uk": "{label} {value} більше за {total_column} {total}; у регіоні не може постраждати "
              "більше споживачів, ніж він обслуговує"},
    "problem.check.above_total_published": {
        "en": "{label} is above {total_column} in {count} of {rows} rows (first: {value} of "
              "{total}); kept as published",
        "uk": "{label} більше за {total_column} у {count} з {rows} рядків (перший: {value} з "
              "{total}); залишено як опубліковано"},
    "problem.check.blank": {"en": "blank", "uk": "порожньо"},
    "problem.check.conflict": {
        "en": "rows {first} and {second} give different figures for region {region!r} "
              "({service}) at {time}: {label} {a} and {b}; keep one row",
        "uk": "рядки {first} і {second} дають різні дані для регіону {region!r} ({service}) "
              "на {time}: {label} {a} і {b}; залиште один рядок"},
    "problem.check.repeated": {
        "en": "row {second} repeats row {first} exactly; {count} repeated row(s) were dropped",
        "uk": "рядок {second} точно повторює рядок {first}; вилучено повторених рядків: "
              "{count}"},
    "problem.check.region_service": {"en": "{region!r} ({service})",
                                     "uk": "{region!r} ({service})"},
    "problem.check.service.power": {"en": "power", "uk": "електроенергія"},
    "problem.check.service.water": {"en": "water", "uk": "водопостачання"},
    "problem.check.service.heating": {"en": "heating", "uk": "опалення"},
    "problem.check.service.gas": {"en": "gas", "uk": "газ"},
    "problem.check.service.transit": {"en": "transit", "uk": "транспорт"},
    "problem.check.service.telecom": {"en": "telecom", "uk": "зв'язок"},
    "problem.check.places": {"en": " ({count} places like this)",
                             "uk": " (таких місць: {count})"},
    "problem.check.dip": {
        "en": "{label} falls to 0 for {region} and is back to {value} by row {back}, within an "
              "hour; check that the 0 is a real reading and not a missing one{more}",
        "uk": "{label} падає до 0 для {region} і повертається до {value} у рядку {back}, "
              "протягом години; перевірте, що 0 — справжнє значення, а не пропуск{more}"},
    "problem.check.jump": {
        "en": "{label} jumps from {before} to {after} (more than {factor}-fold) for {region}; "
              "check for a typo{more}",
        "uk": "{label} стрибає з {before} до {after} (більш ніж у {factor} разів) для "
              "{region}; перевірте, чи немає описки{more}"},
    "problem.check.restored_down": {
        "en": "{label} goes down from {before} to {after} for {region}; it should count "
              "everyone restored since the event began{more}",
        "uk": "{label} зменшується з {before} до {after} для {region}; це число має "
              "враховувати всіх, кому відновили постачання від початку події{more}"},
    "problem.check.and_more": {"en": " and {count} more", "uk": " і ще {count}"},
    "problem.check.single": {
        "en": "{count} region(s) have a single observation ({regions}{more}); each figure holds "
              "until the end of the data",
        "uk": "регіонів з одним спостереженням: {count} ({regions}{more}); кожне значення діє "
              "до кінця даних"},
    "problem.check.future": {"en": "{count} time(s) are in the future, such as {time}",
                             "uk": "моментів часу в майбутньому: {count}, наприклад {time}"},
    "problem.check.total_missing": {
        "en": "{label} is missing for {count} region(s) ({regions}); percentages leave them out",
        "uk": "{label} не вказано для регіонів: {count} ({regions}); у відсотках їх не "
              "враховано"},
    # Tidy CSV and JSON files (outages/readers/tidy.py)
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
    # Publishing (outages/publish.py)
    "problem.publish.too_long.name": {
        "en": "the name is {size} characters long; the limit is {limit}",
        "uk": "назва має {size} символів, а можна щонайбільше {limit}"},
    "problem.publish.too_long.description": {
        "en": "the description is {size} characters long; the limit is {limit}",
        "uk": "опис має {size} символів, а можна щонайбільше {limit}"},
    "problem.publish.too_long.source": {
        "en": "the source is {size} characters long; the limit is {limit}",
        "uk": "джерело має {size} символів, а можна щонайбільше {limit}"},
    "problem.publish.too_long.licence": {
        "en": "the licence is {size} characters long; the limit is {limit}",
        "uk": "ліцензія має {size} символів, а можна щонайбільше {limit}"},
    "problem.publish.annotation_size": {
        "en": "annotation {number} has {size} characters; it needs 1 to {limit}",
        "uk": "примітка {number} має {size} символів, а потрібно від 1 до {limit}"},
    "problem.publish.not_newer": {
        "en": "{time} is not after the last figure stored for region {region!r} ({service}), "
              "{stored}: appending takes only newer observations; to correct earlier figures "
              "publish the file as a new version",
        "uk": "{time} не пізніше за останнє збережене значення для регіону {region!r} "
              "({service}), {stored}: додавати можна лише новіші спостереження; щоб виправити "
              "попередні дані, опублікуйте файл як нову версію"},
    "problem.publish.more_late": {"en": "and {count} more rows like these",
                                  "uk": "і ще таких рядків: {count}"},
    "problem.publish.names_kept": {
        "en": "region {region!r} is named {name!r} in the file but {stored!r} in the dataset; "
              "the dataset's names are kept ({count} region(s))",
        "uk": "регіон {region!r} у файлі має назву {name!r}, а в наборі даних — {stored!r}; "
              "залишено назви з набору даних (регіонів: {count})"},
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
              "Event Began, Date of Restoration, Time of Restoration, Area Affected and Number "
              "of Customers Affected in its first 15 rows",
        "uk": "це не зведення OE-417: на жодному аркуші в перших 15 рядках немає рядка "
              "заголовка з Date Event Began, Time Event Began, Date of Restoration, Time of "
              "Restoration, Area Affected і Number of Customers Affected"},
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


@cache
def expected(code: str) -> frozenset[str]:
    """The parameters problem ``code`` takes; KeyError for an unknown code."""
    try:
        text = MESSAGES[f"problem.{code}"]["en"]
    except KeyError:
        raise KeyError(f"no problem code {code!r} in outages.i18n.problems") from None
    return frozenset(name for _, name, _, _ in string.Formatter().parse(text) if name)


def codes() -> list[str]:
    """Every problem code."""
    return sorted(k.removeprefix("problem.") for k in MESSAGES if k.startswith("problem."))
