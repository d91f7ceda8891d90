"""Shift and daily reports: the day's bundles, requests, fines and papers counted in SQL, and the
handover of what the next shift must pick up (`counter report`). No Textual here."""
