"""The database and what keeps records honest: engines, schema and migrations, key files, personal-data encryption, the sealed audit trail."""
