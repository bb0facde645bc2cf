"""Titles of grey literature: corporate authors in every style, and the web notes ([Online],
Available at, Accessed ...) that government, NGO and web references carry. The references are
invented for these tests."""

from __future__ import annotations

import re

import pytest

from citecheck.parse import parse, parse_reference
from citecheck.parse.corporate import corporate_author, is_corporate_name

CORPORATE = {
    "apa-acronym": (
        "Department of the Harbour (DOH). (2019). Environmental assessment for the east pier. "
        "Wellington, NZ.",
        ("Department of the Harbour (DOH)",),
        "Environmental assessment for the east pier",
        "2019",
    ),
    "apa-square-acronym": (
        "Bureau of Coastal Surveys [BCS]. (2021). Shoreline retreat in the northern bays. "
        "Retrieved from https://bcs.example.gov/retreat",
        ("Bureau of Coastal Surveys [BCS]",),
        "Shoreline retreat in the northern bays",
        "2021",
    ),
    "apa-lowercase-french": (
        "Ministère des forêts du Nord (MFN) (2016). Guide des chemins forestiers. Québec, 88 p.",
        ("Ministère des forêts du Nord (MFN)",),
        "Guide des chemins forestiers",
        "2016",
    ),
    "apa-and-in-name": (
        "Department of Parks and Inland Waters. (2018). Lake levels and the dry decade. "
        "Canberra: DPIW.",
        ("Department of Parks and Inland Waters",),
        "Lake levels and the dry decade",
        "2018",
    ),
    "harvard-bare-year": (
        "Northern Bureau of Statistics 2017, Household water use survey, cat. no. 4610.0, NBS, "
        "Darwin.",
        ("Northern Bureau of Statistics",),
        "Household water use survey",
        "2017",
    ),
    "harvard-year-after-period": (
        "Council of Island Refugees. 2020. Submission to the inquiry into boat arrivals. "
        "Hobart: CIR.",
        ("Council of Island Refugees",),
        "Submission to the inquiry into boat arrivals",
        "2020",
    ),
    "mla": (
        "Agency for Alpine Safety. Avalanche Risk on Marked Trails. Innsbruck, 2015. Print.",
        ("Agency for Alpine Safety",),
        "Avalanche Risk on Marked Trails",
        "2015",
    ),
    "chicago": (
        "Office of the River Commissioner. Floodplain Mapping in the Lower Valley. "
        "Sacramento: State Printing Office, 2012.",
        ("Office of the River Commissioner",),
        "Floodplain Mapping in the Lower Valley",
        "2012",
    ),
    "vancouver-internet": (
        "Doctors Beyond Borders (DBB). Measles response in the highlands [Internet]. 2020 "
        "[cited 2021 Mar 3]. Available from: https://dbb.example.org/measles",
        ("Doctors Beyond Borders (DBB)",),
        "Measles response in the highlands",
        "2020",
    ),
    "vancouver-sub-unit": (
        "Institute of Nursing (US) Committee on Night Shifts in Rural Clinics. Keeping Watch: "
        "Safer Night Care. Washington (DC): Academic Press (US); 2004.",
        ("Institute of Nursing (US) Committee on Night Shifts in Rural Clinics",),
        "Keeping Watch: Safer Night Care",
        "2004",
    ),
    "ieee-comma": (
        "[3] Ministry of Fisheries (MoF), Annual reef monitoring bulletin, Tech. Rep., Suva, 2018.",
        ("Ministry of Fisheries (MoF)",),
        "Annual reef monitoring bulletin",
        "2018",
    ),
    "ieee-quoted": (
        '[1] World Forestry Organization, "Global report on peatland fires," WFO, Geneva, 2016. '
        "[Online]. Available: http://wfo.example.int/peat",
        ("World Forestry Organization",),
        "Global report on peatland fires",
        "2016",
    ),
    "vancouver-plural-body": (
        "Centers for Tick Control and Prevention. Tick bites and what to do [Internet]. "
        "Atlanta: CTCP; 2019 [updated 2019 Dec 2; cited 2020 Jan 3]. Available from: "
        "https://ctcp.example.gov/ticks",
        ("Centers for Tick Control and Prevention",),
        "Tick bites and what to do",
        "2019",
    ),
    "apa-city": (
        "City of Lakeport. (2020). Shelter occupancy dashboard [Data set]. "
        "https://open.lakeport.example/shelter",
        ("City of Lakeport",),
        "Shelter occupancy dashboard",
        "2020",
    ),
    "vancouver-unit-of-a-body": (
        "Parliament of Ruritania. Senate Committee on Rural Roads. Inquiry into road tolls. "
        "Strelsau: Parliament of Ruritania; 2019.",
        ("Parliament of Ruritania. Senate Committee on Rural Roads",),
        "Inquiry into road tolls",
        "2019",
    ),
    "vancouver-person-then-body": (
        "Mensah K, World Irrigation Group. Financing canal repairs. Accra; 2015.",
        ("Mensah K", "World Irrigation Group"),
        "Financing canal repairs",
        "2015",
    ),
    "apa-title-case-body-without-a-body-word": (
        "Protect the Rivers (2019). Stop the dredging of estuaries. Bristol: Protect the Rivers.",
        ("Protect the Rivers",),
        "Stop the dredging of estuaries",
        "2019",
    ),
    "vancouver-list-inside-a-name": (
        "Ministry of Fisheries, Forests and Parks. Timber statistics. Suva: MFFP; 2019.",
        ("Ministry of Fisheries, Forests and Parks",),
        "Timber statistics",
        "2019",
    ),
    "quoted-name-with-and": (
        'Department of Housing and Urban Renewal, "Tenancy in transition," Ottawa, 2020.',
        ("Department of Housing and Urban Renewal",),
        "Tenancy in transition",
        "2020",
    ),
}


@pytest.mark.parametrize("name", sorted(CORPORATE))
def test_corporate_author_is_not_the_title(name: str) -> None:
    reference, authors, title, published = CORPORATE[name]
    source = parse_reference(reference)
    assert source.authors == authors
    assert source.title == title
    assert source.published == published


NOT_CORPORATE = {
    # A personal author first: the organisation's name is the title's.
    "apa-person-first": (
        "Okoro, T. (2019). Department of the Harbour procurement rules. Port Studies, 12, 3-9.",
        ("Okoro, T.",),
        "Department of the Harbour procurement rules",
    ),
    "vancouver-person-first": (
        "Ngata J. World Forestry Organization and the peat question. Forest Policy. "
        "2020;11(2):45-60.",
        ("Ngata J.",),
        "World Forestry Organization and the peat question",
    ),
    # A work whose own name holds a body's word: "Report" says it is the work.
    "annual-report": (
        "Annual Report of the Harbour Board. Wellington: Government Printer, 1931.",
        (),
        "Annual Report of the Harbour Board",
    ),
    # After a person, an acronym alone does not make a body: it is the title's.
    "person-then-acronym-title": (
        "Okoro, T.J., Tick-borne virus (TBV) vectors in the field. Curr Vet Ther, 2005. 5(3): "
        "p. 333-8.",
        ("Okoro, T.J.",),
        "Tick-borne virus (TBV) vectors in the field",
    ),
    # People named in Title Case before a year stay people.
    "two-people-before-a-year": (
        "Tomas Berg and Mary Olsen (2019). Rivers of the north. Oslo: Fjord Press.",
        ("Tomas Berg", "Mary Olsen"),
        "Rivers of the north",
    ),
    # A title with a bracketed word that is no acronym.
    "species-in-brackets": (
        "Leaf litter of Quercus robur (Fagaceae), a common oak of lowland Europe",
        (),
        "Leaf litter of Quercus robur (Fagaceae), a common oak of lowland Europe",
    ),
}


@pytest.mark.parametrize("name", sorted(NOT_CORPORATE))
def test_title_starting_with_a_body_is_kept(name: str) -> None:
    reference, authors, title = NOT_CORPORATE[name]
    source = parse_reference(reference)
    assert source.authors == authors
    assert source.title == title


def test_a_body_before_place_and_publisher_is_a_title() -> None:
    # "Name. City: Publisher, Year." leaves no title after the name: the name is the title.
    assert corporate_author("Bank of the Western Isles. London: Sage, 2001.") is None


@pytest.mark.parametrize(
    "name",
    [
        "Department of Housing and Urban Renewal",
        "Ministère de la santé publique (MSP)",
        "U.S. Bureau of Mines",
        "Council of Island Refugees",
    ],
)
def test_corporate_names(name: str) -> None:
    assert is_corporate_name(name)


@pytest.mark.parametrize("name", ["Smith, J.", "Jane Smith", "Smith J, Jones K", "Greenwood"])
def test_personal_names_are_not_bodies(name: str) -> None:
    assert not is_corporate_name(name)


WEB_NOTES = {
    "leading-online": (
        "[Online]. Global grid review 2020. International Grid Agency. "
        "Available: https://iga.example.org/review",
        "Global grid review 2020",
        None,
    ),
    "pdf-document-and-yearless-access": (
        "Coastal action tracker update [PDF Document]. Available at: "
        "https://cat.example.org/update.pdf (Accessed 20 February).",
        "Coastal action tracker update",
        None,
    ),
    "harvard-online-available-at": (
        "Lakeside University. Visiting the herbarium. [Online] Available at: "
        "http://lakeside.example.edu/herbarium [Accessed 12 May 2019].",
        "Visiting the herbarium",
        "2019-05-12",
    ),
    "vancouver-updated-and-cited": (
        "Heart Rhythm Association. Palpitations explained [Internet]. Leeds: HRA; 2021 "
        "[updated 2021 Jan 5; cited 2021 Mar 3]. Available from: https://hra.example.org/p",
        "Palpitations explained",
        "2021-03-03",
    ),
}


@pytest.mark.parametrize("name", sorted(WEB_NOTES))
def test_web_notes_are_not_titles(name: str) -> None:
    reference, title, accessed = WEB_NOTES[name]
    source = parse_reference(reference)
    assert source.title == title
    assert source.accessed == accessed
    assert not (source.title or "").startswith(("[", "("))


def test_updated_date_is_not_the_publication_date() -> None:
    source = parse_reference(WEB_NOTES["vancouver-updated-and-cited"][0])
    assert source.published == "2021"


def test_corporate_authors_through_a_source_list() -> None:
    references = [re.sub(r"^\[\d+\]\s", "", CORPORATE[name][0]) for name in sorted(CORPORATE)]
    lines = [f"{n}. {reference}" for n, reference in enumerate(references, 1)]
    document = parse("Body [1].\n\nReferences\n\n" + "\n".join(lines), format="text")
    titles = [s.title for s in document.sources]
    assert titles == [CORPORATE[name][2] for name in sorted(CORPORATE)]


IMPRINTS = {
    "place-and-date": (
        "Tenants Union of the North. Rent burden among retired renters, Whitehorse, Yukon, "
        "12 June 2018.",
        "Rent burden among retired renters",
    ),
    "month-and-year": (
        "Council of Island Refugees. Submission to the Inquiry into Ferry Services, Hobart, "
        "March 2017.",
        "Submission to the Inquiry into Ferry Services",
    ),
    "place-before-a-url": (
        "Office of the Lake Auditor (2016) Review of the management of wetlands, Regina. "
        "Available at: http://ola.example.ca/wetlands (Accessed 12 March 2018)",
        "Review of the management of wetlands",
    ),
    "report-series-and-place": (
        "Child Welfare Fund (2009) Child hunger in the cities, Urban Report Card 4, Lagos.",
        "Child hunger in the cities",
    ),
    "working-paper-body-place": (
        "Osei, K. 2015. Mobile banking in small towns, Working Paper 15-3, Institute for Market "
        "Studies, Accra.",
        "Mobile banking in small towns",
    ),
    "issuing-body-at-the-end": (
        "Commonwealth of Ruritania (2001). National Code for Safe Ferry Crossings, National "
        "Maritime Safety Council.",
        "National Code for Safe Ferry Crossings",
    ),
    "report-number-in-brackets": (
        "Moreau, A. B. (2019). Urban heat in river valleys (Report No. RV-19-001). Lyon: "
        "Climate Office.",
        "Urban heat in river valleys",
    ),
}


@pytest.mark.parametrize("name", sorted(IMPRINTS))
def test_trailing_report_type_place_and_date_leave_the_title(name: str) -> None:
    reference, title = IMPRINTS[name]
    assert parse_reference(reference).title == title


KEPT_ENDINGS = {
    # A place in a scientific title, before its journal.
    "place-before-journal": (
        "Marsh, P. Glacial retreat at Lake Tarn, Patagonia. Journal of Ice Studies, v. 12, "
        "pp. 3-9. 2001.",
        "Glacial retreat at Lake Tarn, Patagonia",
    ),
    # A Title Case list is the title's own words.
    "title-case-list": (
        "Okafor, N. (2005). Liberty, Justice, Solidarity. Retrieved from http://example.org/l",
        "Liberty, Justice, Solidarity",
    ),
    # A series without a number is part of a work's name.
    "series-without-number": (
        "Calendar of Harbour Papers, Colonial Series, of the years 1840-1850. London, 1901.",
        "Calendar of Harbour Papers, Colonial Series, of the years 1840-1850",
    ),
}


@pytest.mark.parametrize("name", sorted(KEPT_ENDINGS))
def test_title_endings_that_are_the_title(name: str) -> None:
    reference, title = KEPT_ENDINGS[name]
    assert parse_reference(reference).title == title


def test_year_in_the_title_is_not_the_publication_date() -> None:
    source = parse_reference(
        "Department of Rural Health. Healthy Villages 2030 framework. Accra: DRH; 2020."
    )
    assert source.title == "Healthy Villages 2030 framework"
    assert source.published == "2020"


def test_ieee_access_date_with_hyphens() -> None:
    source = parse_reference(
        '[7] "Sea ice facts," Polar Trust. [Online]. Available: https://polar.example.org/ice. '
        "[Accessed: 03-Mar-2020]."
    )
    assert source.title == "Sea ice facts"
    assert source.accessed == "2020-03-03"


def test_a_quotation_heading_a_title_keeps_its_subtitle() -> None:
    source = parse_reference(
        "Prison Reform Watch. \u201cWe Sleep in Shifts\u201d: Crowding in Remand Centres. "
        "Leeds: PRW, 2017."
    )
    assert source.authors == ("Prison Reform Watch",)
    assert source.title == "We Sleep in Shifts: Crowding in Remand Centres"


@pytest.mark.parametrize(
    ("reference", "title"),
    [
        ("[Video] Rivers at dawn. Channel Nine, 2019.", "Rivers at dawn"),
        (
            "Okoro, T. (2019). [18F]FDG uptake in rats. J Nucl Vet, 3, 1-9.",
            "[18F]FDG uptake in rats",
        ),
        (
            "[Pronouns in the old river dialects]. Moscow, 1963.",
            "[Pronouns in the old river dialects]",
        ),
    ],
)
def test_a_bracketed_note_never_starts_a_title(reference: str, title: str) -> None:
    assert parse_reference(reference).title == title
