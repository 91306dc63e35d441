-- pgbench script: post one stock movement, a one-line receipt of a random demo part at
-- WH-01 (parts.id 1 to the variable parts), in one transaction. Run with -M prepared
-- -D parts=N. pgbench reads a colon followed by a name as a variable, even inside quotes:
-- hence 'inventory:' || 'WH-01'.
\set p random(1, :parts)
\set qty 1
\set cost 32000
\set value :qty * :cost
BEGIN;
SELECT s.part_no, s.qty AS cur_qty, s.value_fen AS cur_value
  FROM stock s JOIN parts p ON p.part_no = s.part_no
  WHERE p.id = :p AND s.location = 'WH-01' FOR UPDATE OF s \gset
\set new_qty :cur_qty + :qty
\set new_value :cur_value + :value
\if :new_qty < 0
ROLLBACK;
\else
UPDATE stock SET qty = :new_qty, value_fen = :new_value WHERE part_no = :part_no AND location = 'WH-01';
INSERT INTO stock_ledger (part_no, location, qty_delta, value_delta_fen, qty_after, value_after_fen, document, actor, at)
  VALUES (:part_no, 'WH-01', :qty, :value, :new_qty, :new_value,
          'RC-' || lpad(nextval('receipt_no')::text, 6, '0'), 'demo-clerk', now())
  RETURNING document AS doc \gset
INSERT INTO journal (document, memo, actor, at) VALUES (:doc, 'goods received', 'demo-clerk', now())
  RETURNING seq AS jseq \gset
INSERT INTO journal_lines (journal_seq, line_no, account, side, amount_fen)
  VALUES (:jseq, 1, 'inventory:' || 'WH-01', 'D', :value), (:jseq, 2, 'grni', 'C', :value);
INSERT INTO idempotency (token, method, path, key, request_hash, status, body, stored_at)
  VALUES ('demo-clerk', 'POST', '/api/v1/stock/receipts', gen_random_uuid()::text,
          sha256(convert_to(:part_no::text, 'UTF8')), 201,
          json_build_object('number', :doc::text, 'location', 'WH-01', 'supplier', NULL, 'reference', NULL,
            'lines', json_build_array(json_build_object('part_no', :part_no::text, 'qty', :qty::bigint,
              'unit_cost_fen', :cost::bigint, 'value_fen', :value::bigint)),
            'total_value_fen', :value::bigint, 'actor', 'demo-clerk', 'posted_at', now())::text,
          now());
COMMIT;
\endif
