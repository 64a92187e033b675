"""The watch's migrations: ``watch_NNNN_<what>.py`` modules, each with ``upgrade(conn)``."""
