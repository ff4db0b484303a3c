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
    "problem.legacy": {"en": "{text}", "uk": "{text}"},
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
