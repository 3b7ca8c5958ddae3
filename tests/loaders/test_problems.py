"""Collecting a sheet's row problems (liangxin.loaders.problems)."""

import numpy as np
import pytest

from liangxin.loaders.problems import Problems, note


def test_a_row_is_rejected_once_with_its_first_problem_and_warned_about_only_before():
    problems = Problems("两新组织", np.array([2, 3, 4]))
    problems.warn(np.array([True, False, False]), "工会", "NOT_YES_NO", "工会“不详”无法识别为是/否，按“否”处理")
    problems.reject(np.array([True, True, False]), "组织名称", "EMPTY_REQUIRED", "组织名称为空")
    problems.reject(np.array([True, True, True]), "党员数", "NOT_A_COUNT", "党员数为空")
    problems.warn(np.array([True, True, True]), "重点难点", "NOT_YES_NO", "重点难点“不详”无法识别为是/否，按“否”处理")
    frame = problems.frame()
    assert frame[["severity", "row", "column", "code"]].values.tolist() == [
        ["rejected", 2, "组织名称", "EMPTY_REQUIRED"], ["rejected", 3, "组织名称", "EMPTY_REQUIRED"],
        ["rejected", 4, "党员数", "NOT_A_COUNT"], ["warning", 2, "工会", "NOT_YES_NO"]]


def test_a_problem_under_a_code_the_table_lacks_is_refused():
    with pytest.raises(KeyError):
        Problems("两新组织", np.array([2])).reject(np.array([True]), "组织名称", "EMPTY", "组织名称为空")
    with pytest.raises(KeyError):
        note("两新组织", 1, "", "EMPTY", "")
