"""The questions asked of a graph: functions whose first argument is a ``Graph``.

``citations`` (``trace``, ``wanted``), ``lineage``, ``responsibility`` (``responsible``),
``search``, ``show``, ``validate``, ``stats`` and ``networkx`` (``to_networkx``); ``filters``
(``DocFilter``), ``lookup`` and ``labels`` serve them. ``import policykg`` offers each
question as ``policykg.trace(g, ...)`` and so on. This layer reads through ``Graph.run``; it
imports ``policykg.graph`` and ``policykg.loaders``, never ``policykg.export`` or the CLI
(import-linter checks it in ``make lint`` and a test).
"""
