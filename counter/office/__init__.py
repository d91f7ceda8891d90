"""The office and its people: clerks and sessions, set-up checks, wizard drafts, the runtime that joins settings and database."""
