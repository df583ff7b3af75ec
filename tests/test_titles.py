import pytest

from teitools.readers.names import default_register
from teitools.readers.titles import parse_title


def parties(ps):
    return [(p.name, p.kind) + (("relay",) if p.relay else ()) for p in ps]


CASES = [
    ("Letter from Governer Shicai Sheng to Cdes. Stalin, Molotov, and Voroshilov", "letter",
     [("Shicai Sheng", "person")], [("Stalin", "person"), ("Molotov", "person"), ("Voroshilov", "person")]),
    ("Ciphered Telegram No. 709, Filippov [Stalin] to Krasovsky, for Mao Zedong", "telegram",
     [("Stalin", "person")], [("Krasovsky", "person", "relay"), ("Mao Zedong", "person")]),
    ("Telegram, Embassy of Hungary in the Soviet Union to the Hungarian Foreign Ministry", "telegram",
     [("Embassy of Hungary in the Soviet Union", "org")], [("Hungarian Foreign Ministry", "org")]),
    ("Telegram, Zedong and Enlai to", "telegram", [("Zedong", "person"), ("Enlai", "person")], []),
    ("Cable, Filippov (Stalin) to Mao Zedong", "cable", [("Stalin", "person")], [("Mao Zedong", "person")]),
    ("Cable, Terebin to Stalin [via Kuznetsov]", "cable", [("Terebin", "person")],
     [("Stalin", "person"), ("Kuznetsov", "person", "relay")]),
    ("Cable, Stalin [Kuznetsov] to Mao Zedong [via Terebin]", "cable", [("Stalin", "person")],
     [("Mao Zedong", "person"), ("Terebin", "person", "relay")]),
    ("Ciphered telegram, Roshchin to USSR Foreign Ministry", "telegram", [("Roshchin", "person")],
     [("USSR Foreign Ministry", "org")]),
    ("Discussion between Zhou Enlai, Deng Xiaoping and Ho Chi Minh", "conversation-record", [], []),
    ("Ciphered Telegram from DPRK Leader Kim Il Sung and South Korean Communist Leader Pak Heon-Yeong to Stalin "
     "(Via Shtykov)", "telegram", [("Kim Il Sung", "person"), ("Pak Heon-Yeong", "person")],
     [("Stalin", "person"), ("Shtykov", "person", "relay")]),
    ("Concerning Soviet Troops in Xinjiang", None, [], []),
    ("Secret Telegram from Rapacki (Warsaw) to Jaszczuk (Moscow)", "telegram", [("Rapacki", "person")],
     [("Jaszczuk", "person")]),
    ("Memorandum, by L.D. Battle, Executive Secretary, to McGeorge Bundy, Special Assistant to the President for "
     "National Security Affairs, 'American Scientists’ Visit to Israel’s Dimona Reactor'", "memorandum",
     [("L.D. Battle", "person")], [("McGeorge Bundy", "person")]),
    ("Letter from Mao Zedong to Comrade Liu Shaoqi and the Secretariat", "letter", [("Mao Zedong", "person")],
     [("Liu Shaoqi", "person"), ("Secretariat", "org")]),
    ("Report from Etre Sándor", "report", [("Etre Sándor", "person")], []),
    ("Cable from Zhou Enlai, 'Chairman Ho Discusses the War'", "cable", [("Zhou Enlai", "person")], []),
    ("Telegram on Argentina's Stance on the Falklands", "telegram", [], []),
    ("Report, Embassy of Hungary in North Korea to the Hungarian Foreign Ministry", "report",
     [("Embassy of Hungary in North Korea", "org")], [("Hungarian Foreign Ministry", "org")]),
    ("Record of Conversation between Mao Zedong and Kim Il Sung", "conversation-record", [], []),
    ("Minutes of the Politburo meeting", "minutes", [], []),
    ("Telegram No. 12 from Gromyko to Molotov via Zakharov", "telegram", [("Gromyko", "person")],
     [("Molotov", "person"), ("Zakharov", "person", "relay")]),
    ("Letter, Ambassador A. Panyushkin to Comrade Stalin", "letter", [("A. Panyushkin", "person")],
     [("Stalin", "person")]),
]


@pytest.mark.parametrize(("title", "doc_type", "senders", "recipients"), CASES)
def test_title_grammar(title, doc_type, senders, recipients):
    info = parse_title(title, default_register())
    assert info.doc_type == doc_type
    assert parties(info.senders) == senders
    assert parties(info.recipients) == recipients


def test_places_and_subject():
    info = parse_title("Secret Telegram from Rapacki (Warsaw) to Jaszczuk (Moscow)")
    assert info.senders[0].place == "Warsaw" and info.recipients[0].place == "Moscow"
    info = parse_title("Memorandum, by L.D. Battle, Executive Secretary, to McGeorge Bundy, 'A Visit'")
    assert info.subject == "A Visit" and info.senders[0].role == "Executive Secretary"


def test_number_and_pseudonym():
    info = parse_title("Ciphered Telegram No. 709, Filippov [Stalin] to Krasovsky, for Mao Zedong", default_register())
    assert info.number == "No. 709" and info.senders[0].pseudonym == "Filippov"
