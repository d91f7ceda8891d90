"""Finding filed bundles: by receipt number, registration number or name prefix, with filters, paged in SQL."""
