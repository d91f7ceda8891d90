"""Printing as work from the queue: print jobs, the spool, what a job prints, QR signatures."""
