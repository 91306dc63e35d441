-- PostgreSQL side of the benchmark: the tables one stock movement touches.
-- The tables one receipt touches, with the indexes that answer the same reads sanbao's
-- index tables answer (ledger by part and by location, entries by account).
CREATE TABLE parts (id int PRIMARY KEY, part_no text NOT NULL UNIQUE);
CREATE TABLE stock (
  part_no text NOT NULL REFERENCES parts (part_no),
  location text NOT NULL,
  qty bigint NOT NULL CHECK (qty >= 0),
  value_fen bigint NOT NULL CHECK (value_fen >= 0),
  PRIMARY KEY (part_no, location)
);
CREATE TABLE stock_ledger (
  seq bigserial PRIMARY KEY,
  part_no text NOT NULL,
  location text NOT NULL,
  qty_delta bigint NOT NULL,
  value_delta_fen bigint NOT NULL,
  qty_after bigint NOT NULL,
  value_after_fen bigint NOT NULL,
  document text NOT NULL,
  actor text NOT NULL,
  at timestamptz NOT NULL
);
CREATE INDEX ledger_by_part ON stock_ledger (part_no, seq);
CREATE INDEX ledger_by_location ON stock_ledger (location, seq);
CREATE TABLE journal (
  seq bigserial PRIMARY KEY,
  document text NOT NULL,
  memo text NOT NULL,
  actor text NOT NULL,
  at timestamptz NOT NULL
);
CREATE TABLE journal_lines (
  journal_seq bigint NOT NULL REFERENCES journal (seq),
  line_no int NOT NULL,
  account text NOT NULL,
  side char(1) NOT NULL CHECK (side IN ('D', 'C')),
  amount_fen bigint NOT NULL CHECK (amount_fen > 0),
  PRIMARY KEY (journal_seq, line_no)
);
CREATE INDEX entries_by_account ON journal_lines (account, journal_seq);
CREATE TABLE idempotency (
  token text NOT NULL,
  method text NOT NULL,
  path text NOT NULL,
  key text NOT NULL,
  request_hash bytea NOT NULL,
  status int NOT NULL,
  body text NOT NULL,
  stored_at timestamptz NOT NULL,
  PRIMARY KEY (token, method, path, key)
);
CREATE SEQUENCE receipt_no;
