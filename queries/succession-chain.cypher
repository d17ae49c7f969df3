// Succession chain (twin of succession-chain.rq)
MATCH (:Entity {id: $entity})-[:SUCCEEDS|RESPONDS_TO*0..]-(e:Entity)
WITH DISTINCT e
MATCH (e)-[r:SUCCEEDS|RESPONDS_TO]->(o:Entity)
//scope where: holds r
UNWIND range(0, size(r.evidence_quotes) - 1) AS i
//scope with: said r i
WITH r, e, o,
     CASE r.evidence_quotes[i] WHEN '' THEN null ELSE r.evidence_quotes[i] END AS quote,
     CASE WHEN r.evidence_documents[i] <> '' THEN r.evidence_documents[i]
          WHEN r.evidence_urls[i] <> '' THEN r.evidence_urls[i] END AS source
RETURN e.date AS date, e.name AS later, [l IN labels(e) WHERE l <> 'Entity'][0] AS kind,
       toLower(type(r)) AS relation, o.name AS earlier, o.date AS earlier_date, quote, source,
       e.id AS later_id, o.id AS earlier_id
ORDER BY coalesce(e.start_date, '9999-12-31'), coalesce(date, ''), coalesce(o.start_date, '9999-12-31'),
         coalesce(earlier_date, ''), later, later_id, relation, earlier, earlier_id, quote IS NOT NULL, quote,
         source IS NOT NULL, source
