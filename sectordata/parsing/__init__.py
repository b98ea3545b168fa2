"""Readers for sector-data files. Each yields plain rows and collects problems by row and
column, in Dutch, so the import can refuse a file whole and say what to fix."""
