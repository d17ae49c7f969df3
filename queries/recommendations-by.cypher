// Recommendations made by an organisation or a document (twin of recommendations-by.rq)
MATCH (:Entity {id: $by})-[r:RECOMMENDS]->(rec:Entity)
WHERE coalesce(rec.type, '') <> 'summary'
//scope and: holds r
OPTIONAL MATCH (rec)-[ra:ADDRESSED_TO]->(to:Entity)
//scope where: holds ra
UNWIND range(0, size(r.evidence_quotes) - 1) AS i
//scope with: said r i
WITH r, rec, to,
     CASE r.evidence_quotes[i] WHEN '' THEN null ELSE r.evidence_quotes[i] END AS quote,
     CASE WHEN r.evidence_documents[i] <> '' THEN r.evidence_documents[i]
          WHEN r.evidence_urls[i] <> '' THEN r.evidence_urls[i] END AS source
RETURN rec.name AS recommendation, rec.text AS text, to.name AS addressed_to, rec.date AS date, quote, source,
       rec.id AS recommendation_id, to.id AS addressed_to_id
ORDER BY recommendation, recommendation_id, addressed_to IS NOT NULL, addressed_to,
         addressed_to_id IS NOT NULL, addressed_to_id, quote IS NOT NULL, quote, source IS NOT NULL, source
