"""Extraction rules for how news is written, each on examples of our own (issue 13)."""

from __future__ import annotations

from dateline.extract.entities import article_countries, extract_entities


def spans(body: str, *types: str) -> list[tuple[str, str]]:
    return [(m.entity_type, m.surface) for m in extract_entities(body) if not types or m.entity_type in types]


def test_a_person_with_an_uncommon_given_name_and_no_title_is_found() -> None:
    body = "Patrik Nordgren scored twice and Arjun Nair made a century on Sunday."
    assert spans(body, "person") == [("person", "Patrik Nordgren"), ("person", "Arjun Nair")]


def test_a_lone_surname_after_the_full_name_is_that_person() -> None:
    body = "Marek Dvorsky won the stage. Afterwards Dvorsky thanked his team."
    assert [(m.surface, m.name) for m in extract_entities(body) if m.entity_type == "person"] == [
        ("Marek Dvorsky", "Marek Dvorsky"), ("Dvorsky", "Marek Dvorsky")]


def test_given_names_that_are_ordinary_words_do_not_start_a_person() -> None:
    body = "Will Power Corp gained while Grant Park and Price Tower were sold in May."
    assert spans(body, "person") == []


def test_an_uncommon_given_name_needs_every_word_to_be_a_name() -> None:
    body = "Officials in Marion County and the Santa Barbara council met. It was sunny in the county."
    assert spans(body, "person") == []


def test_names_before_scores_in_a_results_line_are_teams() -> None:
    body = "Results on Saturday:\n\nVasterby IK 4 Norrvik HC 2\n\nLindbacka 1 Tornfors BK 3"
    assert spans(body) == [("organization", "Vasterby IK"), ("organization", "Norrvik HC"),
                           ("organization", "Lindbacka"), ("organization", "Tornfors BK")]


def test_a_club_named_after_a_city_is_one_organisation_without_the_city() -> None:
    body = "Third place play-off: Dinamo Zagreb 3 Real Cordoba 1"
    assert spans(body) == [("organization", "Dinamo Zagreb"), ("organization", "Real Cordoba")]


def test_a_standings_line_names_the_athlete_their_country_and_their_team() -> None:
    body = "Standings:\n\n1. Rafael Montenegro (Brazil) Ferrante 36 points\n\n2. Heinz-Dieter Krull (Germany) Arrowhead-Cosworth 28"
    assert spans(body) == [("person", "Rafael Montenegro"), ("country", "Brazil"), ("organization", "Ferrante"),
                           ("person", "Heinz-Dieter Krull"), ("country", "Germany"),
                           ("organization", "Arrowhead-Cosworth")]


def test_a_team_of_the_results_is_an_organisation_elsewhere_in_the_story() -> None:
    body = "VASTERBY WIN\n\nVasterby IK 4 Norrvik HC 2\n\nVasterby moved four points clear."
    assert spans(body, "organization") == [("organization", "VASTERBY"), ("organization", "Vasterby IK"),
                                           ("organization", "Norrvik HC"), ("organization", "Vasterby")]


def test_a_label_and_its_figures_is_not_a_results_line() -> None:
    body = "Sales 1.2 mln vs 1.0 mln\n\nAssets 12.5 mln vs 11.9 mln"
    assert spans(body) == []


def test_an_organisation_does_not_grow_across_and_after_a_person() -> None:
    body = "Treasury Secretary James Baker and Federal Reserve Board officials met on Monday."
    assert spans(body) == [("organization", "Treasury"), ("person", "James Baker"),
                           ("organization", "Federal Reserve Board")]


def test_an_organisation_does_not_grow_across_and_after_a_single_word_company() -> None:
    body = "Analysts compared Compaq and Apple Computer Inc on Tuesday."
    assert spans(body, "organization") == [("organization", "Apple Computer Inc")]


def test_two_single_words_joined_by_and_stay_one_name() -> None:
    body = "The Procter and Gamble Co approved it, as did China Road and Bridge Corporation."
    assert spans(body, "organization") == [("organization", "Procter and Gamble Co"),
                                           ("organization", "China Road and Bridge Corporation")]


def test_an_organisation_does_not_start_at_its_owner() -> None:
    body = "Sugarman's Giant Group Ltd bid, and the People's Liberation Army Navy sailed."
    assert spans(body, "organization") == [("organization", "Giant Group Ltd"),
                                           ("organization", "People's Liberation Army Navy")]


def test_an_organisation_does_not_run_across_a_number() -> None:
    body = "Shares of Pier 1 Imports Inc rose."
    assert spans(body, "organization") == [("organization", "Imports Inc")]


def test_an_all_caps_dateline_with_a_state_abbreviation_is_a_location() -> None:
    body = ("MILL CLOSES\n\nKESTREL FALLS, Ore. 1996-08-04 - The mill closed on Friday.\n\n"
            "Workers in Kestrel Falls were told on Thursday.")
    assert [(m.entity_type, m.surface, m.name, m.country_iso3) for m in extract_entities(body)] == [
        ("location", "KESTREL FALLS", "Kestrel Falls", "USA"), ("location", "Ore.", "Oregon", "USA"),
        ("location", "Kestrel Falls", "Kestrel Falls", "USA")]


def test_a_dateline_city_of_the_city_list_gets_its_country() -> None:
    body = "FLOODS\n\nKISUMU 1987-03-02 - Floods cut the road to Malaba, officials said."
    assert [(m.entity_type, m.surface, m.country_iso3) for m in extract_entities(body)] == [
        ("location", "KISUMU", "KEN"), ("location", "Malaba", "UGA")]


def test_a_city_after_in_is_a_location_but_not_an_ordinary_word() -> None:
    body = "Traders in Curitiba said prices rose in March."
    assert [(m.entity_type, m.surface, m.country_iso3) for m in extract_entities(body)] == [
        ("location", "Curitiba", "BRA")]


def test_a_standings_row_names_a_team_and_a_medal_table_keeps_its_countries() -> None:
    body = ("Standings:\n\nHarbor City Mariners 61 40 .604 -\n\nKestrel Falls Loggers 58 44 .569 3 1/2\n\n"
            "Medals:\n\nBritain 12 8 5")
    assert spans(body) == [("organization", "Harbor City Mariners"), ("organization", "Kestrel Falls Loggers"),
                           ("country", "Britain")]


def test_a_supply_table_is_not_a_standings_table() -> None:
    body = "Wheat supply (mln bushels)\n\nProduction 2,200 2,100\n\nEnd Stocks 1,500 1,400"
    assert spans(body, "organization") == []


def test_a_place_inside_an_event_name_is_not_emitted() -> None:
    body = "He won the Lisbon Cup in Lisbon after the SPANISH GRAND PRIX and before the Uruguay Round talks."
    assert spans(body) == [("location", "Lisbon")]


def test_an_event_word_inside_a_longer_name_is_not_an_event() -> None:
    body = "The Federal Open Market Committee met in Dubai."
    assert spans(body) == [("organization", "Federal Open Market Committee"), ("location", "Dubai")]


def countries_of(body: str) -> list[str]:
    return article_countries(extract_entities(body), body)


def test_a_company_story_is_about_the_country_of_its_exchange_and_legal_form() -> None:
    body = ("MANNESMANN CONSIDERING STAKE IN FICHTEL\n\n"
            "A Mannesmann AG <MMWG.F> spokesman said the company applied to the Federal Cartel Office.")
    assert countries_of(body) == ["DEU"]


def test_a_market_story_is_about_the_country_of_its_currency_and_central_bank() -> None:
    body = "DOLLAR STEADY\n\nThe dollar was steady at 150 yen as the Bank of Japan bought dollars."
    assert countries_of(body) == ["JPN"]


def test_a_country_that_no_longer_exists_is_reported_as_its_successor() -> None:
    body = "GRAIN TALKS\n\nThe Soviet Union bought wheat, Soviet officials said."
    assert countries_of(body) == ["RUS"]


def test_the_dateline_place_makes_its_country_the_story_s_country() -> None:
    body = "MILL CLOSES\n\nKESTREL FALLS, Ore. 1996-08-04 - The mill closed, workers said."
    assert countries_of(body) == ["USA"]


def test_country_scores_rank_the_countries_with_a_score() -> None:
    from dateline.extract.countries import country_scores

    body = "CAMBODIA, CHINA SIGN DEAL\n\nCambodia and China signed a deal in Phnom Penh. Cambodian officials praised it."
    assert country_scores(extract_entities(body), body) == [("KHM", 5.25), ("CHN", 3.0)]


def test_a_place_named_after_its_kind_of_place_is_one_location() -> None:
    body = "Boats crossed Lake Victoria before the final at the Estadio da Luz."
    assert spans(body) == [("location", "Lake Victoria"), ("location", "Estadio da Luz")]


def test_a_company_is_not_named_after_its_country() -> None:
    body = "Analysts at U.S. General Electric Co and the Grain and Feed Trade Association agreed."
    assert spans(body) == [("country", "U.S."), ("organization", "General Electric Co"),
                           ("organization", "Grain and Feed Trade Association")]


def test_in_a_table_of_teams_a_team_named_like_a_person_is_a_team() -> None:
    body = ("Standings:\n\nHarbor City Mariners 61 40 .604 -\n\nSalem Point Clippers 47 55 .461 14 1/2\n\n"
            "Red Mesa Rattlers 59 42 .584 -")
    assert spans(body) == [("organization", "Harbor City Mariners"), ("organization", "Salem Point Clippers"),
                           ("organization", "Red Mesa Rattlers")]


def test_a_ranked_list_of_companies_with_their_countries_names_companies() -> None:
    body = "Largest banks:\n\n1. Standard Bank Group (South Africa) 14.8\n\n2. FirstRand (South Africa) 11.2"
    assert spans(body) == [("organization", "Standard Bank Group"), ("country", "South Africa"),
                           ("organization", "FirstRand"), ("country", "South Africa")]


def test_a_surname_with_its_particle_and_the_first_of_two_surnames_refer_back() -> None:
    body = ("Willy De Clercq met Mario Rodriguez Montero on Monday. "
            "Later De Clercq said Rodriguez had agreed.")
    assert [(m.surface, m.name) for m in extract_entities(body) if m.entity_type == "person"] == [
        ("Willy De Clercq", "Willy De Clercq"), ("Mario Rodriguez Montero", "Mario Rodriguez Montero"),
        ("De Clercq", "Willy De Clercq"), ("Rodriguez", "Mario Rodriguez Montero")]


def test_a_sentence_opening_role_word_is_not_part_of_the_name() -> None:
    body = "The board met. Head Martin Juenger said profits rose."
    assert spans(body, "person") == [("person", "Martin Juenger")]


def test_a_currency_counts_as_an_amount_not_as_a_word() -> None:
    body = "BENFICA WIN\n\nBenfica won the cup in Lisbon, Portugal, and earned 150 mln yen from a Tokyo sponsor."
    from dateline.extract.countries import country_scores

    assert [iso for iso, _ in country_scores(extract_entities(body), body)] == ["PRT", "JPN"]


def test_a_three_word_team_is_named_later_by_its_place_or_its_nickname() -> None:
    body = ("Standings:\n\nHarbor City Mariners 61 40 .604 -\n\nRed Mesa Rattlers 59 42 .584 -\n\n"
            "Results: Harbor City 5 Red Mesa 2\n\nThe Mariners have won six in a row.")
    assert spans(body) == [("organization", "Harbor City Mariners"), ("organization", "Red Mesa Rattlers"),
                           ("organization", "Harbor City"), ("organization", "Red Mesa"),
                           ("organization", "Mariners")]


def test_a_company_name_does_not_grow_across_and_before_another_company() -> None:
    body = "Rivals Archer Daniels Midland and Heartland Cooperative Elevator Co bid."
    assert spans(body, "organization")[-1] == ("organization", "Heartland Cooperative Elevator Co")


def test_a_city_found_once_is_that_city_when_named_again() -> None:
    body = "Rains flooded roads near Kisumu and Malaba. Kisumu traders said prices rose."
    assert [(m.surface, m.country_iso3) for m in extract_entities(body)] == [
        ("Kisumu", "KEN"), ("Malaba", "UGA"), ("Kisumu", "KEN")]


def test_a_role_word_before_a_name_and_a_city_named_like_a_person_are_not_people() -> None:
    body = "Finance Head Martin Juenger said sales rose. Traders at Cedar Rapids agreed."
    assert spans(body, "person") == [("person", "Martin Juenger")]
