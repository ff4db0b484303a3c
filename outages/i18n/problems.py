"""Problems found in input files: one template per code (``problem.<code>``), and where it is.

``outages.errors.Problem(file, code, row, column, **params)`` fills ``problem.<code>``; the
parameters are the template's placeholders, no more and no fewer. Parameters are values (file
names, cell values, column names, numbers) or phrases of their own, never English words.
"""

from __future__ import annotations

import string
from functools import cache

from . import problems_read, problems_schedule

_OWN: dict[str, dict[str, str]] = {
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
    "problem.check.wrong_type": {"en": "{detail}", "uk": "{detail}"},  # a raw frame's own words
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
}


MESSAGES: dict[str, dict[str, str]] = problems_read.MESSAGES | problems_schedule.MESSAGES | _OWN
_TWICE = [k for k in _OWN if k in problems_read.MESSAGES or k in problems_schedule.MESSAGES]
_TWICE += [k for k in problems_schedule.MESSAGES if k in problems_read.MESSAGES]
if _TWICE:
    raise ValueError(f"outages.i18n.problems repeats messages: {_TWICE}")


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
