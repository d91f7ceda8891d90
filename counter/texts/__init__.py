"""Stored texts: codes and parameters written to the database, words when shown or printed.

    warning = WARNINGS.make("parent_age", role="mother", age=13)   # StoredText, checked once
    WARNINGS.render(warning)                                        # in the current language

The machinery lives in `counter.base.stored_text` (imported by the rules' and the catalogue's own
wording); `renderers` holds one renderer per kind of stored text. This package imports neither, so
either may be imported from anywhere without a cycle.
"""
