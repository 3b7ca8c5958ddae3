import pandas as pd

from liangxin._terminal import terminal_text
from liangxin.viz.safety import chart_text, spreadsheet_text


def test_spreadsheet_text_neutralizes_formulas_and_drops_controls_excel_cuts_at():
    cells = pd.Series(["=1+1", "\x00=1+1", "x\x00y\x1bz", "a\tb\r\nc", "-5", None, "平湖街道"], dtype=object)
    assert spreadsheet_text(cells).tolist() == ["'=1+1", "'=1+1", "xyz", "a\tb\r\nc", "'-5", None, "平湖街道"]


def test_chart_and_terminal_text_never_pass_a_control_character_on():
    assert chart_text(["A$\\x$\x07", None, 3]) == ["A$\\x$", "", "3"]
    assert terminal_text("街道\x1b]0;x\x07\n下一行") == "街道\\x1b]0;x\\x07\n下一行"
