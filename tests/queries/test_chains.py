from queries.chains import broken_chains, chain_break_codes, is_chain_broken
from tests.conftest import GEO, network_from_rows, org, workbook


def codes_of(net, name):
    flags = chain_break_codes(net)
    row = flags[net.tables.organizations["name"] == name].iloc[0]
    return sorted(code for code, on in row.items() if on)


STATIONS = [["区直机关", "驻点街道"], ["区教育局", "平湖街道"], ["区民政局", "布吉街道"]]


def test_each_chain_code():
    geo = [["街道", "社区", "社区责任人"], ["平湖街道", "山厦社区", "王芳"], ["布吉街道", "南岭社区", None],
           ["坂田街道", "五和社区", "赵敏"]]
    sheets = workbook([
        org("完好"),
        org("无社区", community=None),
        org("社区不存在", community="火星社区"),
        org("街道为空", street=None),
        org("街道不存在", street="龙城街道", community="回龙埔社区"),
        org("街道社区不符", street="平湖街道", community="南岭社区"),
        org("无驻点", street="坂田街道", community="五和社区"),
        org("无责任人", street="布吉", community="南岭"),
        org("社会组织无主管", kind="社会组织"),
    ], 驻街保建=STATIONS)
    sheets["街道社区"] = geo
    net = network_from_rows(sheets)
    assert codes_of(net, "完好") == []
    assert codes_of(net, "无社区") == ["NO_COMMUNITY"]
    assert codes_of(net, "社区不存在") == ["UNKNOWN_COMMUNITY"]
    assert codes_of(net, "街道为空") == ["UNKNOWN_STREET"]
    assert codes_of(net, "街道不存在") == ["UNKNOWN_COMMUNITY", "UNKNOWN_STREET"]
    assert codes_of(net, "街道社区不符") == ["STREET_MISMATCH"]
    assert codes_of(net, "无驻点") == ["STREET_NO_DEPARTMENT"]
    assert codes_of(net, "无责任人") == ["COMMUNITY_NO_OWNER"]
    assert codes_of(net, "社会组织无主管") == ["NO_SUPERVISOR"]
    assert is_chain_broken(net, "无社区") and not is_chain_broken(net, "完好")


def test_no_owner_is_only_a_break_when_the_column_exists():
    net = network_from_rows(workbook([org("甲")], 驻街保建=STATIONS))
    assert not net.tables.has_owner_column
    assert broken_chains(net).empty


def test_an_unknown_street_with_a_community_of_another_street_is_a_mismatch():
    net = network_from_rows(workbook([org("甲", street="龙城街道", community="山厦社区")], 驻街保建=STATIONS))
    assert codes_of(net, "甲") == ["STREET_MISMATCH", "UNKNOWN_STREET"]
