"""Ukrainian texts of the bundled sample datasets (data/samples): names, descriptions,
sources, licences, caveats and annotations, keyed by their English text.

A dataset's texts live in its stored metadata, in English. ``translated`` gives the Ukrainian
text only for a text written exactly as translated here: when a reader or a sample changes a
text, the changed one is shown as stored (in English) rather than a translation of something
else.
"""

from __future__ import annotations

UK: dict[str, str] = {
    # Kyiv: strike on energy facilities
    "Kyiv: strike on energy facilities (reported figures)":
        "Київ: удар по енергетичних об'єктах (повідомлені дані)",
    "Customers in Kyiv city without power after early-morning missile and drone strikes on "
    "energy facilities, as reported. Only the two reported figures are recorded.":
        "Споживачі Києва без електропостачання після ранкових ракетних і дронових ударів по "
        "енергетичних об'єктах, за повідомленнями. Записано лише два повідомлені значення.",
    "Ukraine's Ministry of Energy, as reported in the news: over 800,000 customers in Kyiv lost "
    "power after the early-morning strikes; about 380,000 were still disconnected by the "
    "afternoon.":
        "Міністерство енергетики України, за повідомленнями новин: понад 800 000 споживачів у "
        "Києві залишилися без світла після ранкових ударів; близько 380 000 були ще відключені "
        "по обіді.",
    "Facts as reported in the news; compiled for this project (CC0).":
        "Факти з повідомлень новин; зібрано для цього проєкту (CC0).",
    "The date and clock times are illustrative placeholders: the reports say 'early morning' "
    "and 'by the afternoon', not exact times. The two customer counts are the reported figures.":
        "Дата й час умовні: у повідомленнях сказано «рано-вранці» та «по обіді», а не точний "
        "час. Дві кількості споживачів — повідомлені значення.",
    "Only two figures were reported: the peak (over 800,000) and the afternoon count (about "
    "380,000). The line between them is a step, not a measured curve.":
        "Повідомлено лише два значення: пік (понад 800 000) і кількість по обіді (близько "
        "380 000). Лінія між ними — сходинка, а не виміряна крива.",
    "Restored is derived: 800,000 - 380,000 = 420,000 customers (52.5 %). No restored count "
    "was reported.":
        "Кількість відновлених обчислено: 800 000 − 380 000 = 420 000 споживачів (52,5 %). "
        "Кількість відновлених не повідомлялася.",
    "Water supply and metro service were also disrupted; no customer counts were reported for "
    "them, so they appear as annotations, not as numbers.":
        "Також було порушено водопостачання й роботу метро; кількість споживачів для них не "
        "повідомлялася, тож вони показані як примітки, а не числа.",
    "The date and clock times are illustrative placeholders: the reports say 'early morning' "
    "and 'by the afternoon'.":
        "Дата й час умовні: у повідомленнях сказано «рано-вранці» та «по обіді».",
    "Missile and drone strike on energy facilities (time illustrative)":
        "Ракетний і дроновий удар по енергетичних об'єктах (час умовний)",
    "Water supply and metro service disrupted (reported; no counts)":
        "Порушено водопостачання й роботу метро (повідомлено; без кількостей)",
    # OE-417
    "US: DOE OE-417 electric disturbance events, 2021-2022":
        "США: порушення електропостачання за формою OE-417 Міненерго, 2021–2022",
    "Electric emergency incidents and disturbances reported to the US Department of Energy on "
    "Form OE-417 in 2021 and 2022, as customers out per state from each event's start to its "
    "restoration.":
        "Аварії та порушення в електромережах, про які повідомили Міністерству енергетики США "
        "за формою OE-417 у 2021 і 2022 роках, як кількість споживачів без світла в кожному "
        "штаті від початку події до відновлення.",
    "US DOE Office of Cybersecurity, Energy Security, and Emergency Response, Form OE-417 annual "
    "summaries 2021 and 2022 (published .xls files, unchanged).":
        "Управління кібербезпеки, енергетичної безпеки та реагування на надзвичайні ситуації "
        "Міністерства енергетики США, річні зведення форми OE-417 за 2021 і 2022 роки "
        "(опубліковані файли .xls, без змін).",
    "US government work, public domain": "Твір уряду США, суспільне надбання",
    "Each event counts its customers affected as out from its start until its restoration; "
    "overlapping events in one region add up":
        "Кожна подія рахує своїх споживачів без послуги від початку до відновлення; події, що "
        "збігаються в часі в одному регіоні, додаються",
    "OE-417: an event naming several states, or a utility or grid operator serving several "
    "(such as ISO New England), is kept whole under a combined region (such as "
    "US-MULTI:LA-TX), not split between states":
        "OE-417: подію, що називає кілька штатів, або енергокомпанію чи оператора мережі, які "
        "обслуговують кілька штатів (як-от ISO Нової Англії), записано цілою під спільним "
        "регіоном (наприклад, US-MULTI:LA-TX), а не поділено між штатами",
    "OE-417: only event types that cut customers off are counted (weather, natural disasters, "
    "attacks, vandalism, equipment failures, interruptions, islanding, load shedding); left "
    "out: System Operations: 17 events, 4,328,619 customers; Suspicious Activity: 2 events, "
    "8,345 customers":
        "OE-417: враховано лише типи подій, що відключають споживачів (негода, стихійні лиха, "
        "напади, вандалізм, відмови обладнання, перерви, острівний режим, графіки відключень); "
        "не враховано: системні операції — 17 подій, 4 328 619 споживачів; підозріла "
        "активність — 2 події, 8 345 споживачів",
    # EAGLE-I
    "US: EAGLE-I county outages, excerpt of 1 Nov 2014 (Massachusetts)":
        "США: відключення за округами EAGLE-I, уривок за 1 листопада 2014 (Массачусетс)",
    "15 real rows of ORNL's EAGLE-I county outage data (customers out per county per 15-minute "
    "collection run), with ORNL's modelled customer counts (MCC) as customers served.":
        "15 справжніх рядків даних EAGLE-I від ORNL про відключення за округами (споживачі без "
        "світла в окрузі за кожен 15-хвилинний цикл збору) з модельованою ORNL кількістю "
        "споживачів (MCC) як усіма споживачами.",
    "Oak Ridge National Laboratory, EAGLE-I (figshare doi 10.6084/m9.figshare.24237376); rows "
    "transcribed from a public analysis notebook; MCC.csv.":
        "Окриджська національна лабораторія, EAGLE-I (figshare doi "
        "10.6084/m9.figshare.24237376); рядки переписано з відкритого аналітичного блокнота; "
        "MCC.csv.",
    "CC BY 4.0": "CC BY 4.0",
    "EAGLE-I: a county missing from a collection run counts as 0 customers out":
        "EAGLE-I: округ, відсутній у циклі збору, рахується як 0 споживачів без світла",
    "EAGLE-I collects from utilities' public outage maps and does not cover every utility "
    "(ORNL's coverage history: 87-92% of US customers in 2018-2022, some states far less, "
    "Nebraska 48% in 2022), so counts are a lower bound":
        "EAGLE-I збирає дані з публічних мап відключень постачальників і охоплює не всіх "
        "(за історією охоплення ORNL: 87–92 % споживачів США у 2018–2022 роках, у деяких "
        "штатах значно менше, Небраска — 48 % у 2022), тож кількості — нижня межа",
    "Customers served are ORNL's modelled customer counts per county (MCC), not utility "
    "figures.":
        "Усі споживачі — модельована ORNL кількість споживачів в окрузі (MCC), а не дані "
        "постачальників.",
    # Illustrative: Kyiv power, water and heating
    "Illustrative: Kyiv power, water and heating after a strike":
        "Умовний приклад: Київ, світло, вода й опалення після удару",
    "A made-up day in Kyiv city after a strike on energy facilities: customers without power, "
    "water and heating, hour by hour, to show how water and heating come back after power. Not "
    "real figures.":
        "Вигаданий день у Києві після удару по енергетичних об'єктах: споживачі без світла, води "
        "й опалення щогодини, щоб показати, як вода й опалення повертаються після світла. Це не "
        "справжні дані.",
    "Made up for this project as an illustration; not measured or reported by anyone.":
        "Вигадано для цього проєкту як приклад; ніхто цього не вимірював і не повідомляв.",
    "Compiled for this project (CC0).": "Укладено для цього проєкту (CC0).",
    "Every figure and time in this dataset is made up to show how services come back one after "
    "another; none of it was measured or reported.":
        "Усі числа й час у цьому наборі вигадано, щоб показати, як послуги повертаються одна "
        "за одною; нічого з цього не вимірювалося й не повідомлялося.",
    "Illustrative only: the counts, the times and the order in which services come back are "
    "made up, loosely following the usual chain (pumping stations and heating plants need power "
    "first).":
        "Лише приклад: кількості, час і порядок повернення послуг вигадано приблизно за звичним "
        "ланцюгом (насосним станціям і теплоелектроцентралям спершу потрібне світло).",
    "Water and heating count customers without the service; the three counts are not of the "
    "same customers and do not add up.":
        "Для води й опалення враховано споживачів без цієї послуги; три кількості стосуються "
        "різних споживачів і не додаються.",
    "Strike on energy facilities (illustrative)":
        "Удар по енергетичних об'єктах (умовно)",
}


def translated(text: object, lang: str) -> str:
    """``text`` in ``lang``: the Ukrainian version of a bundled sample's text, else as given."""
    plain = str(text)
    if lang == "uk":
        return UK.get(plain, plain)
    return plain
