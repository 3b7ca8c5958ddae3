"""The commands of ``liangxin``, one module per concern; :mod:`liangxin.cli` lists them in one table.

A command module imports click and :mod:`liangxin.commands._click` only; what it runs is imported
inside the command, so ``liangxin --help`` stays fast. No command module imports :mod:`liangxin.cli`.
"""
