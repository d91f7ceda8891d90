"""Pure legal rules (deadlines, fines, RRN, names, births, deaths): functions of data, never of the clock."""
