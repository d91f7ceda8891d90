"""Filing: one transaction that writes a bundle and everything the workers will do for it.

`core` holds what both bundles share (receipt numbers, people with encrypted RRNs, queued
requests, print jobs, messages, the result shape); `birth` and `death` hold their own reports.
"""
