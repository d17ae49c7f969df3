// Lineage of a body (twin of lineage.rq)
MATCH (body:Entity {id: $body})-[:SUCCEEDS*0..]-(m:Entity)
WITH DISTINCT body, m
WHERE ($on IS NULL OR ((m.exists_from IS NULL OR m.exists_from <= $on)
      AND (m.exists_until IS NULL OR left($on, size(m.exists_until)) <= m.exists_until)))
//scope and: kept m; chain m body SUCCEEDS
OPTIONAL MATCH (m)-[r:SUCCEEDS]->(p:Entity)
//scope where: holds r
UNWIND CASE WHEN r IS NULL THEN [null] ELSE range(0, size(r.evidence_quotes) - 1) END AS i
//scope with: said r i
WITH m, r, p,
     CASE WHEN i IS NULL OR r.evidence_quotes[i] = '' THEN null ELSE r.evidence_quotes[i] END AS quote,
     CASE WHEN i IS NULL THEN null
          WHEN r.evidence_documents[i] <> '' THEN r.evidence_documents[i]
          WHEN r.evidence_urls[i] <> '' THEN r.evidence_urls[i] END AS source
RETURN m.name AS holder, m.exists_from AS exists_from, m.exists_until AS exists_until, p.name AS predecessor,
       r.holds_from AS succeeded_on, quote, source, m.id AS holder_id, p.id AS predecessor_id
ORDER BY coalesce(exists_from, ''), holder_id, coalesce(predecessor_id, ''), coalesce(quote, ''),
         coalesce(source, '')
