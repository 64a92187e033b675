"""The store's migrations: ``ledger_NNNN_<what>.py`` modules, each with ``upgrade(conn)``."""
