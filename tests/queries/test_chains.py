from liangxin.queries.chains import broken_chains, chain_break_codes, is_chain_broken
from tests.conftest import network_from_rows, org, workbook
from tests.neo4j.twins import codes_by_name

STATIONS = [["区直机关", "驻点街道"], ["区教育局", "平湖街道"], ["区民政局", "布吉街道"]]


def each_code_network():
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
    return network_from_rows(sheets)


def test_each_chain_code(queries):
    rows = queries.chains(each_code_network())
    assert codes_by_name(rows, "完好") == []
    assert codes_by_name(rows, "无社区") == ["NO_COMMUNITY"]
    assert codes_by_name(rows, "社区不存在") == ["UNKNOWN_COMMUNITY"]
    assert codes_by_name(rows, "街道为空") == ["UNKNOWN_STREET"]
    assert codes_by_name(rows, "街道不存在") == ["UNKNOWN_COMMUNITY", "UNKNOWN_STREET"]
    assert codes_by_name(rows, "街道社区不符") == ["STREET_MISMATCH"]
    assert codes_by_name(rows, "无驻点") == ["STREET_NO_DEPARTMENT"]
    assert codes_by_name(rows, "无责任人") == ["COMMUNITY_NO_OWNER"]
    assert codes_by_name(rows, "社会组织无主管") == ["NO_SUPERVISOR"]


def test_flags_and_is_chain_broken_agree_with_the_rows():
    net = each_code_network()
    flags = chain_break_codes(net)
    rows = broken_chains(net)
    assert int(flags.to_numpy().sum()) == len(rows)
    assert is_chain_broken(net, "无社区") and not is_chain_broken(net, "完好")


def test_no_owner_is_only_a_break_when_the_column_exists(queries):
    net = network_from_rows(workbook([org("甲")], 驻街保建=STATIONS))
    assert not net.tables.has_owner_column
    assert queries.chains(net).empty


def test_an_unknown_street_with_a_community_of_another_street_is_a_mismatch(queries):
    net = network_from_rows(workbook([org("甲", street="龙城街道", community="山厦社区")], 驻街保建=STATIONS))
    assert codes_by_name(queries.chains(net), "甲") == ["STREET_MISMATCH", "UNKNOWN_STREET"]


def test_key_no_leader(queries):
    """KEY_NO_LEADER (RULES.md): a key organization (重点难点 yes) with status none and no leader attached.

    The org() helper has no 重点难点 column, so the header gains one (ORG_HEADER + 重点难点):
    甲 key, none, no leader → KEY_NO_LEADER; 乙 key, none, 张伟 attached → no; 丙 key, joint → no
    (it has a Party organization); 丁 not key, none, no leader → no.
    """
    from tests.conftest import ORG_HEADER

    header = [*ORG_HEADER, "重点难点"]
    rows = [org("甲") + ["是"], org("乙") + ["是"], org("丙", status="联合组建", party_org="丙联合支部") + ["是"],
            org("丁") + ["否"]]
    sheets = workbook([], 驻街保建=STATIONS, 挂点促建=[["区领导", "组织名称"], ["张伟", "乙"]])
    sheets["两新组织"] = [header, *rows]
    found = queries.chains(network_from_rows(sheets))
    assert {name: codes_by_name(found, name) for name in "甲乙丙丁"} == {
        "甲": ["KEY_NO_LEADER"], "乙": [], "丙": [], "丁": []}
