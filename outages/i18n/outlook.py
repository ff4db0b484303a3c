"""The restoration outlook (outages/outlook.py, outages/ui/outlookview.py, the Overview chart)
and its backtest table on the Data page (outages/ui/backtestview.py)."""

MESSAGES: dict[str, dict[str, str]] = {
    "legend.estimate": {"en": "estimate", "uk": "оцінка"},
    "legend.estimate_range": {"en": "estimate range", "uk": "діапазон оцінки"},
    "outlook.title": {"en": "Restoration outlook (estimate)",
                      "uk": "Прогноз відновлення (оцінка)"},
    "outlook.estimate": {"en": "Estimate", "uk": "Оцінка"},
    "outlook.target_90": {
        "en": "90 % of the customers cut off at the peak restored: about {at}",
        "uk": "Відновлено 90 % споживачів, відключених на піку: близько {at}"},
    "outlook.target_99": {
        "en": "Practically all (99 %) restored: about {at}",
        "uk": "Відновлено практично всіх (99 %): близько {at}"},
    "outlook.range": {"en": "range {earliest} to {latest}",
                      "uk": "діапазон від {earliest} до {latest}"},
    "outlook.open_end": {"en": "no later bound: the figures do not rule out a halt",
                         "uk": "без пізньої межі: дані не виключають зупинки"},
    "outlook.reached_90": {"en": "90 % of the customers cut off at the peak restored: {at}",
                           "uk": "Відновлено 90 % споживачів, відключених на піку: {at}"},
    "outlook.reached_99": {"en": "Practically all (99 %) restored: {at}",
                           "uk": "Відновлено практично всіх (99 %): {at}"},
    "outlook.model": {
        "en": "Model: customers out since the peak ({peak} at {peak_time}) fall as an "
              "exponential decay fitted to the last {points} figures (half of those still out "
              "are restored every {half_life}); the range spans fits to the first and to the "
              "second half of those figures alone and the fitted rate give or take two "
              "standard errors.",
        "uk": "Модель: кількість відключених споживачів після піку ({peak} о {peak_time}) "
              "спадає експоненційно; спад підібрано за останніми {points} значеннями "
              "(половину ще відключених відновлюють кожні {half_life}); діапазон охоплює "
              "підбір окремо за першою і другою половиною цих значень і підібрану швидкість "
              "плюс-мінус дві стандартні похибки."},
    "outlook.model_linear": {
        "en": "Model: customers out since the peak ({peak} at {peak_time}) fall by a constant "
              "number an hour, fitted to the last {points} figures (about {per_hour} an hour); "
              "the range spans fits to the first and to the second half of those figures alone "
              "and the fitted rate give or take two standard errors.",
        "uk": "Модель: кількість відключених споживачів після піку ({peak} о {peak_time}) "
              "зменшується на сталу кількість за годину, підібрану за останніми {points} "
              "значеннями (близько {per_hour} за годину); діапазон охоплює підбір окремо за "
              "першою і другою половиною цих значень і підібрану швидкість плюс-мінус дві "
              "стандартні похибки."},
    "outlook.live": {
        "en": "Projected from the latest figure ({time}). An estimate from the data alone, not "
              "a promise from the operator.",
        "uk": "Прогноз від останнього значення ({time}). Оцінка лише за даними, а не обіцянка "
              "оператора."},
    "outlook.historical": {
        "en": "This dataset is not live: the estimate is what the model projects from the last "
              "figure in view ({time}), as it would have then.",
        "uk": "Цей набір даних не оновлюється наживо: оцінка — те, що модель прогнозує від "
              "останнього показаного значення ({time}), як прогнозувала б тоді."},
    "outlook.none": {"en": "No estimate: {reason}", "uk": "Оцінки немає: {reason}"},
    "outlook.reason.empty": {"en": "no one is out in view.",
                             "uk": "у вибраному проміжку немає відключених."},
    "outlook.reason.not_recovering": {
        "en": "the latest figure is the peak, so restoration has not started in view.",
        "uk": "останнє значення є піком, тож відновлення у вибраному проміжку ще не почалося."},
    "outlook.reason.already_restored": {
        "en": "practically all (99 %) of the customers cut off at the peak are already back.",
        "uk": "практично всіх (99 %) споживачів, відключених на піку, уже відновлено."},
    "outlook.reason.too_few_points": {
        "en": "too few figures since the peak ({points}; at least {needed} are needed to fit "
              "a trend and its range).",
        "uk": "замало значень після піку ({points}; щоб підібрати тенденцію і її діапазон, "
              "потрібно щонайменше {needed})."},
    "outlook.reason.not_decaying": {
        "en": "customers out are not falling in the recent figures (level or rising).",
        "uk": "кількість відключених в останніх значеннях не зменшується (стабільна або росте)."},
    "outlook.reason.too_slow": {
        "en": "the recent decline is so slow that 90 % would be back only more than {days} "
              "days ahead: too far to project.",
        "uk": "останній спад такий повільний, що 90 % відновили б лише більш як за {days} "
              "днів: надто далеко для прогнозу."},
    "backtest.title": {"en": "Restoration outlook backtest",
                       "uk": "Перевірка прогнозу відновлення на минулих подіях"},
    "backtest.intro": {
        "en": "How far the estimate was off on past events, against a naive guess (every "
              "episode lasts as long as the median of the others). Errors in hours; the "
              "estimate is made when 25 %, 50 % or 75 % of the customers out at the peak "
              "are back. Made by `{command}` on {made}.",
        "uk": "Наскільки оцінка помилялася на минулих подіях порівняно з простою здогадкою "
              "(кожен епізод триває стільки, скільки медіана інших). Похибки в годинах; "
              "оцінку зроблено, коли відновлено 25 %, 50 % або 75 % споживачів, відключених "
              "на піку. Отримано командою `{command}` {made}."},
    "backtest.shown": {"en": "The Overview's estimate uses the model: {model}.",
                       "uk": "Оцінка на сторінці «Огляд» використовує модель: {model}."},
    "backtest.missing": {"en": "No backtest results are shipped with this installation.",
                         "uk": "Результати перевірки не постачаються з цим встановленням."},
    "backtest.col.source": {"en": "Source", "uk": "Джерело"},
    "backtest.col.model": {"en": "Model", "uk": "Модель"},
    "backtest.model.decay": {"en": "exponential decay", "uk": "експоненційний спад"},
    "backtest.model.linear": {"en": "constant rate", "uk": "стала швидкість"},
    "backtest.col.level": {"en": "Episodes of", "uk": "Епізоди"},
    "backtest.col.checkpoint": {"en": "Made at (% restored)", "uk": "Зроблено при (% відновлено)"},
    "backtest.col.target": {"en": "Projected", "uk": "Прогноз"},
    "backtest.col.episodes": {"en": "Episodes", "uk": "Епізодів"},
    "backtest.col.projected": {"en": "With an estimate", "uk": "З оцінкою"},
    "backtest.col.median": {"en": "Median error, estimate",
                            "uk": "Медіанна похибка, оцінка"},
    "backtest.col.p90": {"en": "90th pct error, estimate",
                         "uk": "90-й перцентиль похибки, оцінка"},
    "backtest.col.naive_median": {"en": "Median error, naive",
                                  "uk": "Медіанна похибка, здогадка"},
    "backtest.col.naive_p90": {"en": "90th pct error, naive",
                               "uk": "90-й перцентиль похибки, здогадка"},
    "backtest.col.in_range": {"en": "Range held the actual time",
                              "uk": "Діапазон містив фактичний час"},
    "backtest.target.90": {"en": "90 % restored", "uk": "90 % відновлено"},
    "backtest.target.99": {"en": "all (99 %) restored", "uk": "усіх (99 %) відновлено"},
    "backtest.level.region": {"en": "one state", "uk": "одного штату"},
    "backtest.level.all": {"en": "all states", "uk": "усіх штатів"},
}
