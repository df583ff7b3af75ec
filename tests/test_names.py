import pytest

from teitools.readers import names
from teitools.readers.body import signature

SIGNATURES = [
    ("Sheng Shicai", "Sheng Shicai"),
    ("S H T Y K O V", "S H T Y K O V"),
    ("G R O M Y K O", "G R O M Y K O"),
    ("FILIPPOV [Stalin]", "FILIPPOV [Stalin]"),
    ("24.III.50 Shtykov", "Shtykov"),
    ("13.1.51 ROSHCHIN", "ROSHCHIN"),
    ("21.XI.51 GROMYKO", "GROMYKO"),
    ("/-/ Rapacki", "Rapacki"),
    ("(Signed) SILOS", "SILOS"),
    ("(A. Gromyko)", "A. Gromyko"),
    ("– Monori – 423 –", "Monori"),
    ("Terebin.", "Terebin"),
    ("Pál Szarvas\nAmbassador", "Pál Szarvas"),
    ("Mao Zedong", "Mao Zedong"),
    ("Reporting:", None),
    ("Confirm receipt.", None),
    ("TOP PRIORITY", None),
    ("No. 72/III", None),
    ("Moscow", None),
    ("V e r m e r k", None),
    ("The Soviet comrades are aware of the efforts.", None),
]


@pytest.mark.parametrize(("block", "name"), SIGNATURES)
def test_signature(block, name):
    sig = signature(block)
    assert (sig.name if sig else None) == name


@pytest.mark.parametrize(("a", "b", "same"), [
    ("Shicai Sheng", "Sheng Shicai", True),
    ("Zedong", "Mao Zedong", True),
    ("S H T Y K O V", "Shtykov", True),
    ("Imre Majer", "Imre Májer", True),
    ("Stalin", "Molotov", False),
    ("Kim Il Sung", "Pak Heon-yeong", False),
])
def test_same_person(a, b, same):
    assert names.same_person(a, b) is same


@pytest.mark.parametrize(("text", "role", "rest"), [
    ("Comrade Stalin", "Comrade", "Stalin"),
    ("Cde. Stalin", "Cde.", "Stalin"),
    ("Mr. Bundy", "Mr.", "Bundy"),
    ("Stalin", None, "Stalin"),
])
def test_honorifics(text, role, rest):
    assert names.split_honorific(text) == (role, rest)


@pytest.mark.parametrize(("text", "office", "rest"), [
    ("Governer Shicai Sheng", "Governer", "Shicai Sheng"),
    ("Consul General Apresov", "Consul General", "Apresov"),
    ("DPRK Leader Kim Il Sung", "DPRK Leader", "Kim Il Sung"),
    ("Ambassador A. Panyushkin", "Ambassador", "A. Panyushkin"),
    ("Svanidze", None, "Svanidze"),
])
def test_offices(text, office, rest):
    assert names.split_office(text) == (office, rest)


@pytest.mark.parametrize(("written", "shown"), [
    ("MAO ZEDONG", "Mao Zedong"), ("S H T Y K O V", "Shtykov"), ("Sheng Shicai", "Sheng Shicai")])
def test_display_case(written, shown):
    assert names.display_case(written) == shown


def test_pseudonym_table():
    register = names.default_register()
    assert register.real_name_of("Filippov") == "Joseph Stalin" and register.real_name_of("Feng Xi") == "Joseph Stalin"
    assert register.real_name_of("Molotov") is None
    assert names.Register([]).real_name_of("Filippov") is None  # only the register given knows pseudonyms


# -- finding known names in text: the record's forms and the register's, as one alternation would -------------

def _found(text: str, *form_sets: set[str]) -> list[str]:
    from teitools.readers.entities import NameMatcher, find_names

    return [m.group("name") for m in find_names(text, [NameMatcher(frozenset(f)) for f in form_sets])]


@pytest.mark.parametrize("text, record_forms, register_forms, found", [
    ("Mao Zedong and Mao", {"mao"}, {"mao zedong"}, ["Mao Zedong", "Mao"]),  # the longer where both start
    ("Anna Berg Lund wrote", {"anna berg lund"}, {"anna berg"}, ["Anna Berg Lund"]),
    ("Stalin's reply to MOLOTOV", set(), {"stalin", "molotov"}, ["Stalin", "MOLOTOV"]),
    ("destalinized", set(), {"stalin"}, []),  # never inside a word
    ("S H T Y K O V spoke", set(), {"shtykov"}, ["S H T Y K O V"]),  # letter-spaced
    ("Moſcow", set(), {"moscow"}, ["Moſcow"]),  # long s, as a case-insensitive match takes it
    ("İzmir and Moscow", set(), {"moscow"}, ["Moscow"]),
    ("Genève, Geneva", {"genève"}, {"geneva"}, ["Genève", "Geneva"]),
    ("the moscow line", set(), {"moscow"}, []),  # a name is written with a capital
    ("General de Gaulle", set(), {"de gaulle", "gaulle"}, ["Gaulle"]),  # a form in lower case does not hide it
])
def test_find_names(text, record_forms, register_forms, found):
    assert _found(text, record_forms, register_forms) == found
