"""Importing sector figures, in four steps, one module each:

- `reading`: the file as a whole (type, size, encoding, hash) and its rows (CBS StatLine CSV,
  our tidy CSV, XLSX), plus `metadata` for the CBS metadata file;
- `cbs_rows` (a CBS file) and `tidy_rows` (our own table): every row and cell checked
  (numbers, periods, sectors), problems collected by row and column; `cells` holds what
  both share;
- `writing`: the checked figures written with PostgreSQL COPY, dimension values and
  indicators created, the new version made current;
- `report`: what the coordinator sees afterwards.

`sectordata.services.dataset_import` runs the steps in one transaction: a file with any
problem writes nothing.
"""
