"""Fields of single references: one case per citation style and per error class the field
reader handles. The references are invented for these tests."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from citecheck.parse import parse_reference
from citecheck.parse.fields import extract_fields


@dataclass(frozen=True)
class Case:
    """One reference and the fields it must give."""

    reference: str
    """The reference as a document would write it."""
    authors: tuple[str, ...]
    """Expected authors, in order."""
    title: str | None
    """Expected title."""
    container: str | None
    """Expected journal, site or book the work appeared in."""
    published: str | None
    """Expected publication date (ISO 8601 at the precision written)."""
    accessed: str | None = None
    """Expected access date."""


STYLES = {
    "mla": Case(
        'Okafor, Chidi. "River Towns and Their Bridges." Journal of Urban Form, vol. 12, '
        "no. 3, 2019, pp. 44-61.",
        ("Okafor, Chidi",),
        "River Towns and Their Bridges",
        "Journal of Urban Form",
        "2019",
    ),
    "mla-web-accessed": Case(
        'Patel, Anika. "How Tide Tables Are Made." Coastal Almanac, 3 Mar. 2021, '
        "https://example.org/tides. Accessed 5 Apr. 2022.",
        ("Patel, Anika",),
        "How Tide Tables Are Made",
        "Coastal Almanac",
        "2021-03-03",
        "2022-04-05",
    ),
    "apa": Case(
        "Lindqvist, M. A., & Perez, R. (2018). Soil memory in dry grasslands. Ecology Notes, "
        "7(2), 101–118.",
        ("Lindqvist, M. A.", "Perez, R."),
        "Soil memory in dry grasslands",
        "Ecology Notes",
        "2018",
    ),
    "chicago-notes": Case(
        "Hannah Brightwater, The Salt Roads: Trade before Empire (Boston: Harbor House, 2011), 52.",
        ("Hannah Brightwater",),
        "The Salt Roads: Trade before Empire",
        None,
        "2011",
    ),
    "chicago-author-date": Case(
        "Moreau, Lucien. 2004. The Quiet Harbour. Lyon: Éditions du Port.",
        ("Moreau, Lucien",),
        "The Quiet Harbour",
        None,
        "2004",
    ),
    "harvard": Case(
        "Tanaka, K. and Oduya, P. (2015) Lighthouses of the north coast. 2nd edn. Leeds: "
        "Coastline Press.",
        ("Tanaka, K.", "Oduya, P."),
        "Lighthouses of the north coast",
        None,
        "2015",
    ),
    "ieee": Case(
        '[7] P. Sandoval and K. Mertens, "Ice cores from the western ridge," IEEE Journal of '
        "Field Robotics, vol. 4, no. 1, pp. 10–19, Jan. 2020.",
        ("P. Sandoval", "K. Mertens"),
        "Ice cores from the western ridge",
        "IEEE Journal of Field Robotics",
        "2020-01",
    ),
    "vancouver": Case(
        "Osei K, Brandt LM, Novak J. Sleep duration and recall in older adults. J Aging Stud. "
        "2016;22(4):310-8.",
        ("Osei K", "Brandt LM", "Novak J."),
        "Sleep duration and recall in older adults",
        "J Aging Stud",
        "2016",
    ),
}

ERROR_CLASSES = {
    # author lists that must be read to their end
    "mixed-name-forms": Case(
        "Kowalski, J., Anna Berg, and T. R. Hale. Patterns of frost on glass. Cold Physics, 3, "
        "1-9, 1999.",
        ("Kowalski, J.", "Anna Berg", "T. R. Hale"),
        "Patterns of frost on glass",
        "Cold Physics",
        "1999",
    ),
    "all-caps-surnames": Case(
        "DUBOIS, Marie, LEFEVRE, Paul. Les jardins de la ville. Paris : Seuil, 2008.",
        ("DUBOIS, Marie", "LEFEVRE, Paul"),
        "Les jardins de la ville",
        None,
        "2008",
    ),
    "lower-case-particles": Case(
        "van der Berg, H. and de la Cruz, M. (2012). Dune grasses of the coast. Sand Studies, "
        "4, 12-30.",
        ("van der Berg, H.", "de la Cruz, M."),
        "Dune grasses of the coast",
        "Sand Studies",
        "2012",
    ),
    "et-al": Case(
        "Nguyen, T., et al. (2019). Coral colour under stress. Reef Letters, 2, 5-9.",
        ("Nguyen, T.",),
        "Coral colour under stress",
        "Reef Letters",
        "2019",
    ),
    "editors": Case(
        "Hale, R. and Moss, D. (Eds.). (2007). Handbook of small harbours. London: Quay Press.",
        ("Hale, R.", "Moss, D."),
        "Handbook of small harbours",
        None,
        "2007",
    ),
    "given-name-after-initial": Case(
        "Alvarez, R. Tomás and Ines Vidal. 2008. Olive presses of Andalusia. Sevilla: Almazara.",
        ("Alvarez, R. Tomás", "Ines Vidal"),
        "Olive presses of Andalusia",
        None,
        "2008",
    ),
    "period-separated-names": Case(
        "Guerra, AB. Lindt, CD. Sato, E. (2014) Measuring fog density. Atmos Lett, 9: 20-25.",
        ("Guerra, AB", "Lindt, CD", "Sato, E."),
        "Measuring fog density",
        "Atmos Lett",
        "2014",
    ),
    "bracketed-initials": Case(
        "Durand (P.), Les moulins du Berry, Revue du Centre, 12, 1990, 5-30.",
        ("Durand (P.)",),
        "Les moulins du Berry",
        "Revue du Centre",
        "1990",
    ),
    "cyrillic-names": Case(
        "Орлова, Мария. Северные реки. Москва: Наука, 1999.",
        ("Орлова, Мария",),
        "Северные реки",
        None,
        "1999",
    ),
    "dash-for-repeated-author": Case(
        "—. The Summer Garden. Leeds: Brook, 2001.",
        ("—",),
        "The Summer Garden",
        None,
        "2001",
    ),
    # titles that must stop where the container starts
    "comma-separated-container": Case(
        "A. Lund, B. Okoro, Adaptive meshes for shallow water, Journal of Coastal Computing 14 "
        "(2010) 33-47.",
        ("A. Lund", "B. Okoro"),
        "Adaptive meshes for shallow water",
        "Journal of Coastal Computing",
        "2010",
    ),
    "volume-marker-after-journal": Case(
        "Barros, L. M., Quartz veins of the northern shield, Journal of Crustal Studies, v. 41, "
        "pp. 22-38, 1988.",
        ("Barros, L. M.",),
        "Quartz veins of the northern shield",
        "Journal of Crustal Studies",
        "1988",
    ),
    "publisher-after-comma": Case(
        "Wendt, Karla, Mapping the old canals, Westbrook University Press, 2013.",
        ("Wendt, Karla",),
        "Mapping the old canals",
        "Westbrook University Press",
        "2013",
    ),
    "edition-after-title": Case(
        "Bagley, T. (2001) Tidal Power, 3rd edn. Bristol: Wave Press.",
        ("Bagley, T.",),
        "Tidal Power",
        None,
        "2001",
    ),
    "in-container": Case(
        "Ruiz, A. (2010). Salt marsh birds. In: Coastal Fauna, ed. B. Kim, pp. 45-60. Oslo: Fjord.",
        ("Ruiz, A.",),
        "Salt marsh birds",
        "Coastal Fauna",
        "2010",
    ),
    "in-editors-container": Case(
        "Roe, J. (2011). Chapter 4. Winter feeding. In P. Lark (Ed.), Birds of the moor "
        "(pp. 40-52). York: Fell Press.",
        ("Roe, J.",),
        "Chapter 4. Winter feeding",
        "Birds of the moor",
        "2011",
    ),
    "book-with-city-and-publisher": Case(
        "Clara Mendes, Rivers of the South (Lisbon: Ponte Editora, 1999), 14.",
        ("Clara Mendes",),
        "Rivers of the South",
        None,
        "1999",
    ),
    "authors-after-title": Case(
        "Measuring fog density Lindt, C., Sato, E. 2014 Atmos Lett 9: 20-25",
        (),
        "Measuring fog density",
        None,
        "2014",
    ),
    # titles that must not stop too early
    "subtitle-before-publisher": Case(
        "Ito, S. (2003). Walking the dunes. Notes from a coastal survey. Sendai: Tide Books.",
        ("Ito, S.",),
        "Walking the dunes. Notes from a coastal survey",
        None,
        "2003",
    ),
    "no-subtitle-before-journal": Case(
        "Ito, S. (2003). Walking the dunes. Coastal Review, 5(1), 1-9.",
        ("Ito, S.",),
        "Walking the dunes",
        "Coastal Review",
        "2003",
    ),
    "subtitle-in-comma-style": Case(
        "Lemaire, Jean-Paul, Quiet Streets. Stories of a Border Town, Revue du Nord, 4, 1996, "
        "7-30.",
        ("Lemaire, Jean-Paul",),
        "Quiet Streets. Stories of a Border Town",
        "Revue du Nord",
        "1996",
    ),
    "lower-case-title-continuation": Case(
        "HOLM, Erik, Reading rivers, maps, and memory, Nordic Geography Review, 12, 2005, 3-19.",
        ("HOLM, Erik",),
        "Reading rivers, maps, and memory",
        "Nordic Geography Review",
        "2005",
    ),
    "quoted-title-period-inside": Case(
        'Marsh, Ellen. "Lanterns at Dusk." Harbor Review 8 (2001): 3-17.',
        ("Marsh, Ellen",),
        "Lanterns at Dusk",
        "Harbor Review",
        "2001",
    ),
    "low-opening-quote": Case(
        "Weber, Hanna: „Die Brücken der Altstadt.“ Stadtgeschichte 14 (2003), 5–19.",
        ("Weber, Hanna",),
        "Die Brücken der Altstadt",
        "Stadtgeschichte",
        "2003",
    ),
    "chapter-number": Case(
        "Roe, J. (2011). Chapter 4. Winter feeding. Moor Studies, 2, 1-9.",
        ("Roe, J.",),
        "Chapter 4. Winter feeding",
        "Moor Studies",
        "2011",
    ),
    "bracketed-translated-title": Case(
        "Ivanova, N. (2009). [Lake ice in spring]. Limnol J, 4, 1-5.",
        ("Ivanova, N.",),
        "[Lake ice in spring]",
        "Limnol J",
        "2009",
    ),
    "year-range-in-title": Case(
        "Lund, Karin. 2010. Harbours of the Baltic, 1700-1850. Oslo: Fjord.",
        ("Lund, Karin",),
        "Harbours of the Baltic, 1700-1850",
        None,
        "2010",
    ),
    "year-range-ends-comma-title": Case(
        "Petrov, A., Harbour towns of the north, 1700-1850 (Riga, 2004).",
        ("Petrov, A.",),
        "Harbour towns of the north, 1700-1850",
        None,
        "2004",
    ),
    "ellipsis-inside-title": Case(
        "Brandt, E. (2009). Die kleinen Häfen . . . Eine Reise an der Küste. Kiel: Nordbuch.",
        ("Brandt, E.",),
        "Die kleinen Häfen . . . Eine Reise an der Küste",
        None,
        "2009",
    ),
    "translator-note-after-title": Case(
        "Sørensen, L. (1999). Lamps and lenses (translated by P. Holm). Oslo: Fjord.",
        ("Sørensen, L.",),
        "Lamps and lenses",
        None,
        "1999",
    ),
    "city-publisher-year-in-brackets": Case(
        "Alma Reyes, The Quiet Coast (Valparaíso: Puerto Press, 2001), 12-14.",
        ("Alma Reyes",),
        "The Quiet Coast",
        None,
        "2001",
    ),
    "two-letter-initials": Case(
        "Masters, T. V. and Koval,Ye.P., Frost heave in clay, Soil Letters, 4, 1-9, 1987.",
        ("Masters, T. V.", "Koval, Ye.P."),
        "Frost heave in clay",
        "Soil Letters",
        "1987",
    ),
    "subtitle-and-edition-before-publisher": Case(
        "Barber, J. (2000). The Salt Trade. A Short History. 2nd edition. Bristol: Wave Press.",
        ("Barber, J.",),
        "The Salt Trade. A Short History",
        None,
        "2000",
    ),
    "work-named-before-its-editor": Case(
        "Harbour Tales. Ed. Mira Holt. Bristol: Wave Press, 2005.",
        (),
        "Harbour Tales",
        None,
        "2005",
    ),
    "given-name-ending-in-particle": Case(
        "Campos, Lúcia de. Os faróis do sul. Lisboa: Farol, 1988.",
        ("Campos, Lúcia de",),
        "Os faróis do sul",
        None,
        "1988",
    ),
    "citation-key-before-authors": Case(
        "[Okafor2019] C. Okafor, River towns and bridges, Urban Form 12 (2019) 44-61.",
        ("C. Okafor",),
        "River towns and bridges",
        "Urban Form",
        "2019",
    ),
    "publisher-and-year-in-brackets": Case(
        "J. D. Marsh, Tidal Engineering (Quay Press, 2004), 2nd ed.",
        ("J. D. Marsh",),
        "Tidal Engineering",
        None,
        "2004",
    ),
    "surname-with-particle-then-editors": Case(
        "Van der Meer, Anna, and Joost Smit (Eds.). Polder life. Delft: Dijk, 2011.",
        ("Van der Meer, Anna", "Joost Smit"),
        "Polder life",
        None,
        "2011",
    ),
    "lower-case-sentence-continues-title": Case(
        "Osei K, Novak J. Sleep in older adults. results from a town survey. J Aging Stud. "
        "2016;22(4):310-8.",
        ("Osei K", "Novak J."),
        "Sleep in older adults. results from a town survey",
        "J Aging Stud",
        "2016",
    ),
    "subtitle-after-question": Case(
        "Lee, H. (2012). Do tides shape towns? A study of three ports. Coastal Review, 5, 1-9.",
        ("Lee, H.",),
        "Do tides shape towns? A study of three ports",
        "Coastal Review",
        "2012",
    ),
    "bracket-with-year-inside-title": Case(
        "Ortiz, P. (1996). Seeds from the upper terrace (1994 season). Field Reports, 3, 7-19.",
        ("Ortiz, P.",),
        "Seeds from the upper terrace (1994 season)",
        "Field Reports",
        "1996",
    ),
    "czech-and-between-names": Case(
        "NOVÁK, Jan, Petra SVOBODOVÁ a Karel DVOŘÁK, 2015. Mosty přes Vltavu. Praha: Most.",
        ("NOVÁK, Jan", "Petra SVOBODOVÁ", "Karel DVOŘÁK"),
        "Mosty přes Vltavu",
        None,
        "2015",
    ),
    "subtitle-after-exclamation": Case(
        "Moss, T. (2004). Made it home! How lost pigeons find their lofts. Bird Notes, 9, 2-8.",
        ("Moss, T.",),
        "Made it home! How lost pigeons find their lofts",
        "Bird Notes",
        "2004",
    ),
    "journal-after-question": Case(
        "Moss, T. (2004). Do pigeons map? Journal of Bird Navigation, 9, 2-8.",
        ("Moss, T.",),
        "Do pigeons map?",
        "Journal of Bird Navigation",
        "2004",
    ),
    "title-words-joined-by-and": Case(
        "Rosa Lindqvist, Harbour Towns and Bridges (Oslo: Fjord, 2019).",
        ("Rosa Lindqvist",),
        "Harbour Towns and Bridges",
        None,
        "2019",
    ),
    "journal-volume-and-pages-after-comma": Case(
        "Lund, Mia. 1985. Once upon a harbour, Coastal Linguistics 8: 237-261.",
        ("Lund, Mia",),
        "Once upon a harbour",
        "Coastal Linguistics",
        "1985",
    ),
    "year-after-title": Case(
        "Grey, B. Renovation of old harbours across Europe, 2012.",
        ("Grey, B.",),
        "Renovation of old harbours across Europe",
        None,
        "2012",
    ),
    "full-date-inside-title": Case(
        "Hart, D. (1956). Storm damage on the coast in October, 1954. Coastal Review, 4, 1-9.",
        ("Hart, D.",),
        "Storm damage on the coast in October, 1954",
        "Coastal Review",
        "1956",
    ),
    # dates in author position
    "apa-date-month-day": Case(
        "Greene, P. (1987, January 30). Storm closes the ferry. The Island Courier, p. 3.",
        ("Greene, P.",),
        "Storm closes the ferry",
        "The Island Courier",
        "1987-01-30",
    ),
    "apa-date-day-month": Case(
        "Abara, L. (12 February 1988). Lamps return to the pier. Harbour Times.",
        ("Abara, L.",),
        "Lamps return to the pier",
        "Harbour Times",
        "1988-02-12",
    ),
    "original-year-in-brackets": Case(
        "Castell, Nora. 1998 [1952]. The Winter Garden. Leeds: Brook.",
        ("Castell, Nora",),
        "The Winter Garden",
        None,
        "1998",
    ),
}


def _fields(case: Case) -> tuple[object, ...]:
    source = parse_reference(case.reference)
    return source.authors, source.title, source.container, source.published, source.accessed


@pytest.mark.parametrize("case", STYLES.values(), ids=STYLES.keys())
def test_citation_styles(case: Case) -> None:
    expected = (case.authors, case.title, case.container, case.published, case.accessed)
    assert _fields(case) == expected


@pytest.mark.parametrize("case", ERROR_CLASSES.values(), ids=ERROR_CLASSES.keys())
def test_error_classes(case: Case) -> None:
    expected = (case.authors, case.title, case.container, case.published, case.accessed)
    assert _fields(case) == expected


def test_invisible_characters_and_bullets_do_not_reach_the_title() -> None:
    fields = extract_fields("\u202d• Quist, O. (2001) Lamps of the quay. Port Life, 3, 1-4.")
    assert (fields.authors, fields.title) == (("Quist, O.",), "Lamps of the quay")


def test_no_authors_gives_the_first_sentence_as_title() -> None:
    fields = extract_fields("Survey of harbour lights. Coastal Office, 2010.")
    assert fields.authors == ()
    assert fields.title == "Survey of harbour lights"
    assert fields.published == "2010"
