"""Table-driven tests of the event extractor (newsgraph.extract.events).

Every sentence here was written for these tests (news style, invented events). A positive row
names one event the sentence must yield: its source (a country code such as ``RUS``, or a full
actor code such as ``IGOUNO`` or ``USAGOV``), its CAMEO code (four or three digits: exactly
that code; two: any code of that root) and its target (``None``: the event has no target).
A negative row must yield no *asserted* event: nothing at all, or only negated, intended,
hypothetical or reported ones.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model

# (sentence, source, code or root, target)
POSITIVE: list[tuple[str, str, str, str | None]] = [
    # 01 public statements
    ("Iran denied any involvement in the attack on the tanker.", "IRN", "016", None),
    ("Japan expressed condolences to Turkey after the earthquake.", "JPN", "018", "TUR"),
    ("China expressed concern over the military drills near its coast.", "CHN", "012", None),
    ("A Syrian rebel group claimed responsibility for the bombing.", "SYR", "015", None),
    ("The Israeli foreign ministry declined to comment.", "ISR", "011", None),
    # 02 appeals
    ("Lebanon appealed to the European Union for humanitarian aid.", "LBN", "023", "IGOEEC"),
    ("Sudan appealed to Egypt to release the detained fishermen.", "SDN", "0253", "EGY"),
    # 03 intents
    ("Russia will grant Belarus a loan of $1.5 billion.", "RUS", "0331", "BLR"),
    ("Japan pledged $200 million in aid to Sri Lanka.", "JPN", "0331", "LKA"),
    ("Germany pledged to send humanitarian aid to Ukraine.", "DEU", "0331", "UKR"),
    ("Peru agreed to withdraw its troops from the disputed valley.", "PER", "0356", None),
    ("Vietnam offered to hold talks with the Philippines.", "VNM", "036", "PHL"),
    # 04 consult
    ("The Indian prime minister visited Japan on Tuesday.", "IND", "042", "JPN"),
    (
        "Brazil's foreign minister met his Argentine counterpart in Buenos Aires.",
        "BRA",
        "040",
        "ARG",
    ),
    ("Qatar hosted the Afghan delegation in Doha.", "QAT", "043", "AFG"),
    ("Kenya negotiated with Ethiopia over the disputed border.", "KEN", "046", "ETH"),
    # 05 diplomatic cooperation
    ("Canada praised Mexico for its handling of the crisis.", "CAN", "051", "MEX"),
    ("Egypt restored diplomatic ties with Qatar.", "EGY", "054", "QAT"),
    ("Poland signed a defence agreement with Sweden.", "POL", "057", "SWE"),
    ("Japan apologized to South Korea for the wartime abuses.", "JPN", "055", "KOR"),
    # 06 material cooperation
    ("Spain extradited the suspect to Italy.", "ESP", "063", "ITA"),
    ("Jordan shared intelligence with Iraq about the militants.", "JOR", "064", "IRQ"),
    # 07 aid
    ("The United States sent weapons to Ukraine.", "USA", "072", "UKR"),
    ("Norway donated food to Yemen.", "NOR", "071", "YEM"),
    ("Germany gave Jordan 50 million euros.", "DEU", "071", "JOR"),
    ("Australia provided humanitarian assistance to Fiji.", "AUS", "071", "FJI"),
    # 08 yield
    ("Iran released two French citizens on Friday.", "IRN", "0841", "FRA"),
    ("Washington lifted sanctions on Venezuela.", "USA", "085", "VEN"),
    ("The Bolivian president resigned on Sunday.", "BOL", "0831", None),
    ("Nigerian teachers called off their strike on Friday.", "NGA", "082", None),
    # 09 investigate
    ("Kenyan police investigated two Ugandan officials.", "KEN", "090", "UGA"),
    # 10 demand
    ("Japan demanded that China release the detained fishermen.", "JPN", "1053", "CHN"),
    (
        "The UN Security Council called on Israel to halt settlement construction.",
        "IGOUNO",
        "10",
        "ISR",
    ),
    ("Germany urged Serbia to recognise Kosovo.", "DEU", "10", "SRB"),
    # 11 disapprove
    ("Turkey condemned Sweden over the burning of the Koran.", "TUR", "111", "SWE"),
    ("Venezuela accused Colombia of plotting a coup.", "VEN", "112", "COL"),
    ("Morocco summoned the Spanish ambassador.", "MAR", "114", "ESP"),
    ("Poland lodged a formal protest with Belarus.", "POL", "114", "BLR"),
    # 12 reject
    ("Russia vetoed the resolution on Syria.", "RUS", "129", None),
    ("Ukraine refused to withdraw its troops from the region.", "UKR", "1246", None),
    ("Hungary rejected the Polish proposal.", "HUN", "120", "POL"),
    # 13 threaten
    ("China threatened to impose sanctions on Lithuania.", "CHN", "1312", "LTU"),
    ("Iran warned Israel against any strike on its nuclear sites.", "IRN", "13", "ISR"),
    # 14 protest
    ("Thousands of Chilean students protested against the education reform.", "CHL", "141", None),
    ("Greek farmers blocked roads near the Bulgarian border.", "GRC", "144", None),
    ("Kenyan opposition supporters boycotted the election.", "KEN", "143", None),
    # 15 force posture
    ("India deployed troops along the border.", "IND", "154", None),
    ("Armenia mobilized its reservists on Sunday.", "ARM", "154", None),
    # 16 reduce relations
    ("Bolivia severed diplomatic ties with Israel.", "BOL", "161", "ISR"),
    # "while ...": an act of its own, not folded into the recall
    (
        "Chile recalled its ambassador from Peru while Bolivian troops massed on the border.",
        "CHL",
        "161",
        "PER",
    ),
    (
        "Chile recalled its ambassador from Peru while Bolivian troops massed on the border.",
        "BOL",
        "154",
        None,
    ),
    ("The United States imposed sanctions on Iran.", "USA", "163", "IRN"),
    ("Ecuador expelled the Mexican ambassador.", "ECU", "166", "MEX"),
    # 17 coerce
    ("Egyptian police arrested three Egyptian journalists in Cairo.", "EGY", "173", "EGY"),
    ("Thai authorities declared a curfew in Bangkok.", "THA", "1723", None),
    ("Israeli forces demolished a Palestinian home in the West Bank.", "ISR", "1712", "PSE"),
    # 18 assault
    ("Somali pirates hijacked a Greek tanker.", "SOM", "181", "GRC"),
    # 19 fight
    ("Russian forces shelled the Ukrainian city of Kharkiv.", "RUS", "194", "UKR"),
    ("Azerbaijani troops clashed with Armenian forces.", "AZE", "190", "ARM"),
    ("Sudanese soldiers opened fire on protesters in Khartoum.", "SDN", "193", "SDN"),
    ("Israel mounted an invasion of southern Lebanon.", "ISR", "190", "LBN"),
    ("Turkish drone strikes hit Kurdish positions in northern Iraq.", "TUR", "195", None),
    # 20 mass violence
    ("Myanmar's army massacred dozens of Rohingya villagers.", "MMR", "202", "MMR"),
]

# sentences that state no act as having happened
NEGATIVE: list[str] = [
    # negation
    "Talks were not held.",
    "The use of force was not discussed.",
    "Canada did not criticize Mexico.",
    "Russia has never attacked Finland.",
    "No agreement was signed between Serbia and Kosovo.",
    "Japan did not impose sanctions on Russia.",
    "Neither side has violated the ceasefire.",
    "Egypt denied that it had arrested the journalists.",
    # hypotheticals and conditions
    "If Russia attacked Estonia, NATO would respond.",
    "Analysts say China might invade Taiwan.",
    "Venezuela may expel the Brazilian ambassador.",
    "Ethiopia could deploy troops to the border if the talks fail.",
    # questions
    "Will Japan send troops to the region?",
    "Did Israel bomb the hospital in Gaza?",
    # no event at all
    "The minister said the economy was growing.",
    "Heavy rain is expected in Manila on Tuesday.",
    "Inflation in Argentina rose to 140 percent in September.",
    "Born in Lagos in 1961, she studied law in London.",
    "The summit is scheduled for next March in Nairobi.",
    "The report examines the history of Soviet arrests in Latvia.",
    "Riot police stood by as the crowd sang the national anthem.",
    "Peace talks are the only way forward, the editorial argued.",
    "Shares in Japanese carmakers fell sharply on Friday.",
    "The strike price of the option was set at 100 dollars.",
    "Analysts agree that the Indian economy will recover.",
    "The Chinese ambassador attended a concert in Berlin.",
    "The march of technology has changed how Kenyans vote.",
    "The meeting's chairman is a retired Ghanaian diplomat.",
    "Putin Visits Minsk After Disputed Election",
    "Critics argue that sanctions rarely work.",
    "Protests are common in the region, according to the survey.",
    "The talks' outcome remains unclear.",
    "Whether Iran will attack remains unclear.",
    "The film depicts a riot in a Brazilian prison.",
    "Security was tight in Nairobi ahead of the visit by the Chinese president.",
    "The Dutch ministry published a report on the Russian attack.",
    "The Kenyan government released its annual budget report.",
    "The Ghanaian government wants to ban plastic bags.",
    "Japanese officials are considering imposing sanctions on Russia.",
    "The central bank of Chile kept interest rates unchanged.",
    # words of acts used for something else
    "Kenya beat Uganda in the football final.",
    "Sixty percent of Brazilians say the president should resign.",
    "The Turkish government offers free school meals.",
    "North Korea's strategy is to bombard Seoul in the first hours of a war.",
    "Iran is a threat to its neighbours, the Saudi minister said.",
    "The Mexican senator lent her support to the reform.",
    "The scandal was blown up by Brazilian newspapers.",
    "The Canadian prime minister held a campaign rally in Toronto.",
    "Colombia's president backed down from the tax reform.",
    "Argentina's opposition seized on the inflation figures.",
    "Meet the Nigerian diplomats negotiating the deal.",
    "A statement released by the Thai army on Sunday gave no details.",
    "The Indian minister said we must protect our farmers.",
]


@pytest.fixture(scope="module")
def run():
    from newsgraph.extract.entities import extract_entities
    from newsgraph.extract.events import extract_events
    from newsgraph.extract.figures import extract_figures
    from newsgraph.extract.quotes import extract_quotes
    from newsgraph.extract.roles import attach_roles_and_speakers
    from newsgraph.pipeline import Analyzer

    nlp = Analyzer().nlp

    def go(text: str, published: str | None = "2021-06-15"):
        doc = nlp(text)
        ents = extract_entities(doc, "t")
        figs = extract_figures(doc, "t")
        quotes = extract_quotes(doc, ents, "t")
        ents, quotes = attach_roles_and_speakers(doc, ents, quotes, "t")
        return extract_events(doc, ents, figs, quotes, "t", published)

    return go


def _side(actor: dict | None, want: str | None) -> bool:
    """Whether an actor is the expected one: a country code (3 letters) or a full actor code."""
    if want is None:
        return actor is None
    if actor is None:
        return False
    return (actor["country"] if len(want) == 3 else actor["actor_code"]) == want


def _code_ok(event: dict, want: str) -> bool:
    return event["root"] == want if len(want) == 2 else event["code"] == want


def _show(events: list[dict]) -> list[tuple]:
    return [
        (
            e["text"],
            e["code"],
            (e["source"] or {}).get("actor_code"),
            (e["target"] or {}).get("actor_code"),
            e["modality"],
            e["negated"],
        )
        for e in events
    ]


@pytest.mark.parametrize(("text", "source", "code", "target"), POSITIVE, ids=lambda v: str(v)[:40])
def test_positive(run, text, source, code, target):
    events = run(text)
    hits = [
        e
        for e in events
        if not e["negated"]
        and _code_ok(e, code)
        and _side(e["source"], source)
        and _side(e["target"], target)
    ]
    assert hits, _show(events)


@pytest.mark.parametrize("text", NEGATIVE, ids=lambda v: v[:40])
def test_negative(run, text):
    events = run(text)
    asserted = [e for e in events if e["modality"] == "asserted" and not e["negated"]]
    assert asserted == [], _show(events)


def test_table_sizes():
    assert len(POSITIVE) >= 40 and len(NEGATIVE) >= 25
    roots = {c[:2] for _, _, c, _ in POSITIVE}
    assert roots >= {f"{r:02d}" for r in range(1, 20)}, sorted(roots)


def _places_of(events: list[dict], root: str) -> list[str | None]:
    return [(e["location"] or {}).get("name") for e in events if e["root"] == root]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Russian and Belarusian officials met in Moscow amid protests in Minsk.", "Moscow"),
        (
            "A meeting between Russian and Belarusian officials was held amid protests in Minsk.",
            None,
        ),
        ("Serbian and Croatian leaders met at a summit in Brussels.", "Brussels"),
        ("The Egyptian foreign minister visited Jordan during demonstrations in Cairo.", None),
        # the place named through the kind of place it is
        ("German and French officials met in the Baltic port city of Gdansk.", "Gdansk"),
        ("Kenyan and Ugandan ministers met in the Ethiopian capital, Addis Ababa.", "Addis Ababa"),
    ],
)
def test_place_of_another_noun_is_not_the_acts(run, text, place):
    """A place attached to a noun is the act's only when that noun is where the act happens
    ("at a summit in Brussels"), not when it names another act ("amid protests in Minsk")."""
    places = _places_of(run(text), "04")
    assert places and all(p == place for p in places), places
