"""Short citizen comments in Russian and Kazakh, each with an English gloss.

Every template is written for this course; none is copied from a real person's post.
A template is (tone, Russian, Kazakh, English); {place} slots take a street or district name.
"""

from __future__ import annotations

PLACES: tuple[tuple[str, str, str], ...] = (
    # (Russian and English with their preposition, Kazakh in the locative case)
    ("на улице Абая", "Абай көшесінде", "on Abai Street"),
    ("на улице Толе би", "Төле би көшесінде", "on Tole Bi Street"),
    ("на улице Сатпаева", "Сәтбаев көшесінде", "on Satpayev Street"),
    ("на проспекте Достык", "Достық даңғылында", "on Dostyk Avenue"),
    ("в микрорайоне Самал", "Самал ықшамауданында", "in the Samal district"),
    ("в микрорайоне Коктем", "Көктем ықшамауданында", "in the Koktem district"),
    ("на улице Байтурсынова", "Байтұрсынов көшесінде", "on Baitursynov Street"),
    ("в микрорайоне Жулдыз", "Жұлдыз ықшамауданында", "in the Zhuldyz district"),
)

POLITE, NEUTRAL, HOSTILE = "polite", "neutral", "hostile"

TEMPLATES: dict[str, tuple[tuple[str, str, str, str], ...]] = {
    "question": (
        (
            POLITE,
            "Когда починят дорогу {place}?",
            "{place} жолды қашан жөндейді?",
            "When will the road {place} be repaired?",
        ),
        (
            POLITE,
            "Где можно подать документы на пособие? Ссылка не открывается.",
            "Жәрдемақыға құжатты қайда тапсыруға болады? Сілтеме ашылмайды.",
            "Where can I apply for the benefit? The link does not open.",
        ),
        (
            POLITE,
            "Будут ли отключать воду {place} в эти выходные?",
            "Осы демалыста {place} су өшіріле ме?",
            "Will the water be cut off {place} this weekend?",
        ),
        (
            NEUTRAL,
            "До какого числа принимают заявки?",
            "Өтінімдер қай күнге дейін қабылданады?",
            "Until what date are applications accepted?",
        ),
        (
            NEUTRAL,
            "Автобус снова будет ходить по старому маршруту?",
            "Автобус бұрынғы бағытымен қайта жүре ме?",
            "Will the bus run on its old route again?",
        ),
        (
            NEUTRAL,
            "Куда обращаться, если не вывозят мусор {place}?",
            "{place} қоқыс шығарылмаса, қайда хабарласу керек?",
            "Whom should I contact if rubbish is not collected {place}?",
        ),
        (
            POLITE,
            "Есть ли бесплатные места в кружках для детей?",
            "Балаларға арналған үйірмелерде тегін орын бар ма?",
            "Are there free places in children's clubs?",
        ),
        (
            POLITE,
            "Подскажите номер горячей линии, пожалуйста.",
            "Сенім телефонының нөмірін айтып жіберіңізші.",
            "Please tell me the hotline number.",
        ),
    ),
    "complaint": (
        (
            POLITE,
            "Третью неделю нет горячей воды {place}. Просим решить.",
            "{place} үшінші апта ыстық су жоқ. Шешуді сұраймыз.",
            "No hot water {place} for the third week. Please solve this.",
        ),
        (
            NEUTRAL,
            "Яма {place} так и не засыпана, машины ломаются.",
            "{place} шұңқыр әлі көмілмеді, көліктер бұзылып жатыр.",
            "The pothole {place} is still not filled; cars are breaking down.",
        ),
        (
            NEUTRAL,
            "Уличные фонари {place} не горят уже месяц.",
            "{place} көше шамдары бір айдан бері жанбайды.",
            "The street lights {place} have been off for a month.",
        ),
        (
            POLITE,
            "Записаться к врачу невозможно, очередь на две недели.",
            "Дәрігерге жазылу мүмкін емес, кезек екі аптаға созылады.",
            "It is impossible to book a doctor; the queue is two weeks long.",
        ),
        (
            POLITE,
            "Подали заявку три месяца назад, ответа до сих пор нет.",
            "Өтінімді үш ай бұрын бердік, әлі жауап жоқ.",
            "We applied three months ago and still have no answer.",
        ),
        (
            NEUTRAL,
            "Вечером автобусов почти нет, люди ждут по часу.",
            "Кешке автобус жоқтың қасы, адамдар бір сағат күтеді.",
            "Hardly any buses in the evening; people wait an hour.",
        ),
        (
            HOSTILE,
            "Сколько можно обещать?! {place} опять ничего не сделано!",
            "Қашанғы уәде бересіздер?! {place} тағы ештеңе жасалмады!",
            "How long will you keep promising?! Again nothing has been done {place}!",
        ),
        (
            HOSTILE,
            "Вы вообще читаете жалобы? Позор такой работе!",
            "Шағымдарды оқисыздар ма өзі? Мұндай жұмысқа ұят!",
            "Do you even read the complaints? Shame on such work!",
        ),
    ),
    "praise": (
        (
            POLITE,
            "Спасибо за быстрый ремонт {place}!",
            "{place} жөндеуді тез жасағандарыңызға рахмет!",
            "Thank you for the quick repair {place}!",
        ),
        (
            POLITE,
            "Отличный праздник, дети в восторге.",
            "Керемет мереке болды, балалар қуанып қалды.",
            "A great celebration; the children loved it.",
        ),
        (
            POLITE,
            "Наконец-то понятно объяснили, спасибо.",
            "Ақыры түсінікті етіп түсіндірдіңіздер, рахмет.",
            "Finally it has been explained clearly, thank you.",
        ),
        (
            POLITE,
            "Молодцы, что отвечаете людям!",
            "Адамдарға жауап беріп жүргендеріңіз жақсы!",
            "Well done for answering people!",
        ),
        (
            POLITE,
            "Красивый парк получился, спасибо акимату.",
            "Саябақ әдемі болып шықты, әкімдікке рахмет.",
            "The park turned out beautiful, thanks to the akimat.",
        ),
        (
            POLITE,
            "Полезная информация, сохранила себе.",
            "Пайдалы ақпарат, өзіме сақтап алдым.",
            "Useful information, I have saved it.",
        ),
    ),
    "suggestion": (
        (
            POLITE,
            "Предлагаю поставить светофор у школы {place}.",
            "{place} мектеп жанына бағдаршам қоюды ұсынамын.",
            "I suggest a traffic light by the school {place}.",
        ),
        (
            POLITE,
            "Публикуйте, пожалуйста, график отключений заранее.",
            "Өшіру кестесін алдын ала жариялап отырыңыздаршы.",
            "Please publish the outage schedule in advance.",
        ),
        (
            POLITE,
            "Хорошо бы добавить субтитры к видео.",
            "Бейнелерге субтитр қосса жақсы болар еді.",
            "It would be good to add subtitles to the videos.",
        ),
        (
            NEUTRAL,
            "Сделайте прямой эфир с акимом, чтобы задать вопросы.",
            "Сұрақ қою үшін әкіммен тікелей эфир ұйымдастырыңыздар.",
            "Hold a live stream with the akim so that we can ask questions.",
        ),
        (
            NEUTRAL,
            "Нужна велодорожка {place}.",
            "{place} велосипед жолы керек.",
            "A cycle lane is needed {place}.",
        ),
        (
            POLITE,
            "Добавьте карту с адресами пунктов приёма.",
            "Қабылдау пункттерінің мекенжайлары бар карта қосыңыздар.",
            "Please add a map with the addresses of the reception points.",
        ),
    ),
    "misinformation": (
        (
            NEUTRAL,
            "Говорят, со следующего месяца пособия отменят, все уже знают.",
            "Келесі айдан бастап жәрдемақыны тоқтатады дейді, бәрі біледі.",
            "They say benefits will be cancelled from next month; everyone already knows.",
        ),
        (
            NEUTRAL,
            "Воду из-под крана пить нельзя, мне в WhatsApp написали.",
            "Құбыр суын ішуге болмайды, маған WhatsApp-та жазды.",
            "Tap water is unsafe to drink, I was told on WhatsApp.",
        ),
        (
            NEUTRAL,
            "Плату за проезд поднимут в три раза, уже решено.",
            "Жол ақысын үш есе көтереді, шешіліп қойған.",
            "Bus fares will triple; it is already decided.",
        ),
        (
            NEUTRAL,
            "Школы закроют на карантин на месяц, готовьтесь.",
            "Мектептерді бір айға карантинге жабады, дайындалыңыздар.",
            "Schools will close for a month of quarantine; get ready.",
        ),
        (
            HOSTILE,
            "Дамбу вот-вот прорвёт, а власти молчат!",
            "Бөгет жарылғалы тұр, ал билік үндемейді!",
            "The dam is about to burst and the authorities are silent!",
        ),
        (
            HOSTILE,
            "Этот парк давно продали под застройку, не врите!",
            "Бұл саябақты құрылысқа әлдеқашан сатып жіберген, өтірік айтпаңыздар!",
            "This park was sold to developers long ago, stop lying!",
        ),
    ),
    "abuse_spam": (
        (
            NEUTRAL,
            "Заработок от 50 000 тг в день! Пишите в директ.",
            "Күніне 50 000 теңгеден табыс! Директке жазыңыз.",
            "Earn from 50,000 tenge a day! Write to my DMs.",
        ),
        (
            NEUTRAL,
            "Кредит без справок за 5 минут, ссылка в профиле.",
            "Анықтамасыз несие 5 минутта, сілтеме профильде.",
            "A loan with no paperwork in 5 minutes, link in my profile.",
        ),
        (HOSTILE, "Все вы тут бездельники!", "Бәрің жалқаусыңдар!", "You are all idlers!"),
        (
            HOSTILE,
            "Клоуны, уходите в отставку!",
            "Клоундар, отставкаға кетіңдер!",
            "Clowns, resign!",
        ),
        (
            NEUTRAL,
            "Подпишись на мой канал, там вся правда!!!",
            "Менің арнама жазыл, бар шындық сонда!!!",
            "Subscribe to my channel, the whole truth is there!!!",
        ),
        (HOSTILE, "Ха-ха, опять цирк.", "Ха-ха, тағы цирк.", "Ha-ha, the circus again."),
    ),
}


def render(category: str, index: int, language: str, place_index: int) -> tuple[str, str, str]:
    """Return (tone, text in the comment's language, English gloss) for one template."""
    tone, ru, kk, en = TEMPLATES[category][index]
    place_ru, place_kk, place_en = PLACES[place_index]
    text = ru.format(place=place_ru) if language == "ru" else kk.format(place=place_kk)
    if text[0].islower():
        text = text[0].upper() + text[1:]
    return tone, text, en.format(place=place_en)
