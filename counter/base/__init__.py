"""Foundations every layer may use: the clock, errors, translations, paths, settings, the device code, who acts."""
