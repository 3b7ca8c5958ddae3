"""Exception classes of liangxin.

Every error a user can cause subclasses a built-in (``ValueError``), so callers
that do not know liangxin can still catch it; the command line turns
:class:`LiangxinInputError` and :class:`RulesError` into exit status 2 with a
one-line Chinese message and no traceback.
"""

__all__ = [
    "LiangxinError",
    "LiangxinInputError",
    "RulesError",
    "SchemaError",
    "GraphFileError",
    "OutputError",
    "Neo4jConnectionError",
    "Neo4jDataError",
]


class LiangxinError(Exception):
    """Base class of every error raised on purpose by liangxin."""


class LiangxinInputError(LiangxinError, ValueError):
    """An input file, sheet or column cannot be used (exit status 2).

    The message names the file, the sheet and the column; several problems
    found together are joined into one message, one per line.
    """

    def __init__(self, message, problems=()):
        super().__init__(message)
        self.problems = list(problems) or [message]


class RulesError(LiangxinError, ValueError):
    """A rules file has an unknown key or a bad value (exit status 2)."""


class SchemaError(LiangxinError, ValueError):
    """A graph does not follow the node/edge schema (a programming error)."""


class GraphFileError(LiangxinError, ValueError):
    """A saved graph file cannot be read back."""


class OutputError(LiangxinError, OSError):
    """An output file cannot be written: open in Excel/WPS, or read-only (exit status 2)."""


class Neo4jConnectionError(LiangxinInputError):
    """The Neo4j server cannot be reached, refuses the login, or lacks the database (exit status 2)."""


class Neo4jDataError(LiangxinInputError):
    """The server holds no data for the district, or data liangxin cannot read (exit status 2)."""
