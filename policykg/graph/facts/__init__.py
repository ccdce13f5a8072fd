"""One Extraction → its node and edge rows, one module per kind of fact.

``rows.batch_for`` composes them in a fixed order (the order decides which row wins when two
write the same node, so it is part of the contract): ``documents`` (the document, its issuer
and region), ``citations``, ``agencies`` (duties and mentions, then the agency nodes with their
hierarchy and regions), ``projects``, ``figures`` and ``series``; ``regions`` adds a region with
its chain of parents. Each ``add_*(batch, doc)`` appends rows for one ``DocumentFacts``.
"""
