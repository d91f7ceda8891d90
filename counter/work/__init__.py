"""Workers that claim rows after the filing commits: the queue they share."""
