"""Grant cases as documents of record: case numbers from a per-year sequence, each
document of a case numbered, dated, sent and received, stored once as PDF/A with its
SHA-256 (``services``); the journal of incoming and outgoing documents
(``selectors``); the Noark 5 v5.0 extract for the archive (``noark5``)."""
