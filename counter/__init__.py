"""Counter: services, rules, settings and the command line. Never imports Textual."""

__version__ = "0.1.0"
