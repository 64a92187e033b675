"""The web app's migrations: ``web_NNNN_<what>.py`` modules, each with ``upgrade(conn)``.

The ledger's migration runner (:mod:`tollwatch.ledger.migrate`) finds them here and
records them in ``schema_migrations`` under the series ``web``.
"""
