import pytest

from teitools.readers.citation import parse_citation

CASES = [
    ("RGASPI f. 558 op. 11 d. 323, l. 26-29. Contributed by Jamil Hasanli and translated by Gary Goldberg.",
     "RGASPI f. 558 op. 11 d. 323, l. 26-29", ["RGASPI"], {"translated by": ["Gary Goldberg"],
                                                         "contributed by": ["Jamil Hasanli"]}),
    ("RGASPI F.17 op. 162, d. 21, l. 82. Obtained by Jamil Hasanli and translated by Gary Goldberg.",
     "RGASPI F.17 op. 162, d. 21, l. 82", ["RGASPI"], {"obtained by": ["Jamil Hasanli"],
                                                      "translated by": ["Gary Goldberg"]}),
    ("APRF: F. 39, Op. 1, D. 31, L. 25.", "APRF: F. 39, Op. 1, D. 31, L. 25.", ["APRF"], {}),
    ("APRF, Fond 45, Opis 1, Delo 336, List 5", "APRF, Fond 45, Opis 1, Delo 336, List 5", ["APRF"], {}),
    ("AVP RF, f. 0102, op. 7, p. 27, d. 44, l. 12.", "AVP RF, f. 0102, op. 7, p. 27, d. 44, l. 12.", ["AVP RF"], {}),
    ("GARF, Fond R-9401ss, Opis' 2, Delo 95, ll. 352-359. Translated for CWIHP from Russian by Gary Goldberg.",
     "GARF, Fond R-9401ss, Opis' 2, Delo 95, ll. 352-359", ["GARF"], {"translated by": ["Gary Goldberg"]}),
    ("TsAMO RF, fond 5, opis 918795, delo 122, listy 1-3.", "TsAMO RF, fond 5, opis 918795, delo 122, listy 1-3.",
     ["TsAMO RF"], {}),
    ("PRC FMA 206-00048-08.", "PRC FMA 206-00048-08.", ["PRC FMA"], {}),
    ("MOL, XIX-J-1-j Korea, 2. doboz, 2/b, 001118/ 1/1955. Translated by Balazs Szalontai.",
     "MOL, XIX-J-1-j Korea, 2. doboz, 2/b, 001118/ 1/1955", ["MOL"], {"translated by": ["Balazs Szalontai"]}),
    ("MNL OL XIX-J-1-j Korea 1972, 81. doboz. Translated by Imre Májer.", "MNL OL XIX-J-1-j Korea 1972, 81. doboz",
     ["MNL OL"], {"translated by": ["Imre Májer"]}),
    ("AMSZ, Warsaw, 6/77, 1963: w-100, t-603, obtained and translated by Margaret Gnoinska. Published in CWIHP "
     "Working Paper No. 45.", "AMSZ, Warsaw, 6/77, 1963: w-100, t-603", ["AMSZ"],
     {"obtained by": ["Margaret Gnoinska"], "translated by": ["Margaret Gnoinska"]}),
    ("RG 59, DF, 884A.1901/5-1861. Originally published in Avner Cohen and William Burr, eds., Briefing Book #547.",
     "RG 59, DF, 884A.1901/5-1861. Originally published in Avner Cohen and William Burr, eds., Briefing Book #547.",
     ["RG 59"], {}),
    ("APRF, f. 45, op. 1, d. 342, l. 78; AVPRF, Fond 059a, Opis 5a, Delo 5, Papka 11, List 80; and RGASPI, f. 558, "
     "op. 11, d. 342, ll. 0078.", None, ["APRF", "AVPRF", "RGASPI"], {}),
    ("APRF, Fond 45, Opis 1, Delo 336, List 122 and AVPRF, Fond 059a, Opis 5a, Delo 5, Papka 11, List 13", None,
     ["APRF", "AVPRF"], {}),
    ("Brazilian Foreign Ministry Archives", "Brazilian Foreign Ministry Archives", [], {}),
    ("Zhonggong zhongyang wenxian yanjiushi, ed., Jianguo yilai Mao Zedong wengao, vol. 4 (Beijing: Zhongyang "
     "wenxian chubanshe, 1990), 451. Translated by Charles Kraus.", None, [], {"translated by": ["Charles Kraus"]}),
    ("RGASPI, F. 558, Op. 11, D. 342, L. 92. Translated by Mark Kramer. https://digitalarchive.wilsoncenter.org/"
     "document/123148", "RGASPI, F. 558, Op. 11, D. 342, L. 92", ["RGASPI"], {"translated by": ["Mark Kramer"]}),
    ("Obtained by the Woodrow Wilson Center, and translated by Sergey Radchenko.", None, [],
     {"obtained by": ["the Woodrow Wilson Center"], "translated by": ["Sergey Radchenko"]}),
    ("Translated for NKIDP by Jae-Kyung Park.", None, [], {"translated by": ["Jae-Kyung Park"]}),
    ("RGANI, f. 5, op. 30, d. 1, ll. 1-2ob.", "RGANI, f. 5, op. 30, d. 1, ll. 1-2ob.", ["RGANI"], {}),
]


@pytest.mark.parametrize(("paragraph", "citation", "archives", "credits"), CASES)
def test_citation_grammar(paragraph, citation, archives, credits):
    c = parse_citation(paragraph)
    if citation is not None:
        assert c.citation == citation
    assert c.archives == archives
    assert {cr.resp: cr.names for cr in c.credits} == credits


def test_soviet_units_and_leaves():
    (ref,) = parse_citation("RGASPI f. 558 op. 11 d. 323, l. 26-29.").refs
    assert [(k, v) for _, k, v in ref.parts] == [("fond", "558"), ("opis", "11"), ("delo", "323")]
    assert (ref.leaves, ref.leaf_from, ref.leaf_to) == ("l. 26-29", "26", "29")


def test_verso_leaves():
    (ref,) = parse_citation("RGANI, f. 5, op. 30, d. 1, ll. 1-2ob.").refs
    assert (ref.leaf_from, ref.leaf_to) == ("1", "2v")


def test_record_id_from_url():
    c = parse_citation("RGASPI, F. 558. Translated by X. https://digitalarchive.wilsoncenter.org/document/123148")
    assert c.record_id == "123148"
