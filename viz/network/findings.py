"""Each organization's findings, as the analysis holds them, by organization position.

The analysis lists the uncovered organizations and the broken chains one row per
(organization, code), an organization's rows together and its codes in order
(:func:`liangxin.queries._tabulate.codes_to_rows`, the layout
:func:`~liangxin.queries._tabulate.codes_per_organization` folds). The page reads them the same
way, an organization per run of rows: each organization is placed once, by its ``org_id``, at its
row of ``tables.organizations``, and every per-organization figure the page needs (flags, most
serious code, number of codes, the codes a tooltip lists) comes from its rows. Nothing is
recomputed here.

Examples
--------
The hand-made workbook (tests/test_handmade.py): 9 uncovered organizations and 7 with a broken
chain; 11 have at least one finding (B and G only have broken chains).

>>> findings = OrganizationFindings(result)
>>> findings.organizations_with(chain=False), findings.organizations_with(chain=True)
(9, 7)
>>> int(findings.any.sum())
11
"""

import numpy as np
import pandas as pd

from liangxin.queries._tabulate import table_rows
from liangxin.queries.chains import CHAIN_CODES
from liangxin.queries.scope import organization_scope
from liangxin.queries.uncovered import UNCOVERED_CODES
from liangxin.viz.network.columns import object_column

__all__ = ["FINDING_PRIORITY", "FINDING_CODES", "OrganizationFindings"]

#: Every organization finding code, in RULES.md's order (uncovered, then chain): bit ``i`` of
#: :attr:`OrganizationFindings.bits` is code ``FINDING_CODES[i]``.
FINDING_CODES = tuple(UNCOVERED_CODES) + tuple(CHAIN_CODES)

#: Finding codes, most serious first (nobody responsible, no Party organization where one is due,
#: a chain broken at the street or community): the order organizations are drawn in under the cap.
FINDING_PRIORITY = ("NO_RESPONSIBLE_UNIT", "PARTY_ORG_REQUIRED", "KEY_NO_LEADER", "UNKNOWN_STREET", "UNKNOWN_COMMUNITY",
                    "NO_COMMUNITY", "STREET_MISMATCH", "MEMBERS_REQUIRED", "NO_SUPERVISOR", "STREET_NO_DEPARTMENT",
                    "COMMUNITY_NO_OWNER", "STANDALONE_POSSIBLE", "MASS_ORG_FIRST", "MASS_ORG_MISSING")

#: The two categories of organization findings, uncovered first (the order codes are listed in),
#: and the attribute of the analysis holding each.
CATEGORIES = (("uncovered", "uncovered"), ("chain", "broken_chains"))


class _Category:
    """The findings of one category, per organization: a run of the analysis's rows each.

    ``org_ids`` and ``lengths`` per organization (``positions``: its row in
    ``tables.organizations``, -1 where none has its ``org_id``); ``codes`` and ``labels`` per row.
    """

    def __init__(self, network, rows):
        ids = object_column(rows, "org_id")
        starts = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]]) if len(ids) else np.array([], dtype=np.int64)
        self.org_ids = ids[starts]
        self.lengths = np.diff(np.r_[starts, len(ids)])
        self.codes = object_column(rows, "code")
        self.labels = object_column(rows, "label")
        self.positions = table_rows(network, rows)[starts]  # the rows the query found them at

    def row_positions(self):
        """The position of the organization of every row."""
        return np.repeat(self.positions, self.lengths)

    def drawn_rows(self, drawn):
        """Positions, codes and labels of the rows of the organizations in the mask `drawn`, in order."""
        positions = self.row_positions()
        rows = np.flatnonzero((positions >= 0) & drawn[positions.clip(0)])
        return positions[rows], self.codes[rows], self.labels[rows]


class OrganizationFindings:
    """Per organization position: which findings it has, how serious they are, and their codes.

    Parameters
    ----------
    analysis : queries.analysis.Analysis

    Attributes
    ----------
    n : int
        Organizations (rows of ``tables.organizations``).
    uncovered, chain, any : ndarray of bool
        The organization has an uncovered finding, a broken chain, either.
    open, improvement : ndarray of bool
        未覆盖 (MEMBERS_REQUIRED or PARTY_ORG_REQUIRED: ``queries.scope``'s ``open``), and
        提升项 (uncovered codes, none of them open).
    bits : ndarray of int
        Its codes, bit ``i`` standing for ``FINDING_CODES[i]``.
    rank : ndarray of int
        Index in :data:`FINDING_PRIORITY` of its most serious code; ``len(FINDING_PRIORITY) + 1``
        without findings (a code not listed there ranks ``len(FINDING_PRIORITY)``).
    count : ndarray of int
        How many codes it has.
    """

    def __init__(self, analysis):
        network = analysis.network
        self.n = n = len(network.tables.organizations)
        self._categories = {name: _Category(network, getattr(analysis, attribute)) for name, attribute in CATEGORIES}
        categories = self._categories.values()
        self.uncovered = self._flags("uncovered")
        self.chain = self._flags("chain")
        self.any = self.uncovered | self.chain
        self.open = organization_scope(analysis.network, analysis.rules)["open"].to_numpy(dtype=bool)
        self.improvement = self.uncovered & ~self.open
        row_positions = np.concatenate([c.row_positions() for c in categories])
        all_codes = np.concatenate([c.codes for c in categories])
        factors, uniques = pd.factorize(all_codes)  # code -1 (missing) takes the last entry of each table
        ranks = _unique_ranks(uniques)[factors]
        bit = {code: 1 << i for i, code in enumerate(FINDING_CODES)}
        row_bits = np.array([bit.get(code, 0) for code in uniques] + [0], dtype=np.int64)[factors]
        found = row_positions >= 0
        self.bits = np.zeros(n, dtype=np.int64)
        np.bitwise_or.at(self.bits, row_positions[found], row_bits[found])
        self.count = np.bincount(row_positions[found], minlength=n)
        self.rank = np.full(n, len(FINDING_PRIORITY) + 1, dtype=np.int64)
        np.minimum.at(self.rank, row_positions[found], ranks[found])

    @staticmethod
    def ranks(codes):
        """Index in :data:`FINDING_PRIORITY` of every code (its length for a code not listed)."""
        factors, uniques = pd.factorize(codes)
        return _unique_ranks(uniques)[factors]  # code -1 (missing) takes the last entry

    def _flags(self, name):
        positions = self._categories[name].positions
        flags = np.zeros(self.n, dtype=bool)
        flags[positions[positions >= 0]] = True
        return flags

    def with_code(self, code):
        """Which organizations have `code` (a mask over the positions)."""
        return (self.bits & (1 << FINDING_CODES.index(code))) != 0

    def organizations_with(self, chain):
        """How many organizations have uncovered findings (or broken chains): ``org_id.nunique()``."""
        category = self._categories["chain" if chain else "uncovered"]
        stray = category.org_ids[category.positions < 0]  # none in a network the analysis ran on
        return int(self._flags("chain" if chain else "uncovered").sum()) + pd.Series(stray, dtype=object).nunique()

    def codes_of(self, drawn):
        """The codes a tooltip lists, per organization drawn (`drawn`: a mask over the positions).

        Returns
        -------
        dict
            position → ``[label, code, category]`` lists: uncovered codes before chain codes,
            each most serious first (otherwise in the analysis's order).
        """
        parts = [(name, *category.drawn_rows(drawn)) for name, category in self._categories.items()]
        positions, codes, labels = (np.concatenate([part[i] for part in parts]) for i in (1, 2, 3))
        names = np.concatenate([np.full(len(part[1]), part[0], dtype=object) for part in parts])
        which = np.repeat(np.arange(len(parts)), [len(part[1]) for part in parts])
        order = np.lexsort((self.ranks(codes), which))  # stable
        result = {}
        for position, label, code, name in zip(positions[order].tolist(), labels[order].tolist(),
                                               codes[order].tolist(), names[order].tolist()):
            result.setdefault(position, []).append([label, code, name])
        return result

    def chain_labels(self, drawn):
        """The Chinese names of the broken-chain codes, per organization in `drawn` (a mask), in code order."""
        labels = {}
        positions, _, names = self._categories["chain"].drawn_rows(drawn)
        for position, label in zip(positions.tolist(), names.tolist()):
            labels.setdefault(position, []).append(label)
        return labels


def _unique_ranks(codes):
    """Index in :data:`FINDING_PRIORITY` of each of the distinct `codes`, and a last entry for a missing one."""
    rank = {code: i for i, code in enumerate(FINDING_PRIORITY)}
    return np.array([rank.get(code, len(FINDING_PRIORITY)) for code in codes] + [len(FINDING_PRIORITY)], dtype=np.int64)
